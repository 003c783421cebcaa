import Foundation
import JifenTestSupport
import Testing

/// An installed jifen: it finds its data from any folder, can be pointed elsewhere, and its
/// notebooks neither record failures silently nor run notebooks from inside a cell.
@Suite struct AnywhereTests {
    /// An empty folder outside the checkout, with its own cache folder for the built-in data.
    func elsewhere() throws -> (folder: URL, environment: [String: String?]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-anywhere-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (folder, ["XDG_CACHE_HOME": folder.appendingPathComponent("cache").path, "JIFEN_DATA": nil])
    }

    func jifen(_ args: [String], in folder: URL, environment: [String: String?]) throws -> (status: Int32, stdout: String, stderr: String) {
        try Fixtures.run("jifen", args, in: folder, environment: environment)
    }

    @Test func theREADMEsExamplePathsWorkFromAnUnrelatedFolder() throws {
        let (folder, environment) = try elsewhere()
        let r = try jifen(["compare", "--profile", "datasets/profiles/young-graduate-renting.yaml", "--as-of", "2024-06-01"],
                          in: folder, environment: environment)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("hangzhou/2023") && r.stdout.contains("tianjin/2022"))
        // The built-in copy was unpacked into the cache folder, not into the working folder; the
        // parsed rule books are kept beside it.
        let cached = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("cache/jifen").path).sorted()
        #expect(cached.count == 2 && cached[0].hasPrefix("data-") && cached[1] == "parsed", "\(cached)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("datasets").path))
        let w = try jifen(["whatif", "--reform", "datasets/reforms/tianjin-no-age.yaml", "--profile", "datasets/profiles/family-couple-tianjin.yaml",
                           "--as-of", "2019-06-01"], in: folder, environment: environment)
        #expect(w.status == 0, "\(w.stderr)")
    }

    @Test func versionNamesTheDataInUse() throws {
        let (folder, environment) = try elsewhere()
        let r = try jifen(["--version"], in: folder, environment: environment)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("jifen "))
        #expect(r.stdout.contains("built in, fingerprint "))
        #expect(r.stdout.contains("tianjin/2018  2018-05-01–2020-04-02"))
        let inCheckout = try Fixtures.run("jifen", ["--version"], environment: ["JIFEN_DATA": nil])
        #expect(inCheckout.stdout.contains(Fixtures.datasets.path + " (the datasets/ folder of the working folder)"), "\(inCheckout.stdout)")
    }

    @Test func theEnvironmentVariableAndRulesDirOverrideTheData() throws {
        let (folder, environment) = try elsewhere()
        let data = folder.appendingPathComponent("mydata")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixtures.datasets.appendingPathComponent("rules/tianjin"), to: data.appendingPathComponent("rules/tianjin"))
        try FileManager.default.copyItem(at: Fixtures.datasets.appendingPathComponent("rules/sources.yaml"), to: data.appendingPathComponent("rules/sources.yaml"))
        var env = environment
        env["JIFEN_DATA"] = data.path
        let list = try jifen(["rules", "list", "--format", "csv"], in: folder, environment: env)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("tianjin/2018") && !list.stdout.contains("hangzhou"))
        let version = try jifen(["--version"], in: folder, environment: env)
        #expect(version.stdout.contains("\(data.path) (from JIFEN_DATA)"))
        // --rules-dir wins over the environment for rule books.
        let dir = try jifen(["rules", "list", "--format", "csv", "--rules-dir", Fixtures.datasets.appendingPathComponent("rules").path],
                            in: folder, environment: env)
        #expect(dir.stdout.contains("hangzhou/2023"))
        env["JIFEN_DATA"] = folder.appendingPathComponent("nowhere").path
        let bad = try jifen(["rules", "list"], in: folder, environment: env)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("JIFEN_DATA: '\(folder.path)/nowhere' has no rules/ folder"), "\(bad.stderr)")
    }

    func notebook(_ folder: URL, _ body: String) throws -> URL {
        let url = folder.appendingPathComponent("nb.md")
        try body.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func runRefusesToRecordANewFailureUnlessAsked() throws {
        let (folder, environment) = try elsewhere()
        let text = """
            # A notebook with a broken cell

            ```jifen
            jifen rules list --format csv --rules-dir nowhere
            ```

            """
        let url = try notebook(folder, text)
        let refused = try jifen(["notebook", "run", url.path], in: folder, environment: environment)
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("FAILED \(url.path): not rewritten; 1 command(s) failed"), "\(refused.stdout)")
        #expect(refused.stdout.contains("line 3: `jifen rules list --format csv --rules-dir nowhere` exited with status 2"))
        #expect(try String(contentsOf: url, encoding: .utf8) == text)
        let accepted = try jifen(["notebook", "run", "--accept-failures", url.path], in: folder, environment: environment)
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(try String(contentsOf: url, encoding: .utf8).contains("[exit status 2]"))
        // Once recorded, the same failure is expected, not new.
        let again = try jifen(["notebook", "run", url.path], in: folder, environment: environment)
        #expect(again.status == 0 && again.stdout.contains("outputs unchanged"), "\(again.stdout)")
    }

    @Test func aCellCannotRunNotebooks() throws {
        let (folder, environment) = try elsewhere()
        let url = try notebook(folder, """
            # Runs itself

            ```jifen
            jifen notebook run nb.md
            ```

            """)
        let r = try jifen(["notebook", "run", url.path], in: folder, environment: environment)
        #expect(r.status == 1)
        #expect(r.stderr.contains("a notebook cell cannot run `jifen notebook`"), "\(r.stderr)")
        #expect(r.stdout.contains("exited with status 2"))
    }

    @Test func checkWithoutFilesChecksTheNotebooksNextToTheData() throws {
        let (folder, environment) = try elsewhere()
        let data = folder.appendingPathComponent("project/datasets")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixtures.datasets.appendingPathComponent("rules"), to: data.appendingPathComponent("rules"))
        let notebooks = folder.appendingPathComponent("project/notebooks-md")
        try FileManager.default.createDirectory(at: notebooks, withIntermediateDirectories: true)
        try """
            # Editions

            ```jifen
            jifen rules list --format csv
            ```

            """.write(to: notebooks.appendingPathComponent("editions.md"), atomically: true, encoding: .utf8)
        var env = environment
        env["JIFEN_DATA"] = data.path
        let drift = try jifen(["notebook", "check"], in: folder, environment: env)
        #expect(drift.status == 1)
        #expect(drift.stdout.contains("editions.md: 1 difference(s)"), "\(drift.stdout)")
        #expect(try jifen(["notebook", "run", notebooks.appendingPathComponent("editions.md").path], in: folder, environment: env).status == 0)
        let ok = try jifen(["notebook", "check"], in: folder, environment: env)
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.contains("ok     \(notebooks.path)/editions.md (1 commands)"))
    }
}
