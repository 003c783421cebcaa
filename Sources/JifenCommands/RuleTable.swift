import JifenPolicy

/// An edition laid out for reading: indicators with their values, citations and confidences.
struct RuleTable {
    let edition: Edition
    init(_ edition: Edition) { self.edition = edition }

    func values(_ ind: Indicator) -> String {
        let f = JSON.format
        func p(_ x: Parameter) -> String { f(x.value) + (x.citation.confidence.isAssumption ? "*" : "") }
        switch ind.kind {
        case .table(_, let points, let atLeast):
            return points.map { "\($0.level)\(atLeast ? "+" : "") \(p($0.points))" }.joined(separator: ", ")
        case .bands(_, let bands):
            return bands.map { b in
                let lo = b.min.map(p) ?? "", hi = b.max.map(p) ?? ""
                let slope = b.slope.map { " \(p($0) )/unit from \(b.pivot.map(p) ?? "")" } ?? ""
                return "\(lo)–\(hi): \(p(b.points))\(slope)"
            }.joined(separator: "; ")
        case .rate(_, let tiers, let per, let whole, let table):
            let unit = (per.map { "/\(p($0))" } ?? "") + (whole ? " (full units)" : "")
            if let table { return table.values.map { "\($0.level) \(p($0.rate))" }.joined(separator: ", ") + unit }
            return tiers.map { "\(p($0.rate))\(unit)\($0.from.map { " above \(p($0))" } ?? "")" }.joined(separator: "; ")
        case .steps(_, let start, let base, let step, let perStep):
            return "from \(p(start)): \(p(base)) + \(p(perStep)) per \(p(step))"
        case .flag(let points): return p(points)
        case .awards(let rules, let window, let combineMax):
            let parts = rules.map { r in
                let w = [r.filter.kind?.rawValue, r.filter.level?.rawValue, r.filter.grade?.rawValue,
                         r.filter.rankMax.map { "top \($0)" }, r.filter.contestClass.map { "class \($0)" }].compactMap { $0 }
                return "\(w.joined(separator: " ")) \(p(r.points))\(r.cap.map { " (cap \(p($0)))" } ?? "")"
            }
            return parts.joined(separator: "; ") + (window.map { "; within \(p($0)) years" } ?? "") + (combineMax ? "; best only" : "")
        case .deductions(let points, let window, _, _, let once):
            return points.map { "\($0.kind.rawValue) −\(p($0.points))" }.joined(separator: ", ")
                + (window.map { "; within \(p($0)) years" } ?? "") + (once ? "; one act once" : "")
        }
    }

    var text: String {
        let e = edition
        var out = "\(e.id)  \(e.title)\(e.titleZh.map { "  \($0)" } ?? "")\n"
        out += "In force 施行: \(e.inForceFrom) – \(e.inForceTo?.description ?? "(still in force)")"
        out += e.extends.map { "   extends \($0)" } ?? ""
        out += "\nThreshold 分值线: \(fmt(e.threshold?.value))   Place: \(e.place)   Region: \(e.region.joined(separator: ", "))\n"
        out += "Verification 核实状态: \(e.verification)\n\n"
        var groups = TextTable(["group 分组", "name 名称", "parent", "combine", "cap 上限"], rightAligned: [4])
        for g in e.groups {
            groups.add([g.id, [g.name, g.nameZh].compactMap { $0 }.joined(separator: " "), g.parent ?? "", g.combineMax ? "highest" : "sum",
                        g.cap.map { fmt($0.value) + ($0.citation.confidence.isAssumption ? "*" : "") } ?? ""])
        }
        out += groups.render() + "\n"
        var t = TextTable(["indicator 指标", "group", "kind", "values 分值", "cap", "confidence", "source: clause 出处"])
        for ind in e.indicators {
            t.add([[ind.id, ind.nameZh].compactMap { $0 }.joined(separator: " "), ind.group, ind.kind.name, values(ind),
                   ind.cap.map { fmt($0.value) } ?? "", weakest(ind).rawValue, "\(ind.citation.source): \(ind.citation.clause)"])
        }
        out += t.render()
        out += "* inferred or assumed: no source states this value; see its range and note with --format json.\n\n"
        if !e.eligibility.isEmpty {
            out += "Eligibility 申请条件:\n" + e.eligibility.map { "  - \($0.rule)  [\($0.citation.source): \($0.citation.clause); \($0.citation.confidence.rawValue)]" }.joined(separator: "\n") + "\n"
        }
        if !e.vetoes.isEmpty {
            out += "Vetoes 一票否决:\n" + e.vetoes.map { "  - \($0.rule)  [\($0.citation.source): \($0.citation.clause); \($0.citation.confidence.rawValue)]" }.joined(separator: "\n") + "\n"
        }
        if !e.tieBreak.isEmpty {
            out += "Tie-break 同分排序: " + e.tieBreak.map { "\($0.key) \($0.descending ? "desc" : "asc")" }.joined(separator: " → ") + "\n"
        }
        if let r = e.rounding {
            out += "Rounding 取值: \(r.rule)  [\(r.citation.source): \(r.citation.clause); \(r.citation.confidence.rawValue)]\n"
        }
        out += "\nSources 来源 (bibliography entries this edition cites):\n"
        for s in e.sources {
            out += "  \(s.id): \(s.citationText)\n"
        }
        return out
    }

    func weakest(_ ind: Indicator) -> Confidence {
        (ind.kind.parameters.map(\.citation.confidence) + [ind.citation.confidence]).max()!
    }

    var json: JSON {
        let e = edition
        func param(_ p: Parameter) -> JSON {
            .object([("path", .string(p.path)), ("value", .number(p.value)), ("source", .string(p.citation.source)),
                     ("clause", .string(p.citation.clause)), ("confidence", .string(p.citation.confidence.rawValue)),
                     ("range", p.range.map { .array([.number($0.lowerBound), .number($0.upperBound)]) } ?? .null),
                     ("note", .optional(p.note))])
        }
        return .object([
            ("id", .string(e.id)), ("city", .string(e.city)), ("title", .string(e.title)), ("title_zh", .optional(e.titleZh)),
            ("from", .string(e.inForceFrom.description)), ("to", .optional(e.inForceTo?.description)),
            ("extends", .optional(e.extends)), ("verification", .string(e.verification)), ("content_hash", .string(e.contentHash)),
            ("indicators", .array(e.indicators.map { ind in
                .object([("id", .string(ind.id)), ("name", .string(ind.name)), ("name_zh", .optional(ind.nameZh)),
                         ("group", .string(ind.group)), ("kind", .string(ind.kind.name)), ("rule", .string(ind.rule)),
                         ("values", .string(values(ind))), ("source", .string(ind.citation.source)),
                         ("clause", .string(ind.citation.clause)), ("confidence", .string(ind.citation.confidence.rawValue))])
            })),
            ("parameters", .array(e.parameters.map(param))),
            ("rounding", e.rounding.map { r in
                .object([("places", .number(r.places.value)), ("mode", .string(r.mode.rawValue)),
                         ("whole_groups", .array(r.wholeGroups.map { .string($0) })), ("rule", .string(r.rule)),
                         ("source", .string(r.citation.source)), ("clause", .string(r.citation.clause)),
                         ("confidence", .string(r.citation.confidence.rawValue))])
            } ?? .null),
            ("sources", .array(e.sources.map(\.json))),
        ])
    }
}
