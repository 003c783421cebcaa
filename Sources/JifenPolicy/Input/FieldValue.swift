/// One value being read from applicant data — a YAML/JSON node or a CSV cell — with the typed
/// readers every loader shares, so that both say the same thing about the same bad value.
public protocol FieldValue {
    /// The text of a single value and whether it was quoted; nil for a mapping, a list or nothing.
    var scalar: (text: String, quoted: Bool)? { get }
    /// What the value is when it is not a single value, for messages ("a mapping", "a list", …).
    var kindName: String { get }
    /// An error at this value.
    func error(_ message: String) -> InputError
    /// The value as a number in `DecimalNumber`'s grammar; a reader with the raw bytes at hand
    /// parses them without making a string.
    func number() throws -> Double
}

extension FieldValue {
    public func number() throws -> Double {
        guard let (text, quoted) = scalar, !quoted, let d = DecimalNumber.parse(text) else {
            throw error("expected a number, found \(describeValue)")
        }
        return d
    }

    /// A whole number, strictly written (no `1.0e1` tricks beyond what the number grammar allows).
    public func wholeNumber() throws -> Int {
        let d = try number()
        guard d == d.rounded(), abs(d) < 1e15 else { throw error("expected a whole number, found \(describeValue)") }
        return Int(d)
    }

    public func string() throws -> String {
        guard let (text, _) = scalar else { throw error("expected a text value, found \(kindName)") }
        return text
    }

    /// A lowercase ASCII identifier (place, district, level ids).
    public func identifier() throws -> String {
        let s = try string()
        // ASCII a–z, 0–9, _, / and -, checked on the bytes (Unicode properties are slow).
        guard !s.isEmpty, s.utf8.allSatisfy({ b in
            (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) || b == 0x5f || b == 0x2f || b == 0x2d
        }) else {
            throw error("expected a lowercase ASCII id, found \(excerpt(s))")
        }
        return s
    }

    public func bool() throws -> Bool {
        guard let (s, quoted) = scalar, !quoted else { throw error("expected true or false, found \(describeValue)") }
        switch s {
        case "true", "True", "TRUE", "yes", "Yes": return true
        case "false", "False", "FALSE", "no", "No": return false
        default: throw error("expected true or false, found \(excerpt(s))")
        }
    }

    /// A calendar date written `YYYY-MM-DD`.
    public func date() throws -> Day {
        let s = try string()
        guard let d = Day(s) else { throw error("expected a date YYYY-MM-DD, found \(excerpt(s))") }
        return d
    }

    /// The value for a message: its text, quoted and shortened, or its kind.
    public var describeValue: String {
        if let (text, _) = scalar { return excerpt(text) }
        return kindName
    }
}
