import ArgumentParser
import Foundation
import JifenAnalyses
import JifenData
import JifenPolicy

/// The `jifen` command line: parses, calls the libraries, prints.
public struct Jifen: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "jifen",
        abstract: "Residence-permit points (居住证积分): cited rule books, scoring, and pool simulation.",
        discussion: """
        Every result is a simulation, not an official result. Data (rule books, pool models, reforms,
        example profiles, notebooks) comes from $JIFEN_DATA, else the datasets/ folder of the working
        folder or one above it, else the copy built into jifen; `jifen --version` says which.
        Example: jifen compare --profile datasets/profiles/young-graduate-renting.yaml
        """,
        version: JifenVersion.current,
        // Every command names itself (`commandName`): a name derived from the type's name costs
        // the runtime a search of every protocol conformance in the binary, at every start.
        subcommands: [Rules.self, ProfileCommand.self, Score.self, Compare.self, PlanCommand.self, ScoreBatch.self, Rank.self, WhatIf.self, SensitivityCommand.self, Simulate.self, QuotaCurve.self, Calibrate.self, Bench.self, Runs.self, Notebook.self, Serve.self]
    )

    public init() {}

    /// Runs the command line with jifen's exit statuses: 0 success, 2 bad input (including bad
    /// arguments), 1 internal failure. Errors are one sentence on stderr, never a trace.
    public static func main(_ arguments: [String]? = nil) -> Never {
        if (arguments ?? Array(CommandLine.arguments.dropFirst())) == ["--version"] {
            do { print(try JifenVersion.report()) } catch { fail("\(error)", status: 2) }
            Foundation.exit(0)
        }
        let command: ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            fail(usageSentence(for: error), status: 2)
        }
        // `serve`, the one asynchronous command, is recognised by its type: asking whether a value
        // conforms to a protocol costs a search of every conformance record in the binary.
        if let server = command as? Serve {
            // It runs on Swift concurrency; the main thread only waits. The command value is
            // handed to that one task and never touched here again.
            nonisolated(unsafe) let handedOver = server
            Task {
                do {
                    try await handedOver.run()
                    Foundation.exit(0)
                } catch {
                    finish(error)
                }
            }
            dispatchMain()
        }
        do {
            var c = command
            try c.run()
            Foundation.exit(0)
        } catch {
            finish(error)
        }
    }

    /// Exits with the status and one sentence an error earns.
    static func finish(_ error: Error) -> Never {
        do {
            throw error
        } catch let e as InputError {
            fail(e.description, status: 2)
        } catch let e as ValidationError {
            fail(e.message, status: 2)
        } catch let e as ExitCode {
            Foundation.exit(e.rawValue)
        } catch {
            // Help requests and usage errors can surface at run time too (e.g. a bare group
            // command); the parser says which through the exit code it gives them.
            switch exitCode(for: error) {
            case .success:
                print(fullMessage(for: error))
                Foundation.exit(0)
            case .validationFailure:
                fail(usageSentence(for: error), status: 2)
            default:
                fail("internal error: \(error)", status: 1)
            }
        }
    }

    /// A usage error as one line: the parser's sentence, and where the command's help is.
    static func usageSentence(for error: Error) -> String {
        var sentence = message(for: error)
        if sentence.hasPrefix("Error: ") { sentence.removeFirst("Error: ".count) }
        let pointer = fullMessage(for: error).split(separator: "\n").last { $0.contains("--help") }
        return sentence + (pointer.map { " (" + $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " for more information.", with: "").replacingOccurrences(of: "See ", with: "see ") + ")" } ?? "")
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
    @Option(name: .customLong("rules-dir"), help: "Folder of rule books (<city>/<edition>.yaml). Default: the rules/ folder of jifen's data (see jifen --version).")
    var rulesDirectory: String?

    func directory() throws -> URL {
        if let rulesDirectory { return URL(fileURLWithPath: rulesDirectory) }
        return try DataHome.current().rules
    }

    func load() throws -> Rulebook { try Rulebook.load(directory: try directory(), cache: .commands) }

    /// The pool model file for `city`: `population` when given, else the city's model in jifen's
    /// data (named as the documentation does, `datasets/populations/<city>.yaml`), or the one next
    /// to `--rules-dir`.
    func populationPath(_ population: String?, city: String) throws -> String {
        if let population { return population }
        let path = rulesDirectory == nil
            ? "datasets/populations/\(city).yaml"
            : try directory().deletingLastPathComponent().appendingPathComponent("populations/\(city).yaml").path
        guard FileManager.default.fileExists(atPath: dataPath(path)) else {
            throw ValidationError("no pool model for \(city) at \(path); pass --population FILE")
        }
        return path
    }

    /// Only the rule books a command about one edition (or, without one, one city) needs.
    func load(edition: String?, city: String? = nil) throws -> Rulebook {
        if let edition { return try Rulebook.load(directory: try directory(), selecting: { $0 == edition }, cache: .commands) }
        if let city { return try Rulebook.load(directory: try directory(), selecting: { $0.hasPrefix(city + "/") }, cache: .commands) }
        return try load()
    }

    /// The rule books for one command's analyses (compiled as they are used); with an edition or
    /// a city, only the rule books it needs.
    func library(edition: String? = nil, city: String? = nil) throws -> RuleLibrary {
        RuleLibrary(try load(edition: edition, city: city))
    }
}

