import Foundation
@testable import JifenCommands
import JifenTestSupport
import Testing

/// The run store as users meet it: `simulate`, `quota-curve` and `calibrate` record runs that
/// `jifen runs …` lists, shows, exports and re-runs.
@Suite struct RunStoreCLITests {
    /// A fresh folder for a store and copied rule books.
    let folder: URL
    var db: String { folder.appendingPathComponent("runs.sqlite").path }
    static let population = Fixtures.datasets.appendingPathComponent("populations/tianjin.yaml").path

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-runs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func jifen(_ args: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try Fixtures.run("jifen", args)
    }

    /// A small simulation: 2,000 applicants, 5 replicates.
    func simulate(_ extra: [String] = [], seed: Int = 7) throws -> (status: Int32, stdout: String, stderr: String) {
        try jifen(["simulate", "--edition", "tianjin/2018", "--population", Self.population, "--pool", "2000",
                   "--quota", "300", "--replicates", "5", "--seed", "\(seed)", "--db", db] + extra)
    }

    func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The store keeps full doubles; the commands' JSON rounds to 6 decimals.
    func close(_ stored: Any?, _ printed: Any?) -> Bool {
        guard let stored = (stored as? Double) ?? (stored as? Substring).flatMap({ Double(String($0)) }),
              let printed = printed as? Double else { return false }
        return abs(stored - printed) <= 5e-7 + 1e-9
    }

