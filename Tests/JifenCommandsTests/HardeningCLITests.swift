import Foundation
import JifenTestSupport
import Testing

/// The defects a mutation campaign found, each as its reproducer: exit 2 with one sentence, and
/// nothing overwritten, lost or half-done.
@Suite struct HardeningCLITests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-hardening-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func write(_ name: String, _ text: String) throws -> String {
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
        return path(name)
    }

    func jifen(_ args: String...) throws -> (status: Int32, stdout: String, stderr: String) {
        try Fixtures.run("jifen", args)
    }

    /// Exit 2 and exactly one line on stderr that contains `text`.
    func expectOneSentence(_ r: (status: Int32, stdout: String, stderr: String), _ text: String,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status == 2, "exit \(r.status): \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.contains(text), "\(r.stderr)", sourceLocation: sourceLocation)
    }

    static let population = Fixtures.datasets.appendingPathComponent("populations/tianjin.yaml").path
    static let profile = Fixtures.datasets.appendingPathComponent("profiles/family-couple-tianjin.yaml").path

    /// A scored applicant list, drawn by `simulate --export-pool` and dated 2019-06-01 (the date
    /// the tests rank it on; the file carries it).
    func applicants() throws -> String {
        let csv = path("applicants.csv")
        let r = try jifen("simulate", "--edition", "tianjin/2018", "--population", Self.population, "--pool", "50",
                          "--quota", "5", "--replicates", "1", "--no-store", "--as-of", "2019-06-01", "--export-pool", csv)
        #expect(r.status == 0, "\(r.stderr)")
        return csv
    }

    /// A posterior that could not be written is refused before the fit, not after minutes of it.
    @Test func calibrateRefusesAnUnwritableSaveBeforeFitting() throws {
        let save = path("no-such-folder/tianjin.posterior.yaml")
        let r = try jifen("calibrate", "--edition", "tianjin/2018", "--target", "datasets/history/tianjin.csv", "--period", "2018",
                          "--batch", "1", "--no-store", "--save", save)
        expectOneSentence(r, "the folder")
        #expect(r.stderr.contains("no-such-folder") && r.stderr.contains("does not exist"), "\(r.stderr)")
        #expect(r.stdout.isEmpty, "the fit ran: \(r.stdout)")
    }

    @Test func aYAMLAliasBombIsRefusedAtOnce() throws {
        var lines = [#"a: &a ["x","x","x","x","x","x","x","x","x"]"#]
        for (previous, name) in zip(["a", "b", "c", "d", "e", "f", "g", "h"], ["b", "c", "d", "e", "f", "g", "h", "i"]) {
            lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]")
        }
        let bomb = try write("bomb.yaml", (lines + ["birth_date: *i"]).joined(separator: "\n"))
        expectOneSentence(try jifen("score", "--profile", bomb, "--city", "tianjin"), "bomb.yaml:2: YAML aliases")
    }

    @Test func aHugeQuotaRanksEveryoneWithoutOverflow() throws {
        let r = try jifen("rank", "--edition", "tianjin/2018", "--input", try applicants(), "--quota", "9223372036854775807",
                          "--as-of", "2019-06-01", "--format", "json")
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["admitted"] as? Int == object["eligible"] as? Int)
        #expect(object["quota"] as? Double == Double(Int.max))
    }

    @Test func poolAndReplicateSizesAreBoundedWithTheBoundNamed() throws {
        expectOneSentence(try jifen("simulate", "--edition", "tianjin/2018", "--quota", "10", "--pool", "4611686018427387904", "--no-store"),
                          "larger than 5000000")
        expectOneSentence(try jifen("simulate", "--edition", "tianjin/2018", "--quota", "10", "--replicates", "1000000000000", "--no-store"),
                          "more than 100000")
        let model = try String(contentsOfFile: Self.population, encoding: .utf8)
            .replacingOccurrences(of: "\npool: ", with: "\npool: 1000000000000 #")
        expectOneSentence(try jifen("simulate", "--edition", "tianjin/2018", "--quota", "10", "--no-store",
                                    "--population", try write("big.yaml", model)), "between 1 and 5000000")
        expectOneSentence(try jifen("quota-curve", "--edition", "tianjin/2018", "--quotas", "1:9223372036854775807:1", "--no-store"),
                          "more than 10000 quotas")
    }

    @Test func runsExportRefusesToOverwriteItsStore() throws {
        let db = path("s.sqlite")
        let run = try jifen("simulate", "--edition", "tianjin/2018", "--population", Self.population, "--pool", "50",
                            "--quota", "5", "--replicates", "1", "--db", db)
        #expect(run.status == 0, "\(run.stderr)")
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        try FileManager.default.createSymbolicLink(atPath: path("link.sqlite"), withDestinationPath: db)
        for output in [db, path("link.sqlite"), folder.path + "/./s.sqlite", db + "-wal"] {
            expectOneSentence(try jifen("runs", "export", "1", "--db", db, "--output", output), "is the run store")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
        #expect(try jifen("runs", "list", "--db", db).stdout.contains("complete"))
    }

    @Test func outputsThatAreInputsAreRefusedBeforeAnyWork() throws {
        let csv = try applicants()
        let text = try String(contentsOfFile: csv, encoding: .utf8)
        let relative = "../" + folder.lastPathComponent + "/applicants.csv"
        expectOneSentence(try Fixtures.run("jifen", ["score-batch", "--edition", "tianjin/2018", "--input", csv, "--output", relative,
                                                     "--as-of", "2019-06-01"], in: folder), "is the input --input")
        expectOneSentence(try jifen("rank", "--edition", "tianjin/2018", "--input", csv, "--quota", "5", "--output", csv,
                                    "--as-of", "2019-06-01"), "is the input --input")
        #expect(try String(contentsOfFile: csv, encoding: .utf8) == text)
        let model = try write("model.yaml", try String(contentsOfFile: Self.population, encoding: .utf8))
        expectOneSentence(try jifen("simulate", "--edition", "tianjin/2018", "--population", model, "--quota", "5", "--pool", "50",
                                    "--no-store", "--export-pool", model), "is the input --population")
        expectOneSentence(try jifen("compare", "--profile", Self.profile, "--plot", Self.profile), "is the input --profile")
        expectOneSentence(try jifen("simulate", "--edition", "tianjin/2018", "--quota", "5", "--pool", "50", "--no-store",
                                    "--export-pool", path("same.csv"), "--plot", path("same.csv")), "each output needs its own file")
    }

    @Test func anUnwritableOutputStopsTheRunBeforeItIsRecorded() throws {
        let db = path("s.sqlite")
        expectOneSentence(try jifen("simulate", "--edition", "tianjin/2018", "--population", Self.population, "--pool", "50",
                                    "--quota", "5", "--export-pool", "/nonexistent-folder/p.csv", "--db", db), "does not exist")
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test func devicesAreWrittenInPlaceNeverReplaced() throws {
        let r = try jifen("score-batch", "--edition", "tianjin/2018", "--input", try applicants(), "--output", "/dev/null",
                          "--as-of", "2019-06-01")
        #expect(r.status == 0, "\(r.stderr)")
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)
    }

    @Test func aHugeRuleValueFailsTheCheck() throws {
        let rules = folder.appendingPathComponent("rules/tianjin")
        try FileManager.default.createDirectory(at: rules, withIntermediateDirectories: true)
        let text = try String(contentsOfFile: Fixtures.datasets.appendingPathComponent("rules/tianjin/2016.yaml").path, encoding: .utf8)
        let broken = try #require(text.range(of: #"rate: \d+"#, options: .regularExpression))
        try text.replacingCharacters(in: broken, with: "rate: 1e308").write(to: rules.appendingPathComponent("2016.yaml"), atomically: true, encoding: .utf8)
        // The folder's bibliography goes with the book.
        try FileManager.default.copyItem(at: Fixtures.datasets.appendingPathComponent("rules/sources.yaml"),
                                         to: rules.deletingLastPathComponent().appendingPathComponent("sources.yaml"))
        let r = try jifen("rules", "check", "--rules-dir", rules.deletingLastPathComponent().path, rules.appendingPathComponent("2016.yaml").path)
        #expect(r.status == 2)
        let line = text[..<broken.lowerBound].filter { $0 == "\n" }.count + 1
        #expect((r.stdout + r.stderr).contains("2016.yaml:\(line): "), "\(r.stderr)")
        #expect((r.stdout + r.stderr).contains("rate: '1e+308' is beyond any rule value (at most 1e9 in magnitude)"), "\(r.stderr)")
    }

    @Test func invalidReformFieldsAndBasesAreBlamedOnTheReform() throws {
        let body = "id: r\ntitle: T\nset: [{path: threshold, value: 120}]\n"
        for (extra, expected) in [("base: {a: 1}", "r.yaml:4: base: expected a text value"),
                                  ("title_zh: [a, b]", "r.yaml:4: title_zh: expected a text value"),
                                  ("base: tianjin/2099", "r.yaml:4: base: unknown edition 'tianjin/2099'")] {
            let reform = try write("r.yaml", body + extra + "\n")
            let r = try jifen("whatif", "--reform", reform, "--profile", Self.profile, "--as-of", "2019-06-01")
            expectOneSentence(r, expected)
            #expect(!r.stderr.contains("--edition"))
        }
    }

    @Test func anUnknownDistrictInAPoolModelIsRefused() throws {
        let model = try String(contentsOfFile: Self.population, encoding: .utf8)
            .replacingOccurrences(of: "categorical: {binhai:", with: "categorical: {atlantis:")
        expectOneSentence(try jifen("simulate", "--edition", "tianjin/2018", "--quota", "5", "--pool", "50", "--no-store",
                                    "--population", try write("d.yaml", model)), "unknown tianjin district")
    }

    // MARK: The run store

    func simulate(_ extra: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try Fixtures.run("jifen", ["simulate", "--edition", "tianjin/2018", "--population", Self.population, "--pool", "300",
                                   "--quota", "30", "--replicates", "3"] + extra)
    }

    @Test func storesThatAreNoFileAreRefusedWithASentence() throws {
        expectOneSentence(try simulate(["--db", ""]), "--db: expected a file name")
        expectOneSentence(try simulate(["--db", "/dev/null"]), "not a regular file")
        expectOneSentence(try jifen("runs", "list", "--db", "/dev/null"), "not a regular file")
        expectOneSentence(try jifen("runs", "list", "--db", ""), "--db: expected a file name")
    }

    @Test func aStoreThatCannotBeWrittenStillPrintsTheResult() throws {
        // A file-size limit makes every write past 0 bytes fail as a full disk does; SIGXFSZ is
        // ignored by the shell and so by jifen.
        let db = path("full.sqlite")
        let jifen = try Fixtures.builtExecutable("jifen").path
        let command = "trap '' XFSZ; ulimit -f 0; exec '\(jifen)' simulate --edition tianjin/2018 --population '\(Self.population)' "
            + "--pool 300 --quota 30 --replicates 3 --format json --db '\(db)'"
        let r = try Fixtures.run("sh", ["-c", command], executable: URL(fileURLWithPath: "/bin/sh"))
        expectOneSentence(r, "the result above is complete but was not recorded in the run store")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["run_id"] is NSNull)
        #expect(object["cutoff"] != nil)
    }

    @Test func aDamagedStoreIsNeitherReadNorAppendedTo() throws {
        let db = path("damaged.sqlite")
        #expect(try simulate(["--db", db]).status == 0)
        // Checkpoint, so the pages are in the main file, then overwrite an index's root page.
        let sqlite = try Fixtures.run("sh", ["-c", "sqlite3 '\(db)' 'PRAGMA wal_checkpoint(TRUNCATE); SELECT rootpage FROM sqlite_master WHERE name = \"run_by_started\"'"],
                                      executable: URL(fileURLWithPath: "/bin/sh"))
        let page = try #require(sqlite.stdout.split(separator: "\n").last.flatMap { Int($0) })
        let handle = try #require(FileHandle(forUpdatingAtPath: db))
        try handle.seek(toOffset: UInt64((page - 1) * 4096))
        try handle.write(contentsOf: Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }))
        try handle.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        for args in [["runs", "list"], ["runs", "show", "1"], ["runs", "export", "1"]] {
            expectOneSentence(try Fixtures.run("jifen", args + ["--db", db]), "is damaged")
        }
        expectOneSentence(try simulate(["--db", db]), "is damaged")
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
    }

    @Test func anInterruptedRunIsMarkedAndSaysSo() throws {
        let db = path("interrupted.sqlite")
        for (signal, status) in [(SIGINT, Int32(130)), (SIGTERM, Int32(143))] {
            let process = Process()
            process.executableURL = try Fixtures.builtExecutable("jifen")
            process.arguments = ["simulate", "--edition", "tianjin/2018", "--population", Self.population, "--pool", "20000",
                                 "--quota", "100", "--replicates", "100000", "--threads", "1", "--db", db]
            let err = Pipe()
            process.standardError = err
            process.standardOutput = Pipe()
            try process.run()
            // Wait until the run is begun (its row exists), then interrupt it.
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline, !(try Fixtures.run("jifen", ["runs", "list", "--db", db]).stdout.contains("running")) {
                usleep(100_000)
            }
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(process.terminationStatus == status)
            #expect(stderr.contains("is marked interrupted"), "\(stderr)")
        }
        let list = try jifen("runs", "list", "--db", db, "--format", "csv")
        #expect(list.stdout.split(separator: "\n").dropFirst().allSatisfy { $0.contains(",interrupted,") }, "\(list.stdout)")
    }

    @Test func aStoreWithoutWritePermissionCanBeListedShownAndExported() throws {
        let db = path("readonly.sqlite")
        #expect(try simulate(["--db", db]).status == 0)
        // As root, permissions do not bind: drop to nobody (who cannot write the file or its folder).
        let asRoot = getuid() == 0
        let drop = asRoot ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []
        guard !asRoot || FileManager.default.isExecutableFile(atPath: drop[0]) else { return }
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: db)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path) }
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let jifen = try Fixtures.builtExecutable("jifen").path
        for args in [["runs", "list"], ["runs", "show", "1"], ["runs", "export", "1"]] {
            let command = drop + [jifen] + args + ["--db", db]
            let r = try Fixtures.run(command[0], Array(command.dropFirst()), in: URL(fileURLWithPath: "/"), executable: URL(fileURLWithPath: command[0]))
            #expect(r.status == 0, "\(args): \(r.stderr)")
            #expect(r.stdout.contains("simulate") || r.stdout.contains("cutoff"), "\(args): \(r.stdout.prefix(200))")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
    }
}
