import JifenAnalyses
import JifenPolicy

/// `/rules…`: every edition's table with each value's citation, confidence and range; the diff
/// between two editions; the indicator matrix across cities.
struct RuleExplorerPages {
    let library: RuleLibrary

    private func e(_ s: String) -> String { HTMLPage.escape(s) }
    private func link(_ id: String) -> String { "<a href=\"/rules/\(e(id))\">\(e(id))</a>" }

    var index: HTMLPage {
        var out = "<h1>规则浏览 Rule explorer</h1>\n<p>每个数值都注明出处与可信度。Every value names its source and how well it is sourced: "
        out += [Confidence.verbatim, .paraphrased, .inferred, .assumed].map(ConfidenceBadge.html).joined(separator: " ") + "</p>\n"
        out += "<div class=\"table-wrap\"><table><caption>规则版本 Editions</caption>\n<tr><th scope=\"col\">版本 Edition</th><th scope=\"col\">名称 Title</th>"
        out += "<th scope=\"col\">施行 In force</th><th scope=\"col\" class=\"num\">指标 Indicators</th><th scope=\"col\" class=\"num\">分值线 Threshold</th>"
        out += "<th scope=\"col\" class=\"num\">假设值 Assumed</th><th scope=\"col\">核实 Verification</th></tr>\n"
        for ed in library.book.editions {
            out += "<tr><th scope=\"row\">\(link(ed.id))</th><td>\(e(ed.titleZh ?? ed.title))</td>"
            out += "<td>\(ed.inForceFrom) – \(ed.inForceTo?.description ?? "")</td><td class=\"num\">\(ed.indicators.count)</td>"
            out += "<td class=\"num\">\(ed.threshold.map { JSON.format($0.value) } ?? "—")</td><td class=\"num\">\(ed.assumedParameters.count)</td>"
            out += "<td>\(e(ed.verification))</td></tr>\n"
        }
        out += "</table></div>\n"
        out += diffForm(from: nil, to: nil)
        out += "<h2>指标矩阵 Indicator matrix</h2><p><a href=\"/rules/matrix\">现行版本 Editions in force today</a> · <a href=\"/rules/matrix?all=true\">全部版本 Every edition</a></p>\n"
        return HTMLPage(title: "规则 Rule explorer", body: out)
    }

    func diffForm(from: String?, to: String?) -> String {
        func select(_ name: String, _ label: String, _ chosen: String?) -> String {
            "<div class=\"field\"><label for=\"d-\(name)\">\(label)</label><select id=\"d-\(name)\" name=\"\(name)\">"
                + library.book.editions.map { "<option\($0.id == chosen ? " selected" : "")>\(e($0.id))</option>" }.joined()
                + "</select></div>"
        }
        return "<h2>版本对比 Compare two editions</h2>\n<form class=\"profile\" method=\"get\" action=\"/rules/diff\">"
            + select("from", "从 From", from) + select("to", "到 To", to)
            + "<button type=\"submit\">对比 Show the differences</button></form>\n"
    }

