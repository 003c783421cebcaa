import ArgumentParser
import Foundation
import JifenAnalyses
import JifenPolicy

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score one profile under a city's rules and explain every point.",
        discussion: """
        The edition in force on --as-of is used unless --edition names one.
        Example: jifen score --profile datasets/profiles/skilled-worker-homeowner.yaml --city tianjin --as-of 2019-06-01
        """)
    @OptionGroup var rules: RulesOptions
    @OptionGroup var date: DateOption
    @Option(help: "Profile file (YAML or JSON).") var profile: String
    @Option(help: "City id (hangzhou, tongxiang, tianjin, ...).") var city: String?
    @Option(help: "Edition id, e.g. tianjin/2018 (overrides --city).") var edition: String?
    @Option(help: "text or json") var format: OutputFormat = .text
    @Flag(help: "Show indicators that scored zero too.") var all = false
    @Flag(help: "One row per indicator, citations included, however wide (default: fit 100 columns).") var wide = false
    @OptionGroup var reform: ReformOption

    func validate() throws {
        if city == nil && edition == nil { throw ValidationError("give --city CITY or --edition EDITION") }
    }

    func run() throws {
        let library = try rules.library(edition: edition, city: city)
        let person = try loadProfile(profile, knownTo: library.book)
        let asOf = date.day()
        let result = try library.score(ScoreRequest(profile: person, city: city, edition: edition, asOf: asOf, reform: try reform.load()))
        let card = result.card
        switch format {
        case .json: try emit(result.serialized() + "\n")
        case .csv: throw ValidationError("score prints text or json; use score-batch for CSV")
        case .text: try emit(CardText.render(card, showZeroLines: all, width: wide ? nil : CardText.defaultWidth))
        }
    }
}
