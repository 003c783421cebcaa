/// Where a cited number lives in an edition, e.g. `indicators.age.bands[0].points`,
/// `groups.insurance.cap` or `threshold`: how reforms, settings and sensitivity designs address a
/// rule value (`Parameter.path` is its text).
public struct ParameterPath: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// One step of the path: a key, with a list index where the key holds a list.
    public struct Step: Sendable, Hashable {
        public var key: String
        public var index: Int?
    }

    public let description: String

    public init(_ text: String) { description = text }

    public init(stringLiteral text: String) { self.init(text) }

    /// The steps of the path: `indicators.age.bands[0].points` is indicators, age, bands[0], points.
    public var steps: [Step] {
        description.split(separator: ".").map { part in
            if let open = part.firstIndex(of: "["), part.hasSuffix("]"),
               let i = Int(part[part.index(after: open)..<part.index(before: part.endIndex)]) {
                return Step(key: String(part[..<open]), index: i)
            }
            return Step(key: String(part), index: nil)
        }
    }

    public static func < (a: ParameterPath, b: ParameterPath) -> Bool { a.description < b.description }
}

extension Parameter {
    /// Where it lives in its edition, typed.
    public var location: ParameterPath { ParameterPath(path) }
}
