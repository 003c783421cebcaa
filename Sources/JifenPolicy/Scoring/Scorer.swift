/// Scores one profile under one edition and explains every point.
///
/// The numbers come from the same compiled edition the batch scorer runs (a one-row table), and
/// each indicator's explanation is its compiled step's trace: the same arithmetic, with the cited
/// values it used.
///
/// A class: a compiled edition is a few dozen arrays, and a server hands its scorers to every
/// request, which as a struct copied (retained) each of them per request.
public final class Scorer: Sendable {
    public let compiled: CompiledEdition
    public var edition: Edition { compiled.edition }
    /// Each group's top-level group (its category), found once rather than per line.
    let categories: [String: String]
    /// Each source's document title by source id, found once rather than per line.
    let documents: [String: String]
    /// Each eligibility gate's rule said as unmet (`unmet`), written once.
    let unmetGates: [String]
    /// Each indicator's constant text on a score card, as JSON.
    let lineTexts: [LineText]

    public init(_ edition: Edition) {
        compiled = CompiledEdition(edition)
        categories = Dictionary(edition.groups.map { g in
            var id = g.id
            while let p = edition.group(id)?.parent { id = p }
            return (g.id, id)
        }, uniquingKeysWith: { first, _ in first })
        documents = Dictionary(edition.sources.map { ($0.id, $0.document) }, uniquingKeysWith: { first, _ in first })
        unmetGates = edition.eligibility.map { Self.unmet($0.rule) }
        lineTexts = edition.indicators.map { [categories, documents] in
            LineText($0, category: categories[$0.group] ?? $0.group, documents: documents)
        }
    }

