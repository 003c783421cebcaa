import ArgumentParser
import Foundation
import JifenAnalyses
import JifenPolicy

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "When each city's threshold would be reached, and which actions add the most points.",
        discussion: "Example: jifen plan --profile datasets/profiles/young-graduate-renting.yaml --years 8")
    @OptionGroup var rules: RulesOptions
    @OptionGroup var date: DateOption
    @Option(help: "Profile file (YAML or JSON).") var profile: String
    @Option(help: "Years to look ahead.") var years: Int = 10
    @Option(help: "Comma-separated city ids (default: every city with an edition in force).") var cities: String?
    @Option(help: "text or json") var format: OutputFormat = .text
    @OptionGroup var reform: ReformOption

    func validate() throws {
        guard PlanRequest.yearRange.contains(years) else { throw ValidationError("--years must be between 0 and 40 (found \(years))") }
    }

    func run() throws {
        let library = try rules.library()
        let person = try loadProfile(profile)
        let asOf = try date.day()
        let list = cities.map { $0.split(separator: ",").map(String.init) }
        let result = try library.plan(PlanRequest(profile: person, years: years, cities: list, asOf: asOf, reform: try reform.load()))
        let plans = result.plans
        if format == .json {
            try emit(result.json.serialized() + "\n")
            return
        }
        var out = "When would this profile qualify? 何时符合条件？  (from \(asOf), looking \(years) years ahead)\n\(ScoreCard.disclaimer)\n"
        out += "Assumptions 假设:\n" + Projection.assumptions.map { "  - \($0)\n" }.joined() + "\n"
        var t = TextTable(["city 城市", "now 现在", "threshold 分值线", "score reaches it 达标时间", "in 还需", "edition then 届时版本", "eligible then 届时符合"],
                          rightAligned: [1, 2])
        for p in plans {
            let when = p.now.vetoed && p.reached == nil ? "vetoed" : p.reached.map { $0.months == 0 ? "now" : $0.date.description } ?? "not within \(years) years"
            t.add([p.city, fmt(p.now.total), fmt(p.now.threshold), when,
                   p.reached.map { $0.months == 0 ? "—" : "\($0.months / 12)y \($0.months % 12)m" } ?? "—", p.reached?.card.edition ?? "—",
                   p.reached.map { $0.card.eligible ? "yes" : "no" } ?? "—"])
        }
        out += t.render()
        for p in plans {
            if let r = p.reached, !r.card.eligible {
                out += "\n\(p.city): the score is enough on \(r.date), but these conditions still need meeting 仍需满足:\n"
                out += r.card.ineligibleReasons.map { "  - \($0)\n" }.joined()
            }
        }
        out += "\nActions that add the most points (one year on) 加分最多的行动:\n"
        for p in plans {
            out += "  \(p.city):\n"
            if p.actions.isEmpty { out += "    (none found)\n" }
            for a in p.actions { out += "    +\(fmt(a.gain))  \(a.description)  \(a.descriptionZh)\n" }
        }
        out += "\nMeeting a threshold makes an application possible; where places are rationed (Tianjin), admission needs a score above that round's cutoff.\n"
        try emit(out)
    }
}
