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
    /// An indicator's line: its indicator, name, category, group and rule as the edition's
    /// compiled text (the scorer sets it and leaves those fields as the indicator has them).
    var text: LineText?
    /// The `citation` member as written once per edition, when the line cites one of its
    /// indicator's citations (the scorer sets it with `citation` and `document`).
    var citationText: JSONMembers?

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

    /// How many `assumptions` there are, counted without copying the lines.
    public var assumptionCount: Int {
        lines.withUnsafeBufferPointer { lines in
            var n = 0
            for i in lines.indices where lines[i].points != 0 { n += lines[i].assumptions.count }
            return n
        }
    }
}

extension ScoreCard: JSONDocument {
    /// The score-card object of the command-line contract (`cli.md`), written straight to bytes.
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.field("edition", edition)
        w.field("city", city)
        w.field("as_of", asOf.description)
        w.field("total", total)
        w.field("eligible", eligible)
        w.field("ineligible_reasons", ineligibleReasons)
        w.field("vetoed", vetoed)
        w.field("veto_reasons", vetoReasons)
        w.field("threshold", threshold)
        w.field("gap", gap)
        w.key("categories")
        w.beginArray()
        for c in categories {
            w.beginObject()
            w.field("id", c.id)
            w.field("name", c.name)
            w.field("name_zh", c.nameZh)
            w.field("points", c.points)
            w.endObject()
        }
        w.endArray()
        w.key("lines")
        w.beginArray()
        // Through the buffer: taking a line from the array copied (retained) each of its fields.
        lines.withUnsafeBufferPointer { lines in
            for i in lines.indices { lines[i].write(to: &w) }
        }
        w.endArray()
        w.field("missing", missing)
        w.key("tie_break")
        w.beginObject()
        w.field("keys", tieBreakKeys)
        w.key("values")
        w.beginArray()
        for v in tieBreakValues { w.number(v) }
        w.endArray()
        w.endObject()
        w.field("assumptions_used", Double(assumptionCount))
        w.field("reform", reform)
        w.field("verification", verification)
        w.field("disclaimer", ScoreCard.disclaimer)
        w.endObject()
    }
}

extension AssumedValue {
    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.field("path", path)
        w.field("value", value)
        w.key("range")
        if let range {
            w.beginArray()
            w.number(range.lowerBound)
            w.number(range.upperBound)
            w.endArray()
        } else {
            w.null()
        }
        w.field("confidence", confidence.rawValue)
        w.field("note", note)
        w.endObject()
    }
}

extension ScoreLine {
    /// The `citation` member of a line citing `citation`.
    static func writeCitation(_ citation: Citation, document: String?, to w: inout JSONWriter) {
        w.key("citation")
        w.beginObject()
        w.field("source", citation.source)
        w.field("document", document)
        w.field("clause", citation.clause)
        w.field("confidence", citation.confidence.rawValue)
        w.endObject()
    }

    func write(to w: inout JSONWriter) {
        w.beginObject()
        if let text {
            w.members(text.head)
        } else {
            w.field("indicator", indicator)
            w.field("name", name)
            w.field("name_zh", nameZh)
            w.field("category", category)
            w.field("group", group)
        }
        w.field("points", points)
        w.field("raw_points", rawPoints)
        w.key("inputs")
        w.beginObject()
        for (path, value) in inputs {
            w.key(text: path)
            w.value(value)
        }
        w.endObject()
        if let text { w.members(text.rule) } else { w.field("rule", rule) }
        w.field("detail", detail)
        if let citationText { w.members(citationText) } else { Self.writeCitation(citation, document: document, to: &w) }
        w.key("assumptions")
        w.beginArray()
        for a in assumptions { a.write(to: &w) }
        w.endArray()
        w.field("note", note)
        w.endObject()
    }
}
