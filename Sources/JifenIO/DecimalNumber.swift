import Foundation

/// Numbers in applicant data, written as JSON writes them: an optional minus, whole digits
/// without a leading zero, an optional fraction and exponent. Hex (`0x10`), digit separators
/// (`1_6`), leading zeros (`01`), `+5`, `.5`, `inf` and embedded NUL bytes are refused rather
/// than read as something the applicant did not write.
public enum DecimalNumber {
    /// The value of `bytes`, or nil when they are not a number in the grammar above (or not finite).
    @inlinable
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Double? {
        let n = bytes.count
        var i = 0
        let negative = n > 0 && bytes[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        // Whole digits: "0" alone or a non-zero digit first.
        let wholeStart = i
        var whole: UInt64 = 0
        while i < n, bytes[i] &- 48 < 10 {
            whole = whole &* 10 &+ UInt64(bytes[i] &- 48)
            i += 1
        }
        let wholeDigits = i - wholeStart
        guard wholeDigits > 0, !(wholeDigits > 1 && bytes[wholeStart] == UInt8(ascii: "0")) else { return nil }
        // The common case, a short whole number, is exact in a Double.
        if i == n, wholeDigits <= 15 { return negative ? -Double(whole) : Double(whole) }
        var mantissa = whole, fractionDigits = 0
        if i < n, bytes[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < n, bytes[i] &- 48 < 10 {
                mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48)
                i += 1
            }
            fractionDigits = i - start
            guard fractionDigits > 0 else { return nil }
            // At most 15 digits in all: the digits and the power of ten are exact in a Double,
            // so one division rounds correctly, as strtod does (Clinger's fast path).
            if i == n, wholeDigits + fractionDigits <= 15 {
                let value = Double(mantissa) / powersOfTen[fractionDigits]
                return negative ? -value : value
            }
        }
        if i < n, bytes[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < n, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            let start = i
            while i < n, bytes[i] &- 48 < 10 { i += 1 }
            guard i > start else { return nil }
        }
        guard i == n else { return nil }
        // Checked against the grammar, the text reads the same in strtod as in Double(String):
        // the correctly rounded value.
        guard let value = Double(String(decoding: bytes, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }

    /// 10⁰ … 10¹⁵, each exact in a Double.
    @usableFromInline
    static let powersOfTen: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]

    /// The value of `text`, or nil (see `parse(_:)` for the grammar).
    public static func parse(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }
}
