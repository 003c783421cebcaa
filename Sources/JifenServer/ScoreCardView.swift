import JifenPolicy

/// One city's score card as HTML: every line with its rule, citation and confidence, assumed
/// values flagged with their range, and the eligibility conditions in plain words.
struct ScoreCardView {
    let card: ScoreCard

    private func e(_ s: String) -> String { HTMLPage.escape(s) }

    var html: String {
        var out = "<section class=\"card\" id=\"city-\(e(card.city))\" aria-labelledby=\"h-\(e(card.city))\">\n"
        out += "<h3 id=\"h-\(e(card.city))\">\(e(card.city)) <span class=\"cite\">\(e(card.editionTitle)) (\(e(card.edition)))</span></h3>\n"
        out += "<p><span class=\"total\">\(JSON.format(card.total))</span> 分 points"
        out += card.threshold.map { " · 分值线 threshold \(JSON.format($0))" } ?? " · 无分值线 no fixed threshold"
        out += "</p>\n<p>\(ApplicantPage.verdict(card))</p>\n"
        if !card.eligible && !card.ineligibleReasons.isEmpty {
            out += "<p>尚需满足 Still needed:</p><ul>" + card.ineligibleReasons.map { "<li>\(e($0))</li>" }.joined() + "</ul>\n"
        }
        let counted = card.lines.filter { $0.points != 0 }, zero = card.lines.filter { $0.points == 0 }
        out += table(counted, caption: "得分明细 Points line by line")
        if !zero.isEmpty {
            out += "<details><summary>未得分的指标 Indicators that gave nothing (\(zero.count))</summary>\n"
            out += table(zero, caption: "未得分 Zero lines") + "</details>\n"
        }
        if !card.missing.isEmpty {
            out += "<p class=\"cite\">未填写、按零计 Not given, counted as none: \(e(card.missing.joined(separator: ", ")))</p>\n"
        }
        out += "<p class=\"cite\">核实状态 Verification: \(e(card.verification))</p>\n"
        return out + "</section>\n"
    }

    private func table(_ lines: [ScoreLine], caption: String) -> String {
        var out = "<div class=\"table-wrap\"><table><caption>\(e(caption))</caption>\n"
        out += "<tr><th scope=\"col\">指标 Indicator</th><th scope=\"col\" class=\"num\">分 Points</th><th scope=\"col\">依据 Why and source</th></tr>\n"
        for line in lines {
            out += "<tr><td>\(e(line.nameZh ?? line.name))<br><span class=\"cite\" lang=\"en\">\(e(line.name))</span></td>"
            out += "<td class=\"num\">\(JSON.format(line.points))</td><td>\(e(line.detail))"
            if let note = line.note { out += "<br><em>\(e(note))</em>" }
            out += "<br><span class=\"cite\">\(e(line.citation.source)): \(e(line.citation.clause))</span> \(ConfidenceBadge.html(line.confidence))"
            for a in line.assumptions {
                let range = a.range.map { "，范围 range \(JSON.format($0.lowerBound))–\(JSON.format($0.upperBound))" } ?? ""
                out += "<br><span class=\"flag\">⚠ \(e(a.confidence.rawValue)) value \(e(a.path)) = \(JSON.format(a.value))\(range)</span>"
                if let note = a.note { out += " <span class=\"cite\">\(e(note))</span>" }
            }
            out += "</td></tr>\n"
        }
        return out + "</table></div>\n"
    }
}

/// A confidence label readers can tell apart without colour.
enum ConfidenceBadge {
    static func html(_ c: Confidence) -> String {
        let zh: String
        switch c {
        case .verbatim: zh = "原文"
        case .paraphrased: zh = "转述"
        case .inferred: zh = "推断"
        case .assumed: zh = "假设"
        }
        return "<span class=\"conf conf-\(c.rawValue)\">\(zh) \(c.rawValue)</span>"
    }
}
