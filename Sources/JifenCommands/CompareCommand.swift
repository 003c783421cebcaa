import ArgumentParser
import Foundation
import JifenAnalyses
import JifenCharts
import JifenPolicy

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Score one profile in every city side by side and name the best fit.",
        discussion: """
        The best fit is the city where the profile is eligible with the best chance of admission: where a
        city ranks applicants against a quota and has published one, the chance is the share of 20
        simulated pools (its pool model, seed 1) whose cutoff the total reaches; elsewhere it counts as even.
        Example: jifen compare --profile datasets/profiles/young-graduate-renting.yaml --as-of 2024-06-01
        """)
    @OptionGroup var rules: RulesOptions
    @OptionGroup var date: DateOption
    @Option(help: "Profile file (YAML or JSON).") var profile: String
    @Option(help: "Comma-separated city ids (default: every city with an edition in force).") var cities: CityList?
    @Option(help: "text, json or csv") var format: OutputFormat = .text
    @OptionGroup var reform: ReformOption
    @Option(help: "Also draw the points per city by category as an SVG chart to FILE.") var plot: String?

    func run() throws {
        try OutputPaths.check([("--plot", plot)], inputs: [rules.input, ("--profile", profile), ("--reform", reform.reform)])
        let library = try rules.library()
        let person = try loadProfile(profile, knownTo: library.book)
        let asOf = date.day()
        let loaded = try reform.load()
        let result = try library.compare(CompareRequest(profile: person, cities: cities?.ids, asOf: asOf, reform: loaded,
                                                        chances: AdmissionRounds(datasets: try rules.directory().deletingLastPathComponent())))
        let comparison = result.comparison
        for warning in result.warnings { Warnings.once(warning) }
        if let plot {
            let subtitle = "\(URL(fileURLWithPath: profile).lastPathComponent) · \(asOf)" + (loaded.map { " · reform \($0.id)" } ?? "")
            try writeChart(StackedBarChart(comparison: comparison, subtitle: subtitle).svg(), to: plot)
        }
        switch format {
        case .json:
            try emit(result.serialized() + "\n")
        case .csv:
            var out = CSV.row(["city", "edition", "total", "threshold", "gap", "eligible", "vetoed", "assumed_values_used", "holds_back", "chance"])
            for c in comparison.cards {
                out += CSV.row([c.city, c.edition, fmt(c.total), c.threshold.map(fmt) ?? "none", c.threshold == nil ? "" : fmt(c.gap), "\(c.eligible)", "\(c.vetoed)",
                                "\(c.assumptions.count)", Comparison.holdsBack(c), fmt(comparison.chances[c.city]?.probability)])
            }
            try emit(out)
        case .text:
            try emit(Self.text(comparison))
        }
    }

    static func text(_ comparison: Comparison) -> String {
        var out = "Which city suits this profile? 哪个城市更适合？  (evaluated on \(comparison.asOf))\n\(ScoreCard.disclaimer)\n\n"
        var t = TextTable(["city\n城市", "edition\n版本", "total\n总分", "threshold\n分值线", "gap\n差距", "eligible\n符合", "chance\n机会", "assumed\n假设值", "holds back\n主要障碍"],
                          rightAligned: [2, 3, 4, 6, 7], maxWidth: CardText.defaultWidth)
        for c in comparison.cards {
            let chance = comparison.chances[c.city].map { "~\(Int(($0.probability * 100).rounded())) %" } ?? "—"
            t.add([c.city, c.edition, fmt(c.total), c.threshold.map(fmt) ?? "ranking", c.threshold == nil ? "—" : fmt(c.gap),
                   c.vetoed ? "vetoed" : (c.eligible ? "yes" : "no"),
                   chance, "\(c.assumptions.count)", Comparison.holdsBack(c)])
        }
        out += t.render()
        for c in comparison.cards where !c.eligible && !c.vetoed {
            out += "\n\(c.city) — what holds it back 未达标原因:\n" + c.ineligibleReasons.map { CardText.paragraph("  - \($0)", CardText.defaultWidth, indent: 4) }.joined()
        }
        out += "\n" + CardText.paragraph("Best fit 最适合: \(comparison.best ?? "none") — \(comparison.reason)", CardText.defaultWidth, indent: 2) + "\n"
        out += "Points by category 分类得分:\n"
        for c in comparison.cards {
            out += CardText.paragraph("  \(c.city): " + c.categories.map { "\($0.nameZh ?? $0.name) \(fmt($0.points))" }.joined(separator: " · "),
                                      CardText.defaultWidth, indent: 4)
        }
        out += "\nRule-book status 规则状态:\n"
        for c in comparison.cards { out += CardText.paragraph("  \(c.edition): \(c.verification)", CardText.defaultWidth, indent: 4) }
        if comparison.cards.contains(where: { $0.threshold == nil }) {
            out += CardText.paragraph("A city with no threshold (\"ranking\" above) admits by ranking only: its gap is not a distance to a line, and its chance is the estimate to read.", CardText.defaultWidth)
        }
        out += CardText.paragraph("Cities with many assumed values (count above) are rough estimates; run `jifen score` for every line and its citation.", CardText.defaultWidth)
        return out
    }
}
