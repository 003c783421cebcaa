import Foundation

/// A JSON value with ordered keys, written deterministically: the same value always gives the
/// same bytes, which reproducible runs and notebook checks rely on.
public indirect enum JSON: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSON)...) { self = .object(elements) }

    public static func == (a: JSON, b: JSON) -> Bool { a.serialized() == b.serialized() }

    /// `nil` becomes `null`.
    public static func optional(_ v: Double?) -> JSON { v.map { .number($0) } ?? .null }
    public static func optional(_ v: String?) -> JSON { v.map { .string($0) } ?? .null }

    /// Text form; `pretty` indents by two spaces.
    public func serialized(pretty: Bool = true) -> String {
        var out = ByteWriter(capacity: 1 << 12)
        write(to: &out, pretty: pretty)
        return out.withBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// The bytes of `serialized(pretty:)`, appended to `out` (a large document is written
    /// byte by byte into one buffer, with no string built per value).
    public func write(to out: inout ByteWriter, pretty: Bool = true) {
        write(&out, depth: pretty ? 0 : nil)
    }

    /// Writes the value as if nested `depth` levels deep (nil: compact).
    func write(_ out: inout ByteWriter, depth: Int?) {
        switch self {
        case .null: out.ascii("null")
        case .bool(let b): if b { out.ascii("true") } else { out.ascii("false") }
        case .number(let d): out.number(d)
        case .string(let s): out.jsonString(s)
        case .array(let items):
            if items.isEmpty { out.ascii("[]"); return }
            let inner = depth.map { $0 + 1 }
            out.byte(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.byte(UInt8(ascii: ",")) }
                if let inner { out.lineBreak(indent: 2 * inner) }
                item.write(&out, depth: inner)
            }
            if let depth { out.lineBreak(indent: 2 * depth) }
            out.byte(UInt8(ascii: "]"))
        case .object(let pairs):
            if pairs.isEmpty { out.ascii("{}"); return }
            let inner = depth.map { $0 + 1 }
            out.byte(UInt8(ascii: "{"))
            for (i, (k, v)) in pairs.enumerated() {
                if i > 0 { out.byte(UInt8(ascii: ",")) }
                if let inner { out.lineBreak(indent: 2 * inner) }
                out.jsonString(k)
                if depth == nil { out.byte(UInt8(ascii: ":")) } else { out.ascii(": ") }
                v.write(&out, depth: inner)
            }
            if let depth { out.lineBreak(indent: 2 * depth) }
            out.byte(UInt8(ascii: "}"))
        }
    }

    /// Numbers are rounded to 6 decimals so that float noise (0.1 + 0.2) never reaches output.
    public static func format(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        // Past 1e15 there are no decimals left to round (and d × 1e6 could overflow to infinity).
        let r = abs(d) < 1e15 ? (d * 1e6).rounded() / 1e6 : d
        if r == r.rounded(), abs(r) < 1e15 { return String(Int64(r)) }
        // The shortest text that reads back as r, when it is plain decimal notation.
        if abs(r) >= 1e-4, abs(r) < 1e15 { return r.description }
        var s = String(format: "%.6f", r)
        while s.hasSuffix("0") { s.removeLast() }
        // A whole number beyond 1e15 would otherwise end in a bare "." (not JSON).
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// `s` as a JSON string literal, quotes included.
    public static func quoted(_ s: String) -> String {
        var out = ByteWriter(capacity: s.utf8.count + 2)
        out.jsonString(s)
        return out.withBytes { String(decoding: $0, as: UTF8.self) }
    }
}
