/// An edition's id, `<city>/<edition>` (`tianjin/2018`), as the rules folder lays it out:
/// `<city>/<edition>.yaml`.
public struct EditionID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let city: String
    /// The edition within the city: a year or a name such as `common`.
    public let name: String

    public init(city: String, name: String) {
        self.city = city
        self.name = name
    }

    /// The id in `text`, or nil unless it is `<city>/<edition>` with both parts non-empty.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        self.init(city: String(parts[0]), name: String(parts[1]))
    }

    public var description: String { "\(city)/\(name)" }

    public static func < (a: EditionID, b: EditionID) -> Bool { a.description < b.description }
}

extension Edition {
    /// Its id, typed (editions derived by a reform or a setting carry a suffix and have none).
    public var editionID: EditionID? { EditionID(id) }
}
