import ArgumentParser
import Foundation
import JifenPolicy

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
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
        let book = try rules.load(edition: edition, city: city)
        let person = try loadProfile(profile, knownTo: book)
        let asOf = try date.day()
        let loaded = try reform.load()
        let e = try reform.apply(edition.map { try book.edition($0) } ?? book.edition(city: city!, on: asOf), book, loaded)
        let card = try Scorer(e).score(person, asOf: asOf, reform: loaded?.id)
        switch format {
        case .json: try emit(card.json.serialized() + "\n")
        case .csv: throw ValidationError("score prints text or json; use score-batch for CSV")
        case .text: try emit(CardText.render(card, showZeroLines: all, width: wide ? nil : CardText.defaultWidth))
        }
    }
}
