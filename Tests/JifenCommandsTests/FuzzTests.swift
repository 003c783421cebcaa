import Foundation
import JifenPolicy
import JifenSimulation
import JifenTestSupport
import Testing

/// A deterministic, bounded fuzz campaign over every input kind jifen reads: a fixed number of
/// mutations of each seed input in `FuzzCorpus/` (same seed, same mutations, every run).
///
/// In process, every outcome must be a valid result or an `InputError` of one bounded line; a
/// crash fails the whole test binary. Through the command line, every outcome must be exit 0 or
/// exit 2 with one line on stderr, under a 1 GiB address-space limit and a 30 s watchdog, so a
/// blow-up in memory or time shows as a failure.
@Suite struct FuzzTests {
    static let corpus = Fixtures.packageRoot.appendingPathComponent("Tests/JifenCommandsTests/FuzzCorpus")
    /// Mutations of each seed input run in process.
    static let inProcess = 120
    /// Mutations of each seed input run through the command line.
    static let throughCLI = 4
    static let asOf = Day("2026-01-01")!

    static func seed(_ name: String) throws -> Data { try Data(contentsOf: corpus.appendingPathComponent(name)) }
    static let book = Result { try Rulebook.load(directory: Fixtures.datasets.appendingPathComponent("rules")) }

    /// The mutations of one seed input, each with its index.
    static func mutations(of name: String, count: Int, seed: UInt64) throws -> [(Int, Data)] {
        let original = try Self.seed(name)
        var mutator = Mutator(seed: seed)
        return (0..<count).map { ($0, mutator.mutate(original)) }
    }

    /// Whether `body` refused its input, and what went wrong when the outcome was neither a valid
    /// result nor a one-line `InputError`.
    static func verdict(_ body: () throws -> Void) -> (refused: Bool, problem: String?) {
        do {
            try body()
            return (false, nil)
        } catch let e as InputError {
            let line = e.description
            return (true, line.contains("\n") || line.count > 1_400 ? "an error of more than one bounded line: \(line.prefix(200))" : nil)
        } catch {
            return (true, "not an InputError: \(String(describing: error).prefix(200))")
        }
    }

    static func text(_ data: Data, _ file: String) throws -> String {
        guard let text = String(data: data, encoding: .utf8) else { throw InputError(file: file, "is not UTF-8 text") }
        return text
    }

    /// A score card is valid when every number in it is finite.
    static func requireValid(_ card: ScoreCard) throws {
        guard card.total.isFinite, card.lines.allSatisfy({ $0.points.isFinite }) else {
            throw FuzzFailure(message: "a score card with a non-finite number")
        }
    }

    struct FuzzFailure: Error { let message: String }

    /// Runs the mutations of one seed input; both outcomes must occur, or the mutations (or the
    /// loader) are not being exercised.
    func campaign(_ name: String, seed: UInt64, _ body: (Data) throws -> Void) throws {
        var refused = 0
        for (i, data) in try Self.mutations(of: name, count: Self.inProcess, seed: seed) {
            let (wasRefused, problem) = Self.verdict { try body(data) }
            if let problem { Issue.record("\(name) mutation \(i): \(problem)") }
            if wasRefused { refused += 1 }
        }
        #expect(refused > 0 && refused < Self.inProcess, "\(name): \(refused) of \(Self.inProcess) mutations refused")
    }

    @Test func profilesInYAMLAndJSON() throws {
        let edition = try Self.book.get().edition("tianjin/2018")
        for (name, seed) in [("profile.yaml", UInt64(11)), ("profile.json", 12)] {
            try campaign(name, seed: seed) { data in
                let profile = try Profile.decode(Tree.parse(try Self.text(data, name), file: name), today: Self.asOf)
                try Self.requireValid(try Scorer(edition).score(profile, asOf: Self.asOf))
            }
        }
    }

