/// How directly a rule value is supported by its source.
///
/// `inferred` and `assumed` values are not law: they carry a plausible range and are shown as
/// assumptions in every explanation.
public enum Confidence: String, Sendable, Codable, CaseIterable, Comparable {
    case verbatim, paraphrased, inferred, assumed

    /// True for values that no source states and that therefore need a range.
    public var isAssumption: Bool { self == .inferred || self == .assumed }

    public static func < (a: Confidence, b: Confidence) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
