import JifenAnalyses
import JifenCharts
import JifenPolicy

/// `/`: the form, and below it (once submitted) the comparison, one card per city and the plan.
struct ApplicantPage {
    let form: ApplicantForm
    let values: [String: String]

    private func e(_ s: String) -> String { HTMLPage.escape(s) }

    /// The form; under results it is headed as "your answers" so the page keeps one `h1`.
    func formHTML(underResults: Bool = false) -> String {
        var out = underResults ? "<h2 id=\"form\">修改信息 Change your answers</h2>\n" : "<h1 id=\"form\">积分测算 Residence-permit points check</h1>\n"
        out += """
        <p class="disclaimer">\(e(ScoreCard.disclaimer)) 结果依据公开政策文件整理的规则，仅供参考。 \
        Results follow rule books compiled from published policy documents; each line cites its clause.</p>
        <form class="profile" method="get" action="/">

        """
        for section in form.sections {
            out += "<fieldset><legend>\(e(section.zh)) \(e(section.en))</legend>\n"
            for f in section.fields { out += field(f) }
            out += "</fieldset>\n"
        }
        out += "<button type=\"submit\">测算 Check my points</button>\n</form>\n"
        out += """
        <details><summary>导入档案文件 Import a profile file (YAML or JSON)</summary>
        <form class="profile" method="post" action="/import">
        <div class="field"><label for="f-import">档案内容 Profile file contents</label>\
        <textarea id="f-import" name="profile" rows="10" cols="60" aria-describedby="f-import-help"></textarea>\
        <p class="help" id="f-import-help">粘贴 jifen 档案文件（如“下载档案”所得）。Paste a jifen profile file, e.g. one downloaded from this page.</p></div>
        <button type="submit">导入 Import</button>
        </form></details>

        """
        return out
    }

    private func field(_ f: ApplicantForm.Field) -> String {
        let id = "f-\(f.name)", value = values[f.name] ?? ""
        let help = f.help.isEmpty ? "" : "<p class=\"help\" id=\"\(id)-help\">\(e(f.help))</p>"
        let described = f.help.isEmpty ? "" : " aria-describedby=\"\(id)-help\""
        let label = "<label for=\"\(id)\">\(e(f.zh)) <span lang=\"en\">\(e(f.en))</span></label>"
        let control: String
        switch f.kind {
        case .date:
            control = "<input type=\"date\" id=\"\(id)\" name=\"\(f.name)\" value=\"\(e(value))\"\(described)>"
        case .number:
            control = "<input type=\"number\" min=\"0\" step=\"any\" inputmode=\"decimal\" id=\"\(id)\" name=\"\(f.name)\" value=\"\(e(value))\"\(described)>"
        case .text:
            control = "<input type=\"text\" id=\"\(id)\" name=\"\(f.name)\" value=\"\(e(value))\" autocomplete=\"off\"\(described)>"
        case .check:
            control = "<input type=\"checkbox\" id=\"\(id)\" name=\"\(f.name)\"\(value == "on" ? " checked" : "")\(described)>"
        case .choice(let options):
            control = "<select id=\"\(id)\" name=\"\(f.name)\"\(described)>"
                + options.map { "<option value=\"\(e($0.value))\"\($0.value == value ? " selected" : "")>\(e($0.label))</option>" }.joined()
                + "</select>"
        }
        return "<div class=\"field\">\(label)\(control)\(help)</div>\n"
    }

