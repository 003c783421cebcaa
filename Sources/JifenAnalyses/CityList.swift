import Foundation

/// Cities named in one comma-separated option, as `compare --cities` and `plan --cities` take
/// them: `"tianjin, hangzhou"` names `tianjin` and `hangzhou`.
///
/// Spaces around each name are dropped and so are empty items, so the list reads the same
/// however it was typed; whether each id is a known city is for the analysis to say.
public struct CityList: Hashable, Sendable {
    /// The city ids in the order given.
    public var ids: [String]

    /// The cities named in `text`; nil when it names none.
    public init?(parsing text: String) {
        ids = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if ids.isEmpty { return nil }
    }
}
