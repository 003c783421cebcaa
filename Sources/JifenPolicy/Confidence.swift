/// How directly a rule value is supported by its source.
///
/// `inferred` and `assumed` values are not law: they carry a plausible range and are shown as
/// assumptions in every explanation.
public enum Confidence: String, Sendable, Codable, CaseIterable, Comparable {
    case verbatim, paraphrased, inferred, assumed

    /// True for values that no source states and that therefore need a range.
    public var isAssumption: Bool { self == .inferred || self == .assumed }

    public static func < (a: Confidence, b: Confidence) -> Bool { a.rank < b.rank }

    /// The position in `allCases` (declaration order), said directly: every score line compares
    /// its values' confidences, and `allCases` builds its list on every use.
    private var rank: Int {
        switch self {
        case .verbatim: 0
        case .paraphrased: 1
        case .inferred: 2
        case .assumed: 3
        }
    }
}
