import ArgumentParser
import Foundation
import JifenAnalyses
import JifenPolicy

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "When each city's threshold would be reached, and which actions add the most points.",
        discussion: """
        Each city is a separate scenario, projected from --as-of: the person stays in a city they already
        live in, or moves to it on that date; the output says which.
        Example: jifen plan --profile datasets/profiles/young-graduate-renting.yaml --years 8
        """)
    @OptionGroup var rules: RulesOptions
    @OptionGroup var date: DateOption
    @Option(help: "Profile file (YAML or JSON).") var profile: String
    @Option(help: "Years to look ahead.") var years: Int = 10
    @Option(help: "Comma-separated city ids (default: every city with an edition in force).") var cities: CityList?
    @Option(help: "text, json or csv (one row per city)") var format: OutputFormat = .text
    @OptionGroup var reform: ReformOption

    func validate() throws {
        guard PlanRequest.yearRange.contains(years) else { throw ValidationError("--years must be between 0 and 40 (found \(years))") }
    }

    func run() throws {
        let library = try rules.library()
        let person = try loadProfile(profile, knownTo: library.book)
        let asOf = date.day()
        let result = try library.plan(PlanRequest(profile: person, years: years, cities: cities?.ids, asOf: asOf, reform: try reform.load()))
        for warning in result.warnings { Warnings.once(warning) }
        let plans = result.plans
        if format == .json {
            try emit(result.json.serialized() + "\n")
            return
        }
        if format == .csv {
            var out = CSV.row(["city", "scenario", "start", "edition_now", "total_now", "threshold", "eligible_now", "reached", "months",
                               "edition_then", "total_then", "eligible_then", "still_needed", "actions"])
            for p in plans {
                out += CSV.row([p.city, p.scenario, asOf.description, p.now.edition, fmt(p.now.total), fmt(p.now.threshold), "\(p.now.eligible)",
                                p.reached?.date.description ?? "", p.reached.map { "\($0.months)" } ?? "", p.reached?.card.edition ?? "",
                                p.reached.map { fmt($0.card.total) } ?? "", p.reached.map { "\($0.card.eligible)" } ?? "",
                                (p.reached?.card.ineligibleReasons ?? []).joined(separator: "; "),
                                p.actions.map { "+\(fmt($0.gain)) \($0.description)" }.joined(separator: "; ")])
            }
            return try emit(out)
        }
        let width = CardText.defaultWidth
        var out = "When would this profile qualify? 何时符合条件？  (from \(asOf), looking \(years) years ahead)\n\(ScoreCard.disclaimer)\n\n"
        out += CardText.paragraph("Each city is a separate scenario 各城市为独立情景: the person follows one of them, not all at once.", width)
        for p in plans { out += CardText.paragraph("  - \(p.city): \(p.scenario)", width, indent: 4) }
        out += "Assumptions in every scenario 假设:\n" + Projection.assumptions.map { CardText.paragraph("  - \($0)", width, indent: 4) }.joined() + "\n"
        var t = TextTable(["city\n城市", "now\n现在", "threshold\n分值线", "reaches it\n达标", "in\n还需", "eligible then\n届时符合"],
                          rightAligned: [1, 2])
        for p in plans {
            let when = p.now.vetoed && p.reached == nil ? "vetoed" : p.reached.map { $0.months == 0 ? "now" : $0.date.description } ?? "not within \(years) years"
            t.add([p.city, fmt(p.now.total), p.now.threshold.map(fmt) ?? "ranking", when,
                   p.reached.map { $0.months == 0 ? "—" : "\($0.months / 12)y \($0.months % 12)m" } ?? "—",
                   p.reached.map { ($0.card.eligible ? "yes" : "no") + " (\($0.card.edition))" } ?? "—"])
        }
        out += t.render()
        for p in plans {
            if let r = p.reached, !r.card.eligible {
                out += "\n" + CardText.paragraph("\(p.city): the score is enough on \(r.date), but these conditions still need meeting 仍需满足:", width)
                out += r.card.ineligibleReasons.map { CardText.paragraph("  - \($0)", width, indent: 4) }.joined()
            }
        }
        out += "\nActions that add the most points (one year on) 加分最多的行动:\n"
        for p in plans {
            out += "  \(p.city):\n"
            if p.actions.isEmpty { out += "    (none found)\n" }
            for a in p.actions { out += "    +\(fmt(a.gain))  \(a.description)  \(a.descriptionZh)\n" }
        }
        out += "\n" + CardText.paragraph("Meeting a threshold makes an application possible; where places are rationed (Tianjin), admission needs a score above that round's cutoff.", width)
        if plans.contains(where: { $0.now.threshold == nil }) {
            out += CardText.paragraph("A city with no threshold (none) ranks every eligible applicant against its quota: there the date is when the conditions are met, and admission needs a score above that year's cutoff.", width)
        }
        try emit(out)
    }
}
