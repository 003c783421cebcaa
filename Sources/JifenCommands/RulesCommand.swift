import ArgumentParser
import Foundation
import JifenAnalyses
import JifenPolicy

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List, show and check rule books.",
        discussion: "Example: jifen rules show tianjin/2018",
        subcommands: [List.self, Show.self, Check.self, Sources.self, Diff.self, Matrix.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Editions: id, city, in force from/to, indicators.",
                                                        discussion: "Example: jifen rules list --format json")
        @OptionGroup var rules: RulesOptions
        @Option(help: "text, json or csv") var format: OutputFormat = .text

        func run() throws {
            let book = try rules.load()
            switch format {
            case .json:
                try emit(EditionListing(editions: book.editions).json.serialized() + "\n")
            case .csv:
                var out = CSV.row(["id", "city", "from", "to", "indicators", "threshold", "assumed_values"])
                for e in book.editions {
                    out += CSV.row([e.id, e.city, e.inForceFrom.description, e.inForceTo?.description ?? "", "\(e.indicators.count)",
                                    fmt(e.threshold?.value), "\(e.assumedParameters.count)"])
                }
                try emit(out)
            case .text:
                var t = TextTable(["edition\n版本", "city\n城市", "from\n起", "to\n止", "indicators\n指标", "threshold\n分值线", "assumed\n假设值"],
                                  rightAligned: [4, 5, 6])
                for e in book.editions {
                    t.add([e.id, e.city, e.inForceFrom.description, e.inForceTo?.description ?? "(in force)", "\(e.indicators.count)",
                           fmt(e.threshold?.value), "\(e.assumedParameters.count)"])
                }
                try emit(t.render() + "All values are unverified copies of third-party sources unless a rule book says otherwise.\n")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "The rule book as a readable table, with citations.",
                                                        discussion: "Example: jifen rules show hangzhou/2021")
        @OptionGroup var rules: RulesOptions
        @Argument(help: "Edition id, e.g. tianjin/2018.") var edition: String
        @Option(help: "text or json") var format: OutputFormat = .text

        func run() throws {
            let table = try rules.library().table(edition)
            if format == .json {
                try emit(table.json.serialized() + "\n")
            } else {
                try emit(table.text)
            }
        }
    }

    struct Sources: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sources",
            abstract: "The bibliography: every source document, with how many values each backs.",
            discussion: "Without an edition, every entry of the bibliography, counted over all editions. Example: jifen rules sources tianjin/2020")
        @OptionGroup var rules: RulesOptions
        @Argument(help: "Edition id: list only the sources it cites.") var edition: String?
        @Option(help: "text, json or csv") var format: OutputFormat = .text

        func run() throws {
            let book = try rules.load()
            let list: SourceList
            if let edition {
                let e = try book.edition(edition)
                list = SourceList(sources: e.sources, editions: [e])
            } else {
                let all = book.bibliography?.sources ?? book.editions.flatMap(\.sources).reduce(into: [Source]()) { acc, s in
                    if !acc.contains(where: { $0.id == s.id }) { acc.append(s) }
                }
                list = SourceList(sources: all, editions: book.editions)
            }
            switch format {
            case .json: try emit(list.json.serialized() + "\n")
            case .csv: try emit(list.csv)
            case .text: try emit(list.text)
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate rule books; nonzero exit on any problem.",
            discussion: "Checks every file under the rules folder, or the files given. Example: jifen rules check datasets/rules/tianjin/2018.yaml")
        @OptionGroup var rules: RulesOptions
        @Argument(help: "Rule-book files (default: all).") var paths: [String] = []
        @Flag(help: "List every flagged value (inherited from an edition its source does not document).") var flags = false

        func run() throws {
            let dir = try rules.directory()
            let files = paths.isEmpty ? Rulebook.editionFiles(in: dir) : paths.map { URL(fileURLWithPath: dataPath($0)) }
            guard !files.isEmpty else { throw InputError(file: dir.path, "no rule books found") }
            var failed = 0
            let results = files.flatMap { Rulebook.check(files: [$0], directory: directoryFor($0, dir)) }
            for (file, result) in results {
                switch result {
                case .success(let e):
                    print("ok     \(e.id)  \(e.indicators.count) indicators, \(e.parameters.count) cited values (\(e.assumedParameters.count) assumed or inferred)\(e.flags.isEmpty ? "" : ", \(e.flags.count) flagged")  \(file)")
                    if flags {
                        for flag in e.flags { print("  flag \(flag)") }
                    }
                case .failure(let error):
                    failed += 1
                    note("FAILED \(error.description)")
                }
            }
            let flagged = results.compactMap { try? $0.result.get() }.filter { !$0.flags.isEmpty }
            if !flags, !flagged.isEmpty {
                print("Flagged: citations inherited from an edition their source does not document, for a reader to re-check "
                      + "(\(flagged.map { "\($0.id) \($0.flags.count)" }.joined(separator: ", "))); list them with --flags.")
            }
            if failed > 0 {
                throw ExitCode(2)
            }
        }

        /// A named file resolves `extends` from its own rules folder (`<rules>/<city>/<file>`).
        func directoryFor(_ file: URL, _ dir: URL) -> URL {
            guard rules.rulesDirectory == nil, !paths.isEmpty else { return dir }
            return file.deletingLastPathComponent().deletingLastPathComponent()
        }
    }
}
