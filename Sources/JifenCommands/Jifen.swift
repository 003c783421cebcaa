import ArgumentParser
import Foundation
import JifenPolicy

/// The `jifen` command line: parses, calls the libraries, prints.
public struct Jifen: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "jifen",
        abstract: "Residence-permit points (居住证积分): cited rule books, scoring, and pool simulation.",
        discussion: """
        Every result is a simulation, not an official result. Rule books are in datasets/rules.
        Example: jifen compare --profile datasets/profiles/young-graduate-renting.yaml
        """,
        version: JifenVersion.current,
        subcommands: [Rules.self, Score.self, Compare.self, PlanCommand.self, ScoreBatch.self, Rank.self, WhatIf.self, SensitivityCommand.self, Simulate.self, QuotaCurve.self, Calibrate.self, Bench.self, Runs.self, Notebook.self]
    )

    public init() {}

    /// Runs the command line with jifen's exit statuses: 0 success, 2 bad input (including bad
    /// arguments), 1 internal failure. Errors are one sentence on stderr, never a trace.
    public static func main(_ arguments: [String]? = nil) -> Never {
        let command: ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            note("jifen: " + fullMessage(for: error))
            Foundation.exit(2)
        }
        do {
            var c = command
            try c.run()
            Foundation.exit(0)
        } catch let e as InputError {
            fail(e.description, status: 2)
        } catch let e as ValidationError {
            fail(e.message, status: 2)
        } catch let e as ExitCode {
            Foundation.exit(e.rawValue)
        } catch where String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
            // Help requests and usage errors can surface at run time too (e.g. a bare group command).
            if exitCode(for: error) == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            fail(fullMessage(for: error), status: 2)
        } catch {
            fail("internal error: \(error)", status: 1)
        }
    }

    /// Prints the message (capped at 2,000 characters, so no value is echoed whole) and exits.
    static func fail(_ message: String, status: Int32) -> Never {
        note("jifen: " + (message.count > 2_000 ? message.prefix(2_000) + "…" : message))
        Foundation.exit(status)
    }
}

/// Output formats of tabular commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv
}

/// Options every command that reads rule books shares.
struct RulesOptions: ParsableArguments {
    @Option(name: .customLong("rules-dir"), help: "Folder of rule books (<city>/<edition>.yaml). Default: datasets/rules.")
    var rulesDirectory: String?

    var directory: URL {
        rulesDirectory.map { URL(fileURLWithPath: $0) } ?? Rulebook.defaultDirectory()
    }

    func load() throws -> Rulebook { try Rulebook.load(directory: directory) }
}

/// `--as-of DATE`, default today.
struct DateOption: ParsableArguments {
    @Option(name: .customLong("as-of"), help: "Evaluation date YYYY-MM-DD (default: today).")
    var asOf: String?

    func day() throws -> Day {
        guard let s = asOf else { return .today }
        guard let d = Day(s) else { throw InputError(file: "--as-of", "expected a date YYYY-MM-DD, found '\(s)'") }
        return d
    }
}

/// Writes text to stdout, or to a file.
func emit(_ text: String, to path: String? = nil) throws {
    if let path {
        try write(text, to: path, what: "the output file")
    } else {
        do {
            try FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
        } catch {
            throw InputError(file: "standard output", "cannot be written (\(error.localizedDescription))")
        }
    }
}

func loadProfile(_ path: String) throws -> Profile {
    try Profile.load(URL(fileURLWithPath: path), displayName: path)
}

func readText(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw InputError(file: path, "cannot read the file (does it exist?)")
    }
    guard let s = String(data: data, encoding: .utf8) else { throw InputError(file: path, "is not UTF-8 text") }
    return s
}

/// Fixed decimals without float noise, for text tables.
func fmt(_ d: Double?) -> String {
    guard let d else { return "—" }
    return JSON.format(d)
}

/// `--reform FILE`: a what-if applied to the edition before scoring.
struct ReformOption: ParsableArguments {
    @Option(help: "Reform file (datasets/reforms/*.yaml) applied to the edition: a what-if, not law.")
    var reform: String?

    func load() throws -> Reform? { try reform.map(Reform.load) }

    /// The edition, reformed when a reform is given and applies to its city.
    func apply(_ edition: Edition, _ book: Rulebook, _ loaded: Reform?) throws -> Edition {
        guard let loaded, loaded.city == nil || loaded.city == edition.city else { return edition }
        return try loaded.apply(to: edition.id, in: book)
    }
}
