import JifenAnalyses
import JifenPolicy

/// "When would I qualify, and what is worth doing?" as HTML, with the projection's assumptions.
struct PlanView {
    let plan: PlanResult

    var html: String {
        func e(_ s: String) -> String { HTMLPage.escape(s) }
        var out = "<h2 id=\"plan\">何时符合条件 When would you qualify? <span class=\"cite\">(未来 \(plan.years) 年 looking \(plan.years) years ahead)</span></h2>\n"
        out += "<div class=\"table-wrap\"><table><caption>达标时间 When the score reaches the threshold</caption>\n"
        out += "<tr><th scope=\"col\">城市 City</th><th scope=\"col\">达标 Reached</th><th scope=\"col\">届时版本 Edition then</th><th scope=\"col\">届时符合 Eligible then</th></tr>\n"
        for p in plan.plans {
            let when: String
            if let r = p.reached {
                when = r.months == 0 ? "现在 now" : "\(r.date)（\(r.months / 12) 年 \(r.months % 12) 月后 in \(r.months / 12)y \(r.months % 12)m）"
            } else {
                when = p.now.vetoed ? "否决 vetoed" : "\(plan.years) 年内不会 not within \(plan.years) years"
            }
            let then = p.reached.map { $0.card.eligible ? "<span class=\"ok\">是 yes</span>" : "<span class=\"no\">否 no</span>: " + e($0.card.ineligibleReasons.joined(separator: "; ")) } ?? "—"
            out += "<tr><th scope=\"row\">\(e(p.city))</th><td>\(e(when))</td><td>\(e(p.reached?.card.edition ?? "—"))</td><td>\(then)</td></tr>\n"
        }
        out += "</table></div>\n<h3>最值得做的三件事 The three actions worth most (one year on)</h3>\n"
        for p in plan.plans {
            out += "<p><strong>\(e(p.city))</strong></p><ul>"
            out += p.actions.isEmpty ? "<li>（无）none found</li>"
                : p.actions.map { "<li>+\(JSON.format($0.gain)) \(e($0.descriptionZh)) <span lang=\"en\">\(e($0.description))</span></li>" }.joined()
            out += "</ul>\n"
        }
        out += "<details><summary>规划假设 What the plan assumes</summary><ul>"
            + Projection.assumptions.map { "<li>\(e($0))</li>" }.joined() + "</ul></details>\n"
        out += "<p class=\"cite\">达到分值线只意味着可以申请；名额有限的城市（天津）还需高于当期的分数线。Meeting a threshold makes an application possible; where places are rationed (Tianjin), admission needs a score above that round's cutoff.</p>\n"
        return out
    }
}