    /// The score card of `profile` on `asOf`.
    public func score(_ profile: Profile, asOf: Day, reform: String? = nil) throws -> ScoreCard {
        if let b = profile.birthDate, b > asOf {
            throw InputError(file: "profile", key: "birth_date", "birth date \(b) is after the evaluation date \(asOf)")
        }
        let (table, missing) = compiled.table(for: profile, asOf: asOf)
        var cols = ScoreColumns(compiled: compiled, count: 1)
        compiled.score(table, into: &cols)
        let e = edition
        try Self.requireFinite(cols, row: 0, edition: e)

        let lost = lostMembers(cols)
        var lines: [ScoreLine] = []
        let indicators = e.indicators
        lines.reserveCapacity(indicators.count)
        for k in indicators.indices {
            let counted = !lost.indicators.contains(k)
            let points = cols.indicator[k][0]
            let step = compiled.indicators[k]
            let trace = step.step.trace({ table.columns[$0][0] },
                                        TraceContext(shown: shownValue, conditionsHold: step.when.isEmpty || compiled.holds(step.when, table)))
            let raw = trace.points
            // The indicator's fields one by one: copying the whole indicator per line showed in the profile.
            lines.append(ScoreLine(
                indicator: indicators[k].id, name: indicators[k].name, nameZh: indicators[k].nameZh,
                category: category(of: indicators[k].group), group: indicators[k].group, points: counted ? points : 0,
                rawPoints: raw, inputs: inputs(of: k, table), rule: indicators[k].rule, detail: trace.detail,
                citation: indicators[k].citation, document: nil, assumptions: [], note: nil, text: lineTexts[k]))
            // Completed in place: a line built apart was copied (retained field by field) into the list.
            let last = lines.count - 1
            var usedParams = trace.used
            let cap = indicators[k].cap
            if let cap, abs(raw) > cap.value, points != 0 {
                usedParams.append(cap)
                lines[last].detail += ", capped at \(JSON.format(raw < 0 ? -cap.value : cap.value))"
            }
            let exact = cap.map { raw < 0 ? max(raw, -$0.value) : min(raw, $0.value) } ?? raw
            if compiled.indicators[k].rounded, let rounding = e.rounding, counted, points != 0, abs(points - exact) > 1e-9 {
                lines[last].detail += "; \(rounding.rule): \(JSON.format(exact)) → \(JSON.format(points))"
                usedParams.append(rounding.places)
            }
            if !compiled.indicators[k].when.isEmpty && points == 0 && raw != 0 {
                lines[last].note = "condition not met: \(conditionText(indicators[k]))"
            }
            if !counted {
                let gname = e.group(indicators[k].group).map(\.name) ?? indicators[k].group
                lines[last].note = "not counted: only the highest of \(lost.groupOf[k].map { e.groups[$0].name } ?? gname) counts"
            }
            finish(&lines[last], used: usedParams)
        }
        for cg in compiled.groups where cg.rounded && !lost.groups.contains(cg.index) {
            guard let rounding = e.rounding else { break }
            let values = cg.members.map { m -> Double in
                switch m {
                case .indicator(let i): return cols.indicator[i][0]
                case .group(let c): return cols.group[c][0]
                }
            }
            let exact = cg.combineMax ? (values.max() ?? 0) : values.reduce(0, +)
            let rounded = cols.groupRaw[cg.index][0]
            guard abs(rounded - exact) > 1e-9 else { continue }
            let g = e.groups[cg.index]
            var line = ScoreLine(
                indicator: "round:\(g.id)", name: "\(g.name): rounding", nameZh: g.nameZh.map { "\($0)取值" },
                category: category(of: g.id), group: g.id, points: rounded - exact, rawPoints: exact, inputs: [],
                rule: rounding.rule, detail: "\(JSON.format(exact)) → \(JSON.format(rounded))", citation: rounding.citation,
                document: nil, assumptions: [], note: nil)
            finish(&line, used: [rounding.places])
            lines.append(line)
        }
        for g in e.groups.indices where !lost.groups.contains(g) {
            let raw = cols.groupRaw[g][0], capped = cols.group[g][0]
            guard capped < raw, let cap = e.groups[g].cap else { continue }
            var line = ScoreLine(
                indicator: "cap:\(e.groups[g].id)", name: "\(e.groups[g].name): cap", nameZh: e.groups[g].nameZh.map { "\($0)封顶" },
                category: category(of: e.groups[g].id), group: e.groups[g].id, points: capped - raw, rawPoints: raw,
                inputs: [], rule: "\(e.groups[g].name) counts at most \(JSON.format(cap.value))",
                detail: "\(JSON.format(raw)) capped at \(JSON.format(cap.value))", citation: cap.citation, document: nil,
                assumptions: [], note: nil)
            finish(&line, used: [cap])
            lines.append(line)
        }
        let rawTotal = compiled.topGroups.reduce(0) { $0 + cols.group[$1][0] }
        if let floor = e.floor, cols.total[0] > rawTotal {
            var line = ScoreLine(
                indicator: "floor", name: "Floor at \(JSON.format(floor.value))", nameZh: "最低分", category: "floor",
                group: "floor", points: cols.total[0] - rawTotal, rawPoints: rawTotal, inputs: [],
                rule: "the total is never below \(JSON.format(floor.value))",
                detail: "\(JSON.format(rawTotal)) raised to \(JSON.format(floor.value))", citation: floor.citation,
                document: nil, assumptions: [], note: nil)
            finish(&line, used: [floor])
            lines.append(line)
        }

        var reasons: [String] = []
        for g in e.eligibility.indices where !compiled.holds(compiled.gates[g], table) {
            reasons.append(unmetGates[g])
        }
        if let t = e.threshold, cols.total[0] < t.value {
            reasons.append("total \(JSON.format(cols.total[0])) is below the threshold \(JSON.format(t.value))")
        }
        var vetoReasons: [String] = []
        for (v, veto) in e.vetoes.enumerated() where compiled.vetoFeatures[v].contains(where: { table.columns[$0][0] > 0 }) {
            vetoReasons.append(veto.rule)
        }
        if !vetoReasons.isEmpty { reasons.append("vetoed: " + vetoReasons.joined(separator: "; ")) }

        let topGroups = compiled.topGroups.map { (id: e.groups[$0].id, name: e.groups[$0].name, nameZh: e.groups[$0].nameZh, points: cols.group[$0][0]) }
        return ScoreCard(
            edition: e.id, city: e.city, editionTitle: e.titleZh.map { "\(e.title) · \($0)" } ?? e.title, asOf: asOf,
            total: cols.total[0], eligible: cols.isEligible(0), ineligibleReasons: reasons, vetoed: !vetoReasons.isEmpty,
            vetoReasons: vetoReasons, threshold: e.threshold?.value, lines: lines, categories: topGroups,
            missing: missing,
            tieBreakKeys: e.tieBreak.map { $0.key.description },
            tieBreakValues: compiled.tieBreak.map { tieValue($0, cols, table, 0) },
            verification: e.verification, reform: reform)
    }

    /// A score that overflowed (rule values and inputs far beyond any real table) is an error
    /// naming the indicator, never a printed `inf`, `nan` or `null`.
    public static func requireFinite(_ cols: ScoreColumns, row j: Int, edition e: Edition, applicant: String = "this applicant") throws {
        if let k = e.indicators.indices.first(where: { !cols.indicator[$0][j].isFinite }) {
            throw InputError(file: e.file, key: "indicators.\(e.indicators[k].id)",
                             "gives a non-finite number of points for \(applicant): a rule value or an input is out of range")
        }
        guard cols.total[j].isFinite else {
            throw InputError(file: e.file, "gives a non-finite total for \(applicant): a rule value or an input is out of range")
        }
    }

    /// A condition the profile does not meet, said as unmet ("Not met: holds a valid … permit"):
    /// gates are written as the requirement, which read alone looks like a statement of fact.
    public static func unmet(_ rule: String) -> String {
        guard let first = rule.first else { return "Not met" }
        let lowered = first.isUppercase && !rule.dropFirst().prefix(while: { $0 != " " }).contains(where: \.isUppercase)
            ? first.lowercased() + rule.dropFirst() : rule
        return "Not met: " + lowered
    }

    /// The value of one tie-break key for row `j` (descending keys as they are, ascending negated
    /// by the ranker).
    public func tieValue(_ key: CompiledEdition.CompiledTieKey, _ cols: ScoreColumns, _ table: FeatureTable, _ j: Int) -> Double {
        tieColumn(key, cols, table)[j]
    }

