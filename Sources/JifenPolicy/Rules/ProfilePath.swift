/// A value's dotted path from a profile's root: `age`, `education.level`,
/// `places.tianjin.insured_months`. What a compiled feature reads and what a rule's `here.` or
/// `region.` input resolves to for one place.
public struct ProfilePath: Sendable, Hashable, CustomStringConvertible {
    public let description: String

    public init(_ text: String) { description = text }

    /// `places.<place>.<field>`.
    public static func place(_ place: String, _ field: String) -> ProfilePath { ProfilePath("places.\(place).\(field)") }

    /// The field under `places.<place>.`, or nil when the path is not inside a place.
    public var placeField: String? {
        guard description.hasPrefix("places.") else { return nil }
        let parts = description.split(separator: ".", maxSplits: 2)
        return parts.count == 3 ? String(parts[2]) : nil
    }

    /// The path as a rule book names the input: a place's field as `here.<field>`.
    public var inputName: String { placeField.map { "here.\($0)" } ?? description }
}

extension InputPath {
    /// The profile path it reads for an edition of `place` (a region input reads one per place).
    public func profilePath(place: String) -> ProfilePath {
        switch self {
        case .profile(let p): return ProfilePath(p)
        case .here(let p), .region(let p): return .place(place, p)
        case .expression(let e): return ProfilePath(e.description)
        }
    }
}
