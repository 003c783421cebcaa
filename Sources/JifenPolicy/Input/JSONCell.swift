/// The JSON of one CSV cell (`awards`, `conduct`) read into a `Tree`, so that it is checked by
/// the same decoder as a profile file. A small reader of its own: cells are many and short, and
/// a YAML parser per cell costs more than everything else in a row.
///
/// Values keep their place for messages: the CSV line, and paths such as `awards[1].kind`.
public struct JSONCell {
    let bytes: UnsafeRawBufferPointer
    let file: String
    let line: Int
    let column: String
    var i = 0

    /// Deepest nesting read; profile cells need two levels.
    static let maxDepth = 16

    /// Parses `bytes` (the cell's text) as one JSON value.
    public static func parse(_ bytes: UnsafeRawBufferPointer, file: String, line: Int, column: String) throws -> Tree {
        var reader = JSONCell(bytes: bytes, file: file, line: line, column: column)
        reader.skipSpace()
        let value = try reader.value(path: column, depth: 0)
        reader.skipSpace()
        guard reader.i == bytes.count else { throw reader.malformed("text after the JSON value") }
        return value
    }

    /// Parses a cell given as text.
    public static func parse(_ text: String, file: String, line: Int, column: String) throws -> Tree {
        var text = text
        return try text.withUTF8 { try parse(UnsafeRawBufferPointer($0), file: file, line: line, column: column) }
    }

    func malformed(_ what: String) -> InputError {
        InputError(file: file, line: line, key: column, "malformed JSON: \(what) at character \(i + 1) of the cell")
    }

    mutating func skipSpace() {
        while i < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[i]) { i += 1 }
    }

    func node(_ value: Tree.Value, _ path: String) -> Tree { Tree(value: value, file: file, line: line, path: path) }

    mutating func value(path: String, depth: Int) throws -> Tree {
        guard depth < Self.maxDepth else { throw malformed("nesting deeper than \(Self.maxDepth) levels") }
        guard i < bytes.count else { throw malformed("a value is missing") }
        switch bytes[i] {
        case UInt8(ascii: "["):
            i += 1
            var items: [Tree] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return node(.list([]), path) }
            while true {
                skipSpace()
                items.append(try value(path: "\(path)[\(items.count)]", depth: depth + 1))
                skipSpace()
                if try punctuation("]", or: ",") { return node(.list(items), path) }
            }
        case UInt8(ascii: "{"):
            i += 1
            var pairs: [(key: String, value: Tree)] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return node(.map([]), path) }
            while true {
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw malformed("expected a quoted key") }
                let key = try string()
                let keyPath = Tree.join(path, key)
                if pairs.contains(where: { $0.key == key }) {
                    throw InputError(file: file, line: line, key: keyPath, "duplicate key")
                }
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw malformed("expected ':' after a key") }
                i += 1
                skipSpace()
                pairs.append((key, try value(path: keyPath, depth: depth + 1)))
                skipSpace()
                if try punctuation("}", or: ",") { return node(.map(pairs), path) }
            }
        case UInt8(ascii: "\""):
            return node(.scalar(try string(), quoted: true), path)
        default:
            // A bare word or number; its type is checked where it is used, like any scalar.
            let start = i
            while i < bytes.count, !",]} \t\r\n".utf8.contains(bytes[i]) { i += 1 }
            let word = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            if word == "null" { return node(.null, path) }
            guard word == "true" || word == "false" || DecimalNumber.parse(word) != nil else {
                i = start
                throw malformed("expected a value, found \(excerpt(word))")
            }
            return node(.scalar(word, quoted: false), path)
        }
    }

    /// True after `close`, false after `separator`; anything else is malformed.
    mutating func punctuation(_ close: Unicode.Scalar, or separator: Unicode.Scalar) throws -> Bool {
        guard i < bytes.count else { throw malformed("'\(close)' is missing") }
        let c = bytes[i]
        i += 1
        if c == UInt8(ascii: close) { return true }
        if c == UInt8(ascii: separator) { return false }
        i -= 1
        throw malformed("expected '\(separator)' or '\(close)'")
    }

    /// A quoted string, escapes decoded; `i` is at the opening quote.
    mutating func string() throws -> String {
        i += 1
        var scalars = String.UnicodeScalarView()
        var start = i
        func flush() { scalars.append(contentsOf: String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self).unicodeScalars) }
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                flush()
                i += 1
                return String(scalars)
            }
            guard c >= 0x20 else { throw malformed("a control character inside a string") }
            if c != UInt8(ascii: "\\") { i += 1; continue }
            flush()
            i += 1
            guard i < bytes.count else { break }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{8}")
            case UInt8(ascii: "f"): scalars.append("\u{c}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                    i += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw malformed("an unpaired surrogate escape") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else { throw malformed("an unpaired surrogate escape") }
                scalars.append(scalar)
            default:
                i -= 1
                throw malformed("an unknown escape")
            }
            start = i
        }
        throw malformed("a string is never closed")
    }

    mutating func hex4() throws -> UInt32 {
        guard i + 4 <= bytes.count else { throw malformed("a \\u escape needs four hex digits") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i] | 0x20
            let d: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
            default: throw malformed("a \\u escape needs four hex digits")
            }
            v = v << 4 | UInt32(d)
            i += 1
        }
        return v
    }
}
