/// Who is admitted among the applicants tied at the last admitted score: an edition's rule,
/// because cities differ (Beijing admits every applicant on the line, so a year's admitted count
/// can exceed its quota).
public struct CutoffRule: Sendable {
    public enum Admit: String, Sendable, CaseIterable {
        /// Fill the quota exactly: the tie-break keys, then input order, decide among the tied.
        case byTieBreak = "by_tie_break"
        /// Everyone tied at the cutoff score is admitted, even past the quota.
        case allTied = "all_tied"
    }

    public var admit: Admit
    /// The rule in words, shown in rule tables.
    public var rule: String?
    public var citation: Citation?

    public init(admit: Admit, rule: String? = nil, citation: Citation? = nil) {
        self.admit = admit
        self.rule = rule
        self.citation = citation
    }

    /// The default when an edition says nothing: ties are broken by the keys, the quota is exact.
    public static let byTieBreak = CutoffRule(admit: .byTieBreak)
}