    /// The column that holds tie-break key `key`'s values.
    public func tieColumn(_ key: CompiledEdition.CompiledTieKey, _ cols: ScoreColumns, _ table: FeatureTable) -> [Double] {
        switch key {
        case .total: cols.total
        case .feature(let f, _): table.columns[f]
        case .indicator(let i, _): cols.indicator[i]
        case .group(let g, _): cols.group[g]
        }
    }

    // MARK: Explanation

    func finish(_ line: inout ScoreLine, used: [Parameter]) {
        // A line is only as sure as the least certain value it used (the first of the least
        // certain, as `max(by:)` finds it); found by index, without copying each value.
        if !used.isEmpty {
            var weakest = 0
            for i in used.indices.dropFirst() where used[weakest].citation.confidence < used[i].citation.confidence { weakest = i }
            line.citation = used[weakest].citation
        }
        if used.contains(where: { $0.citation.confidence.isAssumption }) {
            line.assumptions = used.filter { $0.citation.confidence.isAssumption }.map {
                AssumedValue(path: $0.path, value: $0.value, range: $0.range, confidence: $0.citation.confidence, note: $0.note)
            }
        }
        if let cited = line.text?.cited(line.citation) {
            line.document = cited.document
            line.citationText = cited.member
        } else {
            line.document = documents[line.citation.source]
        }
        line.values = used
    }

    func category(of group: String) -> String {
        categories[group] ?? group
    }

    func conditionText(_ ind: Indicator) -> String {
        ind.when.map(describe).joined(separator: " and ")
    }

    func describe(_ p: Predicate) -> String {
        switch p {
        case .any(let items): return "(" + items.map(describe).joined(separator: " or ") + ")"
        case .compare(let path, let op, let operand):
            let rhs: String
            switch operand {
            case .number(let n): rhs = JSON.format(n.value)
            case .text(let s): rhs = s
            case .bool(let b): rhs = b ? "true" : "false"
            case .texts(let l): rhs = "[" + l.joined(separator: ", ") + "]"
            }
            return "\(path) \(op.rawValue) \(rhs)"
        }
    }

    /// Indicators and groups that lose in a "highest of" group (and everything under them).
    func lostMembers(_ cols: ScoreColumns) -> (indicators: Set<Int>, groups: Set<Int>, groupOf: [Int: Int]) {
        var lostInd = Set<Int>(), lostGroups = Set<Int>(), groupOf: [Int: Int] = [:]
        func loseGroup(_ g: Int, _ because: Int) {
            lostGroups.insert(g)
            for m in compiled.groups.first(where: { $0.index == g })!.members {
                switch m {
                case .indicator(let i): lostInd.insert(i); groupOf[i] = because
                case .group(let c): loseGroup(c, because)
                }
            }
        }
        for g in compiled.groups where g.combineMax {
            func value(_ m: CompiledEdition.Member) -> Double {
                switch m {
                case .indicator(let i): return cols.indicator[i][0]
                case .group(let c): return cols.group[c][0]
                }
            }
            guard let winner = g.members.indices.max(by: { (value(g.members[$0]), -$0) < (value(g.members[$1]), -$1) }) else { continue }
            for (i, m) in g.members.enumerated() where i != winner {
                switch m {
                case .indicator(let k): lostInd.insert(k); groupOf[k] = g.index
                case .group(let c): loseGroup(c, g.index)
                }
            }
        }
        return (lostInd, lostGroups, groupOf)
    }

    func inputs(of k: Int, _ table: FeatureTable) -> [(String, JSON)] {
        compiled.indicators[k].reads.map { f in (compiled.featureNames[f], display(f, table.columns[f][0])) }
    }

    /// A feature value as the profile would write it.
    func display(_ f: Int, _ v: Double) -> JSON {
        guard case .value = compiled.features[f] else { return .number(v) }
        guard v.isFinite else { return .null }
        guard let type = compiled.featureTypes[f] else { return .number(v) }
        switch type {
        case .level(let names): return Int(v) >= 0 && Int(v) < names.count ? .string(names[Int(v)]) : .number(v)
        case .district: return Int(v) >= 1 && Int(v) <= edition.districts.count ? .string(edition.districts[Int(v) - 1]) : .null
        case .bool: return .bool(v != 0)
        case .text: return .string(compiled.vocabulary.first { $0.value == v }?.key ?? "other")
        default: return .number(v)
        }
    }

    /// A feature value for an explanation: as the profile writes it, or "none" when missing.
    func shownValue(_ f: Int, _ v: Double) -> String {
        switch display(f, v) {
        case .null: return "none"
        case .bool(let b): return b ? "true" : "false"
        case .number(let d): return JSON.format(d)
        // Ids and level names need no JSON escape, so their text is their written form.
        case .string(let s) where !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }):
            return s
        case let value: return value.serialized(pretty: false).trimmingCharacters(in: ["\""])
        }
    }
}
