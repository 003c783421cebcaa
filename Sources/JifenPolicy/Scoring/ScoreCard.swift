/// A rule value that no source states, used in a score: shown so nobody mistakes it for law.
public struct AssumedValue: Sendable, Equatable {
    public var path: String
    public var value: Double
    public var range: ClosedRange<Double>?
    public var confidence: Confidence
    public var note: String?
}

/// One indicator's contribution, with everything needed to check it by hand.
public struct ScoreLine: Sendable {
    /// Indicator id, or `cap:<group>` / `round:<group>` / `floor` for adjustments.
    public var indicator: String
    public var name: String
    public var nameZh: String?
    /// Top-level group (the card's category).
    public var category: String
    public var group: String
    /// Points that count toward the total.
    public var points: Double
    /// Points before caps and "higher of" rules.
    public var rawPoints: Double
    /// Input values used, by profile path, as text.
    public var inputs: [(String, JSON)]
    public var rule: String
    /// How the points came about, e.g. `40 months × 0.25/month = 10`.
    public var detail: String
    public var citation: Citation
    /// The cited source's document title.
    public var document: String?
    public var assumptions: [AssumedValue]
    public var note: String?
    /// The cited values the points came from, as the computation used them (the citation above
    /// is the least certain of them).
    public var values: [Parameter] = []

    /// The weakest confidence among the values used.
    public var confidence: Confidence { citation.confidence }
}

/// The scored profile under one edition: total, eligibility, and a line per indicator.
public struct ScoreCard: Sendable {
    public static let disclaimer = "Simulation, not an official result. 模拟结果，非官方结论。"

    public var edition: String
    public var city: String
    public var editionTitle: String
    public var asOf: Day
    public var total: Double
    public var eligible: Bool
    public var ineligibleReasons: [String]
    public var vetoed: Bool
    public var vetoReasons: [String]
    public var threshold: Double?
    public var lines: [ScoreLine]
    public var categories: [(id: String, name: String, nameZh: String?, points: Double)]
    public var missing: [String]
    public var tieBreakKeys: [String]
    public var tieBreakValues: [Double]
    public var verification: String
    public var reform: String?

    /// How far below the threshold the total is (0 when at or above it).
    public var gap: Double { max(0, (threshold ?? 0) - total) }

    /// Every assumed or inferred value that contributed points: a line that scored nothing
    /// rests on no assumption, whatever values it looked at.
    public var assumptions: [AssumedValue] { lines.filter { $0.points != 0 }.flatMap(\.assumptions) }

    /// The score-card object of the command-line contract (`cli.md`).
    public var json: JSON {
        .object([
            ("edition", .string(edition)),
            ("city", .string(city)),
            ("as_of", .string(asOf.description)),
            ("total", .number(total)),
            ("eligible", .bool(eligible)),
            ("ineligible_reasons", .array(ineligibleReasons.map { .string($0) })),
            ("vetoed", .bool(vetoed)),
            ("veto_reasons", .array(vetoReasons.map { .string($0) })),
            ("threshold", .optional(threshold)),
            ("gap", .number(gap)),
            ("categories", .array(categories.map { .object([("id", .string($0.id)), ("name", .string($0.name)),
                                                             ("name_zh", .optional($0.nameZh)), ("points", .number($0.points))]) })),
            ("lines", .array(lines.map(\.json))),
            ("missing", .array(missing.map { .string($0) })),
            ("tie_break", .object([("keys", .array(tieBreakKeys.map { .string($0) })),
                                   ("values", .array(tieBreakValues.map { .number($0) }))])),
            ("assumptions_used", .number(Double(assumptions.count))),
            ("reform", .optional(reform)),
            ("verification", .string(verification)),
            ("disclaimer", .string(ScoreCard.disclaimer)),
        ])
    }
}

extension AssumedValue {
    var json: JSON {
        .object([("path", .string(path)), ("value", .number(value)),
                 ("range", range.map { .array([.number($0.lowerBound), .number($0.upperBound)]) } ?? .null),
                 ("confidence", .string(confidence.rawValue)), ("note", .optional(note))])
    }
}

extension ScoreLine {
    var json: JSON {
        .object([
            ("indicator", .string(indicator)), ("name", .string(name)), ("name_zh", .optional(nameZh)),
            ("category", .string(category)), ("group", .string(group)),
            ("points", .number(points)), ("raw_points", .number(rawPoints)),
            ("inputs", .object(inputs)), ("rule", .string(rule)), ("detail", .string(detail)),
            ("citation", .object([("source", .string(citation.source)), ("document", .optional(document)),
                                  ("clause", .string(citation.clause)), ("confidence", .string(citation.confidence.rawValue))])),
            ("assumptions", .array(assumptions.map(\.json))),
            ("note", .optional(note)),
        ])
    }
}