    func edition(_ table: RuleTable) -> HTMLPage {
        let ed = table.edition
        var out = "<h1>\(e(ed.titleZh ?? ed.title)) <span class=\"cite\">\(e(ed.id))</span></h1>\n"
        out += "<p>\(e(ed.title)) · 施行 in force \(ed.inForceFrom) – \(ed.inForceTo?.description ?? "（现行 still in force）")"
        out += ed.extends.map { " · 继承 extends \(link($0))" } ?? ""
        out += " · 分值线 threshold \(ed.threshold.map { JSON.format($0.value) } ?? "—")</p>\n"
        out += "<p class=\"disclaimer\">核实状态 Verification: \(e(ed.verification))</p>\n"
        out += "<div class=\"table-wrap\"><table><caption>指标 Indicators</caption>\n<tr><th scope=\"col\">指标 Indicator</th><th scope=\"col\">分值 Values</th>"
        out += "<th scope=\"col\">规则 Rule</th><th scope=\"col\">出处 Source</th></tr>\n"
        for ind in ed.indicators {
            out += "<tr><th scope=\"row\">\(e(ind.nameZh ?? ind.name))<br><span class=\"cite\">\(e(ind.id)) · \(e(ind.group))</span></th>"
            out += "<td>\(e(table.values(ind)))</td><td>\(e(ind.rule))</td>"
            out += "<td><span class=\"cite\">\(e(ind.citation.source)): \(e(ind.citation.clause))</span> \(ConfidenceBadge.html(table.weakest(ind)))</td></tr>\n"
        }
        out += "</table></div>\n<p class=\"cite\">* 推断或假设的数值 inferred or assumed: no source states it; see its range below.</p>\n"
        out += "<h2>数值 Values, with range</h2><div class=\"table-wrap\"><table><caption>每个数值 Every value</caption>\n"
        out += "<tr><th scope=\"col\">路径 Path</th><th scope=\"col\" class=\"num\">值 Value</th><th scope=\"col\">可信度 Confidence</th>"
        out += "<th scope=\"col\">范围 Range</th><th scope=\"col\">出处 Source</th></tr>\n"
        for p in ed.parameters {
            out += "<tr><td>\(e(p.path))</td><td class=\"num\">\(JSON.format(p.value))</td><td>\(ConfidenceBadge.html(p.citation.confidence))</td>"
            out += "<td>\(p.range.map { "\(JSON.format($0.lowerBound))–\(JSON.format($0.upperBound))" } ?? "")</td>"
            out += "<td><span class=\"cite\">\(e(p.citation.source)): \(e(p.citation.clause))</span>\(p.note.map { "<br>\(e($0))" } ?? "")</td></tr>\n"
        }
        out += "</table></div>\n"
        for (title, rules) in [("申请条件 Eligibility", ed.eligibility.map { ($0.rule, $0.citation) }),
                               ("一票否决 Vetoes", ed.vetoes.map { ($0.rule, $0.citation) })] where !rules.isEmpty {
            out += "<h2>\(title)</h2><ul>" + rules.map { "<li>\(e($0.0)) <span class=\"cite\">\(e($0.1.source)): \(e($0.1.clause))</span> \(ConfidenceBadge.html($0.1.confidence))</li>" }.joined() + "</ul>\n"
        }
        out += "<h2>来源 Sources</h2><ul>"
        for s in ed.sources {
            let issued = [s.issuer, s.number, s.published].compactMap { $0 }.joined(separator: ", ")
            out += "<li><strong>\(e(s.id))</strong>: \(e(s.document))\(issued.isEmpty ? "" : " (\(e(issued)))")"
            if let url = s.url, url.hasPrefix("https://") || url.hasPrefix("http://") { out += " — <a href=\"\(e(url))\" rel=\"noreferrer noopener\">\(e(url))</a>" }
            out += "</li>"
        }
        out += "</ul>\n"
        return HTMLPage(title: ed.id, body: out)
    }

    func diff(_ d: EditionDiff) -> HTMLPage {
        var out = "<h1>版本对比 \(e(d.from.id)) → \(e(d.to.id))</h1>\n"
        if d.acrossCities { out += "<p>两个城市：按指标 id 匹配。Two cities: indicators are matched by id.</p>\n" }
        out += "<div class=\"table-wrap\"><table><caption>\(d.entries.count) 处不同 differences</caption>\n"
        out += "<tr><th scope=\"col\">变化 Change</th><th scope=\"col\">项目 Item</th><th scope=\"col\">\(e(d.from.id))</th><th scope=\"col\">\(e(d.to.id))</th></tr>\n"
        func side(_ s: EditionDiff.Side?) -> String {
            guard let s else { return "—" }
            var out = e(s.text)
            if let c = s.citation {
                out += "<br><span class=\"cite\">\(e(c.source)): \(e(c.clause))</span> \(ConfidenceBadge.html(c.confidence))"
            }
            if let r = s.range { out += " <span class=\"cite\">range \(JSON.format(r.lowerBound))–\(JSON.format(r.upperBound))</span>" }
            return out
        }
        for entry in d.entries {
            out += "<tr><td>\(e(entry.change.rawValue))</td><td>\(e(entry.section.rawValue)) <code>\(e(entry.key))</code></td>"
            out += "<td>\(side(entry.before))</td><td>\(side(entry.after))</td></tr>\n"
        }
        out += "</table></div>\n" + diffForm(from: d.from.id, to: d.to.id)
        return HTMLPage(title: "\(d.from.id) → \(d.to.id)", body: out)
    }

    func matrix(_ m: IndicatorMatrix) -> HTMLPage {
        var out = "<h1>指标矩阵 Indicator matrix</h1>\n<p>每格：该指标最多可得分数与最弱的可信度。Each cell: the most points the indicator can give, and the weakest confidence of its values.</p>\n"
        out += "<div class=\"table-wrap\"><table><caption>指标 × 版本 Indicators by edition</caption>\n<tr><th scope=\"col\">指标 Indicator</th>"
        out += m.editions.map { "<th scope=\"col\" class=\"num\">\(link($0.id))</th>" }.joined() + "</tr>\n"
        for row in m.rows {
            out += "<tr><th scope=\"row\">\(e(row.nameZh ?? row.name))<br><span class=\"cite\">\(e(row.indicator))</span></th>"
            for cell in row.cells {
                guard let cell else { out += "<td class=\"num\">—</td>"; continue }
                out += "<td class=\"num\">\(cell.most.map(JSON.format) ?? "不封顶 open") \(ConfidenceBadge.html(cell.confidence))</td>"
            }
            out += "</tr>\n"
        }
        return HTMLPage(title: "指标矩阵 Indicator matrix", body: out + "</table></div>\n")
    }
}