    /// The answer for a submitted form.
    static func results(compare: CompareResult, plan: PlanResult, exportQuery: String) -> String {
        let c = compare.comparison
        func e(_ s: String) -> String { HTMLPage.escape(s) }
        var out = "<h1 id=\"results\">积分测算结果 Your results <span class=\"cite\">(评估日 evaluated on \(c.asOf))</span></h1>\n"
        out += "<div class=\"disclaimer\"><p><strong>\(e(ScoreCard.disclaimer))</strong> 规则版本与核实状态 Editions used and how far they are verified:</p><ul>"
        out += c.cards.map { "<li>\(e($0.edition)): \(e($0.verification))</li>" }.joined() + "</ul></div>\n"
        out += "<div class=\"table-wrap\"><table><caption>各城市对比 Cities side by side</caption>\n"
        out += "<tr><th scope=\"col\">城市 City</th><th scope=\"col\" class=\"num\">总分 Total</th><th scope=\"col\" class=\"num\">分值线 Threshold</th>"
        out += "<th scope=\"col\">能否申请 Can you apply?</th><th scope=\"col\">录取机会 Chance of admission</th>"
        out += "<th scope=\"col\" class=\"num\">假设值 Assumed values</th></tr>\n"
        for card in c.cards {
            out += "<tr><th scope=\"row\"><a href=\"#city-\(e(card.city))\">\(e(card.city))</a></th><td class=\"num\">\(JSON.format(card.total))</td>"
            out += "<td class=\"num\">\(card.threshold.map(JSON.format) ?? "—")</td><td>\(verdict(card))</td><td>\(chance(c.chances[card.city]))</td>"
            out += "<td class=\"num\">\(card.assumptions.isEmpty ? "0" : "<span class=\"flag\">⚠ \(card.assumptions.count)</span>")</td></tr>\n"
        }
        out += "</table></div>\n"
        out += "<p class=\"cite\">录取机会：按该市最近一次公布的录取人数，在模拟申请人池中达到截止分的比例；模拟结果，非官方结论。"
        out += "Chance of admission: the share of simulated applicant pools whose cutoff your total reaches, at the city's latest published quota; "
        out += "a simulation on an assumed pool model, not an official result. — where the city does not rank against a quota or you are not yet eligible.</p>\n"
        out += chart(c)
        out += "<p>最适合 Best fit: <strong>\(e(c.best ?? "none"))</strong> — \(e(c.reason))</p>\n"
        out += "<p><a href=\"/profile.yaml?\(e(exportQuery))\" download=\"profile.yaml\">下载档案 Download this profile (YAML)</a> · "
        out += "此页网址可收藏分享 This page's address is bookmarkable and shareable.</p>\n"
        out += "<div class=\"cards\">\n"
        for card in c.cards { out += ScoreCardView(card: card).html }
        out += "</div>\n"
        out += PlanView(plan: plan).html
        return out
    }

    /// "约 70 % about 70 %" with how it was estimated, or a dash.
    static func chance(_ chance: Comparison.Chance?) -> String {
        guard let chance else { return "—" }
        let percent = Int((chance.probability * 100).rounded())
        return "<strong>约 \(percent) %</strong> <span class=\"cite\">\(HTMLPage.escape(chance.text))</span>"
    }

    /// The compare chart inline (the CLI's `compare --plot`): points by category per city, each
    /// city's threshold marked, ineligible cities faded with the reason, points resting on assumed
    /// values outlined. The SVG carries its own title and description for screen readers.
    static func chart(_ comparison: Comparison) -> String {
        let svg = StackedBarChart(comparison: comparison, subtitle: "评估日 evaluated on \(comparison.asOf)").svg()
        let inline = svg.hasPrefix("<?xml") ? String(svg[svg.index(after: svg.firstIndex(of: "\n")!)...]) : svg
        return "<figure class=\"chart\">\(inline)<figcaption>各城积分对比（虚线框：依据假设值的分数）Points by city and category; "
            + "dashed outlines mark points that rest on assumed rule values, faded bars are cities where you cannot apply yet.</figcaption></figure>\n"
    }

    static func verdict(_ card: ScoreCard) -> String {
        if card.vetoed { return "<span class=\"no\">否决 Vetoed</span>: " + HTMLPage.escape(card.vetoReasons.joined(separator: "; ")) }
        if card.eligible { return "<span class=\"ok\">符合条件 Yes, eligible to apply</span>" }
        return "<span class=\"no\">暂不符合 Not yet</span>: " + HTMLPage.escape(Comparison.holdsBack(card))
    }
}