/// `--as-of DATE`, default today.
struct DateOption: ParsableArguments {
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Evaluation date (default: today).", valueName: "YYYY-MM-DD"))
    var asOf: Day?

    func day() -> Day { asOf ?? .today }

    /// The date an applicant list is evaluated on: `--as-of`, else the date the file carries in
    /// its `as_of` column (a pool from `simulate --export-pool`), else today.
    func day(forList input: String) throws -> Day {
        try asOf ?? ApplicantReader.fileDate(path: dataPath(input), display: input) ?? .today
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

/// Reads a profile; place ids must be ones the rule books in `book` know.
func loadProfile(_ path: String, knownTo book: Rulebook) throws -> Profile {
    try Profile.load(URL(fileURLWithPath: dataPath(path)), displayName: path, knownPlaces: book.placeIDs, districts: book.districtsByPlace)
}

extension TreeCache {
    /// The parsed rule books the commands keep between runs (docs/rule-cache.md): the user's
    /// cache folder, or none with `JIFEN_CACHE=off`.
    static let commands = TreeCache.standard(version: JifenVersion.current)
}

extension DataHome {
    /// This process's data folder, located once.
    static func current() throws -> DataHome { try located.get() }
    private static let located = Result { try DataHome.locate() }
}

/// The file a user means by an input path: `datasets/…` paths that do not exist here are read
/// from jifen's data folder, so the documented examples run from any folder.
func dataPath(_ path: String) -> String {
    guard !path.hasPrefix("/"), !FileManager.default.fileExists(atPath: path), let home = try? DataHome.current() else { return path }
    return home.resolve(path)
}

func readText(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: dataPath(path)) else {
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

    func load() throws -> Reform? { try reform.map { try Reform.load(dataPath($0)) } }

    /// The edition, reformed when a reform is given. With `acrossCities` (compare, plan: several
    /// cities and dates at once), an edition the reform was not written for is left as published,
    /// with a warning when it is of the reform's city; otherwise such an edition is refused.
    func apply(_ edition: Edition, _ book: Rulebook, _ loaded: Reform?, acrossCities: Bool = false) throws -> Edition {
        let library = RuleLibrary(book)
        if acrossCities, let warning = library.unreformedWarning(edition, by: loaded) { Warnings.once(warning) }
        return try library.reformed(edition, by: loaded, acrossCities: acrossCities)
    }
}

/// Warnings on stderr, each printed once per run (plan asks for the same edition month by month).
enum Warnings {
    private static let printed = PrintedSet()

    static func once(_ message: String) {
        if printed.insert(message) { FileHandle.standardError.write(Data("jifen: warning: \(message)\n".utf8)) }
    }

    private final class PrintedSet: @unchecked Sendable {
        private let lock = NSLock()
        private var messages = Set<String>()
        func insert(_ message: String) -> Bool { lock.withLock { messages.insert(message).inserted } }
    }
}
