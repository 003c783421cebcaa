import ArgumentParser
import Foundation
import JifenPolicy

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List, show and check rule books.",
        discussion: "Example: jifen rules show tianjin/2018",
        subcommands: [List.self, Show.self, Check.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Editions: id, city, in force from/to, indicators.",
                                                        discussion: "Example: jifen rules list --format json")
        @OptionGroup var rules: RulesOptions
        @Option(help: "text, json or csv") var format: OutputFormat = .text

        func run() throws {
            let book = try rules.load()
            switch format {
            case .json:
                try emit(JSON.array(book.editions.map { e in
                    .object([("id", .string(e.id)), ("city", .string(e.city)), ("title", .string(e.title)),
                             ("from", .string(e.inForceFrom.description)), ("to", .optional(e.inForceTo?.description)),
                             ("indicators", .number(Double(e.indicators.count))), ("threshold", .optional(e.threshold?.value)),
                             ("assumed_values", .number(Double(e.assumedParameters.count))), ("verification", .string(e.verification))])
                }).serialized() + "\n")
            case .csv:
                var out = CSV.row(["id", "city", "from", "to", "indicators", "threshold", "assumed_values"])
                for e in book.editions {
                    out += CSV.row([e.id, e.city, e.inForceFrom.description, e.inForceTo?.description ?? "", "\(e.indicators.count)",
                                    fmt(e.threshold?.value), "\(e.assumedParameters.count)"])
                }
                try emit(out)
            case .text:
                var t = TextTable(["edition 版本", "city 城市", "from 起", "to 止", "indicators 指标", "threshold 分值线", "assumed 假设值"],
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
        static let configuration = CommandConfiguration(abstract: "The rule book as a readable table, with citations.",
                                                        discussion: "Example: jifen rules show hangzhou/2021")
        @OptionGroup var rules: RulesOptions
        @Argument(help: "Edition id, e.g. tianjin/2018.") var edition: String
        @Option(help: "text or json") var format: OutputFormat = .text

        func run() throws {
            let e = try rules.load().edition(edition)
            if format == .json {
                try emit(RuleTable(e).json.serialized() + "\n")
            } else {
                try emit(RuleTable(e).text)
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate rule books; nonzero exit on any problem.",
            discussion: "Checks every file under the rules folder, or the files given. Example: jifen rules check datasets/rules/tianjin/2018.yaml")
        @OptionGroup var rules: RulesOptions
        @Argument(help: "Rule-book files (default: all).") var paths: [String] = []

        func run() throws {
            let dir = rules.directory
            let files = paths.isEmpty ? Rulebook.editionFiles(in: dir) : paths.map { URL(fileURLWithPath: $0) }
            guard !files.isEmpty else { throw InputError(file: dir.path, "no rule books found") }
            var failed = 0
            let results = files.flatMap { Rulebook.check(files: [$0], directory: directoryFor($0, dir)) }
            for (file, result) in results {
                switch result {
                case .success(let e):
                    print("ok     \(e.id)  \(e.indicators.count) indicators, \(e.parameters.count) cited values (\(e.assumedParameters.count) assumed or inferred)  \(file)")
                case .failure(let error):
                    failed += 1
                    note("FAILED \(error.description)")
                }
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