    @Test func ruleBooks() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-fuzz-\(UUID().uuidString)")
        let file = folder.appendingPathComponent("tianjin/2016.yaml")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.copyBibliography(to: folder)
        let profile = try Profile.decode(Tree.parse(try Self.text(try Self.seed("profile.yaml"), "p"), file: "p"), today: Self.asOf)
        try campaign("rulebook.yaml", seed: 13) { data in
            try data.write(to: file)
            let result = try #require(Rulebook.check(files: [file], directory: folder).first).result
            try Self.requireValid(try Scorer(try result.get()).score(profile, asOf: Self.asOf))
        }
    }

    @Test func reforms() throws {
        let book = try Self.book.get()
        let profile = try Profile.decode(Tree.parse(try Self.text(try Self.seed("profile.yaml"), "p"), file: "p"), today: Self.asOf)
        try campaign("reform.yaml", seed: 14) { data in
            let reform = try Reform(text: try Self.text(data, "reform.yaml"), file: "reform.yaml")
            let edition = try reform.baseEdition(in: book) ?? book.edition("tianjin/2018")
            try Self.requireValid(try Scorer(try reform.apply(to: edition.id, in: book)).score(profile, asOf: Self.asOf))
        }
    }

    @Test func poolModels() throws {
        let edition = try Self.book.get().edition("tianjin/2018")
        let settings = SimulationSettings(pool: 200, quota: 20, replicates: 1)
        try campaign("model.yaml", seed: 15) { data in
            let model = try PoolModel.parse(try Self.text(data, "model.yaml"), file: "model.yaml")
            let simulation: Simulation
            do { simulation = try Simulation(model: model, edition: edition) } catch let e as InputError { throw e } catch {
                // The commands report this as the model not fitting the edition (one sentence).
                throw InputError(file: "model.yaml", "\(error)")
            }
            let result = try simulation.run(settings)
            guard result.outcomes.allSatisfy({ $0.cutoff?.isFinite ?? true }) else { throw FuzzFailure(message: "a non-finite cutoff") }
        }
    }

    /// Each kind through the command line: exit 0, or exit 2 with one line, within the limits.
    @Test(arguments: [
        ("profile.yaml", ["score", "--edition", "tianjin/2018", "--as-of", "2019-06-01", "--profile"]),
        ("profile.json", ["score", "--edition", "tianjin/2018", "--as-of", "2019-06-01", "--format", "json", "--profile"]),
        ("applicants.csv", ["score-batch", "--edition", "tianjin/2018", "--as-of", "2019-06-01", "--input"]),
        ("reform.yaml", ["whatif", "--profile", "datasets/profiles/family-couple-tianjin.yaml", "--as-of", "2019-06-01", "--reform"]),
        ("model.yaml", ["simulate", "--edition", "tianjin/2018", "--pool", "200", "--quota", "20", "--replicates", "2", "--no-store", "--population"]),
        ("rulebook.yaml", ["rules", "check", "--rules-dir", "FOLDER", "FILE"]),
    ])
    func throughTheCommandLine(_ name: String, _ arguments: [String]) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-fuzz-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let jifen = try Fixtures.builtExecutable("jifen").path
        if name == "rulebook.yaml" { try Self.copyBibliography(to: folder) }
        for (i, data) in try Self.mutations(of: name, count: Self.throughCLI, seed: 100 + UInt64(name.utf8.count)) {
            let file = name == "rulebook.yaml" ? folder.appendingPathComponent("tianjin/2016.yaml") : folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: file)
            let args = arguments.last == "FILE"
                ? arguments.dropLast().map { $0 == "FOLDER" ? folder.path : $0 } + [file.path]
                : arguments + [file.path]
            let command = "ulimit -v 1048576; exec " + ([jifen] + args).map(shellQuoted).joined(separator: " ")
            let r = try Fixtures.run("sh", ["-c", command], executable: URL(fileURLWithPath: "/bin/sh"), timeout: 30)
            let lines = r.stderr.split(separator: "\n")
            let ok = r.status == 0 || (r.status == 2 && lines.count == 1 && r.stderr.count <= 1_500)
            #expect(ok, "\(name) mutation \(i): exit \(r.status), stderr \(r.stderr.prefix(300))")
        }
    }

    /// The rule books' bibliography beside a mutated rule book, as in the shipped rules folder.
    static func copyBibliography(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixtures.datasets.appendingPathComponent("rules/sources.yaml"),
                                         to: folder.appendingPathComponent("sources.yaml"))
    }

    func shellQuoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
