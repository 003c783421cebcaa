import JifenAnalyses
import JifenPolicy

extension RuleTable {
    var text: String {
        let e = edition
        var out = "\(e.id)  \(e.title)\(e.titleZh.map { "  \($0)" } ?? "")\n"
        out += "In force 施行: \(e.inForceFrom) – \(e.inForceTo?.description ?? "(still in force)")"
        out += e.extends.map { "   extends \($0)" } ?? ""
        out += "\nThreshold 分值线: \(e.threshold.map { fmt($0.value) } ?? "none, admission by ranking only")   Place: \(e.place)   Region: \(e.region.joined(separator: ", "))\n"
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
        if let c = e.atCutoff.citation {
            out += "At the cutoff 分数线上: \(e.atCutoff.admit == .allTied ? "everyone tied is admitted" : "ties broken by the keys above")"
                + "\(e.atCutoff.rule.map { " (\($0))" } ?? "")  [\(c.source): \(c.clause); \(c.confidence.rawValue)]\n"
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
}
