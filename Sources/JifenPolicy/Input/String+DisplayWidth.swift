extension String {
    /// Terminal columns the text occupies: East Asian wide and fullwidth characters (CJK,
    /// Hangul, fullwidth forms) take two, combining marks and zero-width spaces none.
    public var displayWidth: Int {
        unicodeScalars.reduce(0) { width, scalar in
            let value = scalar.value
            if value == 0x200B || (0x0300...0x036F).contains(value) { return width }
            let wide = (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value) || (0xAC00...0xD7A3).contains(value)
                || (0xF900...0xFAFF).contains(value) || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
                || (0xFFE0...0xFFE6).contains(value) || (0x20000...0x3FFFD).contains(value)
            return width + (wide ? 2 : 1)
        }
    }

    /// The text followed by spaces up to `width` columns; wider text is returned as it is.
    public func padded(toDisplayWidth width: Int) -> String {
        self + String(repeating: " ", count: Swift.max(0, width - displayWidth))
    }
}