    @Test func aSimulationIsListedShownExportedAndReproduced() throws {
        let sim = try simulate(["--format", "json"])
        #expect(sim.status == 0, "\(sim.stderr)")
        // stdout stays one JSON document; the id is in it and the notice is on stderr.
        let output = try object(sim.stdout)
        #expect(output["run_id"] as? Int == 1)
        #expect(sim.stderr == "run 1 recorded in \(db)\n")

        let list = try jifen(["runs", "list", "--db", db, "--format", "json"])
        #expect(list.status == 0, "\(list.stderr)")
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(runs.count == 1)
        let run = try #require(runs.first)
        #expect(run["command"] as? String == "simulate")
        #expect(run["status"] as? String == "complete")
        #expect(run["seed"] as? Int == 7)
        #expect(run["generator"] as? String == "mt19937")
        #expect(run["version"] as? String == "0.1.0")
        // The exact argument list, after the subcommand's name.
        #expect(run["arguments"] as? [String] == ["--edition", "tianjin/2018", "--population", Self.population, "--pool", "2000",
                                                  "--quota", "300", "--replicates", "5", "--seed", "7", "--db", db, "--format", "json"])
        let editions = try #require(run["editions"] as? [[String: String]])
        #expect(editions.map { $0["id"] } == ["tianjin/2018"])
        // The edition hash is the one `rules show` reports for the same edition.
        let rules = try object(try jifen(["rules", "show", "tianjin/2018", "--format", "json"]).stdout)
        #expect(editions.first?["hash"] == rules["content_hash"] as? String)
        #expect((run["population_hash"] as? String)?.count == 64)

        let show = try jifen(["runs", "show", "1", "--db", db])
        #expect(show.status == 0, "\(show.stderr)")
        for line in ["run 1 in \(db) · simulate · complete", "jifen simulate --edition tianjin/2018", "rule book tianjin/2018",
                     "sha256 \(editions.first?["hash"] ?? "?")", "jifen version", "document summary", "series cutoff · 5 points",
                     "series eligible · 5 points"] {
            #expect(show.stdout.contains(line), "runs show lacks \(line)")
        }

        let csvPath = folder.appendingPathComponent("run1.csv").path
        let export = try jifen(["runs", "export", "1", "--db", db, "--output", csvPath])
        #expect(export.status == 0, "\(export.stderr)")
        let rows = try String(contentsOfFile: csvPath, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.first == ["run_id", "series", "index", "x", "value", "lo", "hi"])
        // Two series (cutoff, eligible) of one point per replicate.
        #expect(rows.count == 1 + 2 * 5)
        let cutoffs = rows.dropFirst().filter { $0[1] == "cutoff" }
        #expect(cutoffs.map { $0[2] } == ["0", "1", "2", "3", "4"])
        // The stored per-replicate cutoffs summarise to what simulate printed.
        let values = try cutoffs.map { try #require(Double(String($0[4]))) }.sorted()
        let cutoff = try #require(output["cutoff"] as? [String: Any])
        #expect(cutoff["median"] as? Double == values[2])
        #expect(cutoff["min"] as? Double == values[0])
        #expect(cutoff["max"] as? Double == values[4])

        let rerun = try jifen(["runs", "rerun", "1", "--db", db])
        #expect(rerun.status == 0, "\(rerun.stdout)\(rerun.stderr)")
        #expect(rerun.stdout.hasPrefix("identical"))
        // Re-running records nothing.
        let after = try jifen(["runs", "list", "--db", db, "--format", "csv"])
        #expect(after.stdout.split(separator: "\n").count == 2)
    }

    @Test func rerunNamesTheRuleBookThatChangedSinceTheRun() throws {
        let rules = folder.appendingPathComponent("rules")
        try FileManager.default.copyItem(at: Fixtures.datasets.appendingPathComponent("rules"), to: rules)
        #expect(try simulate(["--rules-dir", rules.path]).status == 0)
        let book = rules.appendingPathComponent("tianjin/2018.yaml")
        let original = try String(contentsOf: book, encoding: .utf8)

        // A comment changes the hash, not the results.
        try (original + "# a remark\n").write(to: book, atomically: true, encoding: .utf8)
        let same = try jifen(["runs", "rerun", "1", "--db", db])
        #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
        #expect(same.stdout.hasPrefix("identical"))
        #expect(same.stdout.contains("rule book tianjin/2018 changed since the run"))

        // A higher threshold (140.01 → 300) admits the same top 300 but makes fewer applicants eligible.
        let raised = original.replacingOccurrences(of: "threshold:\n  value: 140.01\n", with: "threshold:\n  value: 300\n")
        #expect(raised != original)
        try raised.write(to: book, atomically: true, encoding: .utf8)
        let changed = try jifen(["runs", "rerun", "1", "--db", db])
        #expect(changed.status == 1)
        #expect(changed.stdout.hasPrefix("different"))
        #expect(changed.stdout.contains("series eligible: 5 of 5 points differ"))
        let summaryLine = changed.stdout.split(separator: "\n").first { $0.contains("document summary differs in") }
        #expect(summaryLine?.contains("eligible") == true, "\(changed.stdout)")
        #expect(changed.stdout.contains("rule book tianjin/2018 changed since the run"))
    }

    @Test func quotaCurveRecordsTheCurveWithItsInterval() throws {
        let r = try jifen(["quota-curve", "--edition", "tianjin/2018", "--population", Self.population, "--pool", "2000",
                           "--quotas", "100:300:100", "--replicates", "4", "--db", db, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let output = try object(r.stdout)
        let points = try #require(output["points"] as? [[String: Any]])
        let export = try jifen(["runs", "export", "1", "--db", db])
        let curve = export.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            .filter { $0[1] == "quota_curve" }
        // One row per quota: x = quota, value = median, lo = p05, hi = p95, as printed.
        #expect(curve.map { Double(String($0[3])) } == [100, 200, 300])
        for (row, point) in zip(curve, points) {
            #expect(close(row[4], point["median"]))
            #expect(close(row[5], point["p05"]))
            #expect(close(row[6], point["p95"]))
        }
        #expect(export.stdout.contains("\n1,cutoff_q200,3,"))
        #expect(try jifen(["runs", "rerun", "1", "--db", db]).status == 0)
    }

    @Test func calibrationRecordsTargetAgainstSimulated() throws {
        let r = try jifen(["calibrate", "--edition", "tianjin/2018", "--population", Self.population,
                           "--target", "datasets/history/tianjin.csv", "--period", "2018", "--batch", "1",
                           "--replicates", "1", "--particles", "10", "--generations", "2", "--db", db, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let targets = try #require(try object(r.stdout)["targets"] as? [[String: Any]])
        let export = try jifen(["runs", "export", "1", "--db", db, "--format", "json"])
        let run = try object(export.stdout)
        let series = try #require(run["series"] as? [[String: Any]])
        let fit = try #require(series.first { $0["name"] as? String == "target_vs_simulated" }?["points"] as? [[String: Any]])
        #expect(fit.count == targets.count)
        for (point, target) in zip(fit, targets) {
            #expect(point["x"] as? Double == target["target"] as? Double)
            #expect(close(point["value"], target["simulated"]))
        }
        let documents = try #require(run["documents"] as? [String: Any])
        #expect(documents["target_file"] != nil)
        #expect(run["command"] as? String == "calibrate")
    }

    @Test func badSettingsAreRefusedBeforeARunIsBegun() throws {
        let r = try simulate(["--replicates", "0"])
        #expect(r.status == 2)
        #expect(r.stderr == "jifen: replicates must be at least 1, got 0\n")
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test func noStoreWritesNothing() throws {
        let r = try simulate(["--no-store", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try object(r.stdout)["run_id"] is NSNull)
        #expect(r.stderr.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: db))
        let list = try jifen(["runs", "list", "--db", db])
        #expect(list.status == 2)
        #expect(list.stderr == "jifen: The run store \(db) does not exist.\n")
    }

    @Test func listFiltersByCommandEditionAndDate() throws {
        #expect(try simulate().status == 0)
        #expect(try simulate(seed: 8).status == 0)
        func ids(_ filters: [String]) throws -> [String] {
            let r = try jifen(["runs", "list", "--db", db, "--format", "csv"] + filters)
            #expect(r.status == 0, "\(r.stderr)")
            return r.stdout.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) }
        }
        let today = Date()
        func day(_ offset: Double) -> String {
            let f = ISO8601DateFormatter()
            f.formatOptions = [.withFullDate]
            return f.string(from: today.addingTimeInterval(offset * 86_400))
        }
        #expect(try ids([]) == ["1", "2"])
        #expect(try ids(["--command", "simulate", "--edition", "tianjin/2018"]) == ["1", "2"])
        #expect(try ids(["--command", "calibrate"]).isEmpty)
        #expect(try ids(["--edition", "tianjin/2016"]).isEmpty)
        #expect(try ids(["--since", day(0), "--until", day(0)]) == ["1", "2"])
        #expect(try ids(["--since", day(1)]).isEmpty)
        #expect(try ids(["--until", day(-1)]).isEmpty)
        let bad = try jifen(["runs", "list", "--db", db, "--since", "yesterday"])
        #expect(bad.status == 2)
    }

    @Test func aFileThatIsNotAStoreGetsOneSentenceAndIsLeftAlone() throws {
        let text = folder.appendingPathComponent("notes.sqlite")
        try "not a database\n".write(to: text, atomically: true, encoding: .utf8)
        let damaged = folder.appendingPathComponent("damaged.sqlite")
        try (Data("SQLite format 3\0".utf8) + Data(repeating: 0xA5, count: 4080)).write(to: damaged)
        for (file, sentence) in [(text.path, "is not an SQLite database"), (damaged.path, "is damaged")] {
            let before = try Data(contentsOf: URL(fileURLWithPath: file))
            for args in [["runs", "list", "--db", file], ["runs", "show", "1", "--db", file]] {
                let r = try jifen(args)
                #expect(r.status == 2)
                #expect(r.stderr.hasPrefix("jifen: ") && r.stderr.contains(sentence) && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
            }
            let sim = try jifen(["simulate", "--edition", "tianjin/2018", "--population", Self.population, "--pool", "2000",
                                 "--quota", "300", "--replicates", "2", "--db", file])
            #expect(sim.status == 2)
            #expect(sim.stdout.isEmpty)
            #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == before)
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3")))
    func anotherApplicationsDatabaseIsNotAStore() throws {
        let file = folder.appendingPathComponent("other.sqlite").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        p.arguments = [file, "CREATE TABLE contacts (name TEXT);"]
        try p.run()
        p.waitUntilExit()
        let r = try jifen(["runs", "list", "--db", file])
        #expect(r.status == 2)
        #expect(r.stderr == "jifen: The SQLite database \(file) is not a jifen run store (its application id and tables belong to something else).\n")
    }

    @Test func aStoredPoolComesBackWithTheRun() throws {
        let exported = folder.appendingPathComponent("pool.csv").path
        #expect(try simulate(["--export-pool", exported]).status == 0)
        let run = try object(try jifen(["runs", "export", "1", "--db", db, "--format", "json"]).stdout)
        let pool = try #require(run["sampled_pool"] as? [String: Any])
        // The stored pool is the exported file, 2,000 applicants under a header.
        #expect(pool["csv"] as? String == (try String(contentsOfFile: exported, encoding: .utf8)))
        #expect(pool["rows"] as? Int == 2000)
        #expect(try jifen(["runs", "rerun", "1", "--db", db]).status == 0)
    }

    @Test func runsShowLaysOutDocumentsAndQuotesArguments() {
        // Brackets and commas inside strings are text; empty containers stay on their line.
        let laid = indentedJSON(#"{"a":[],"b":{"c":"x,{y}\"z"},"d":[1,2]}"#)
        #expect(laid == """
              {
                "a": [],
                "b": {
                  "c": "x,{y}\\"z"
                },
                "d": [
                  1,
                  2
                ]
              }
            """)
        #expect(shellQuoted("--pool") == "--pool")
        #expect(shellQuoted("datasets/rules/tianjin/2018.yaml") == "datasets/rules/tianjin/2018.yaml")
        #expect(shellQuoted("") == "''")
        #expect(shellQuoted("it's a b") == #"'it'\''s a b'"#)
    }

    /// `jifen serve --db` writes the store, so a rule book, a pool model or a file that is not a
    /// store is refused with one sentence and exit 2 before anything is served, and left as it was.
    @Test func serveRefusesAStoreThatIsAnInputOrNotAStore() throws {
        let notAStore = folder.appendingPathComponent("notes.txt").path
        try "not a store\n".write(toFile: notAStore, atomically: true, encoding: .utf8)
        let cases = [("datasets/rules/tianjin/2018.yaml", "inside --rules-dir"), ("datasets/populations/tianjin.yaml", "inside populations"),
                     (notAStore, "run store")]
        for (path, fragment) in cases {
            let before = FileManager.default.contents(atPath: path.hasPrefix("/") ? path : Fixtures.packageRoot.appendingPathComponent(path).path)
            // A server that wrongly started would serve forever: the timeout turns that into a failure.
            let r = try Fixtures.run("jifen", ["serve", "--port", "0", "--db", path], timeout: 120)
            #expect(r.status == 2, "\(path): \(r.stderr)")
            #expect(r.stderr.contains(fragment), "\(path): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
            #expect(r.stdout.isEmpty)
            #expect(FileManager.default.contents(atPath: path.hasPrefix("/") ? path : Fixtures.packageRoot.appendingPathComponent(path).path) == before)
        }
    }
}
