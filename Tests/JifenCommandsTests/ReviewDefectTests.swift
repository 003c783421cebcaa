import Foundation
import JifenAnalyses
import JifenPolicy
import JifenTestSupport
import Testing

/// Defects found in review: an option accepted and ignored, options missing from some commands,
/// a table misaligned by CJK text, and two commands that read one list differently.
@Suite struct ReviewDefectTests {
    func jifen(_ args: String...) throws -> (status: Int32, stdout: String, stderr: String) {
        try Fixtures.run("jifen", args)
    }

    @Test func cityListsReadTheSameWhateverTheSpacing() {
        #expect(CityList(parsing: "tianjin, hangzhou")?.ids == ["tianjin", "hangzhou"])
        #expect(CityList(parsing: " tianjin ,hangzhou,")?.ids == ["tianjin", "hangzhou"])
        #expect(CityList(parsing: "tongxiang")?.ids == ["tongxiang"])
        #expect(CityList(parsing: " , ") == nil)
        #expect(CityList(parsing: "") == nil)
    }

    @Test func planAndCompareTakeSpacesAfterCommas() throws {
        for command in ["plan", "compare"] {
            let r = try jifen(command, "--profile", "datasets/profiles/young-graduate-renting.yaml", "--cities", "tianjin, hangzhou",
                              "--as-of", "2024-06-01", "--format", "json")
            #expect(r.status == 0, "\(command): \(r.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            let rows = try #require((object["cities"] ?? object["plans"]) as? [[String: Any]], "\(command): \(object.keys)")
            #expect(Set(rows.compactMap { $0["city"] as? String }) == ["tianjin", "hangzhou"], "\(command)")
        }
    }

    @Test func calibrateRefusesAGeneratorItDoesNotUse() throws {
        let r = try jifen("calibrate", "--edition", "tianjin/2018", "--target", "datasets/history/tianjin.csv",
                          "--generator", "taus2", "--no-store")
        #expect(r.status == 2)
        #expect(r.stderr.contains("mt19937 generator only"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func simulateAlignsItsCJKRow() throws {
        let r = try jifen("simulate", "--edition", "tianjin/2018", "--pool", "300", "--quota", "30", "--replicates", "3",
                          "--threads", "1", "--as-of", "2019-06-01", "--no-store")
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.contains("across replicates") })
        let cutoff = try #require(lines.first { $0.contains("cutoff 分数线") })
        let tieMass = try #require(lines.first { $0.contains("tie mass at the cutoff") })
        // Every row ends its last column at the same terminal column as the header.
        #expect(cutoff.displayWidth == header.displayWidth, "\n\(header)\n\(cutoff)")
        #expect(tieMass.displayWidth == header.displayWidth, "\n\(header)\n\(tieMass)")
    }

    /// Pool `whatif` takes `--generator` like `simulate`: another generator draws other pools,
    /// and the run store records the one used.
    @Test func poolWhatIfDrawsWithTheGeneratorItIsGiven() throws {
        func run(_ generator: String, db: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
            try Fixtures.run("jifen", ["whatif", "--reform", "datasets/reforms/tianjin-no-age.yaml", "--pool", "400", "--quota", "40",
                                       "--replicates", "4", "--threads", "1", "--sampling-only", "--generator", generator, "--format", "json"]
                                      + (db.map { ["--db", $0] } ?? ["--no-store"]))
        }
        let mt = try run("mt19937"), taus = try run("taus2")
        #expect(mt.status == 0 && taus.status == 0, "\(mt.stderr)\(taus.stderr)")
        #expect(mt.stdout != taus.stdout)
        #expect(try run("taus2").stdout == taus.stdout)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-generator-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("runs.sqlite").path
        #expect(try run("taus2", db: db).status == 0)
        let listed = try jifen("runs", "list", "--db", db)
        #expect(listed.stdout.contains("taus2"), "\(listed.stdout)")
    }

    /// Dates, generators and quota ranges are typed options: a bad one is refused while the
    /// arguments are parsed, in one line that names the option and the form it takes.
    @Test func typedOptionsRefuseBadValuesInOneLine() throws {
        let cases: [([String], [String])] = [
            (["score", "--profile", "datasets/profiles/young-graduate-renting.yaml", "--city", "tianjin", "--as-of", "2019-02-30"],
             ["'2019-02-30'", "--as-of <YYYY-MM-DD>"]),
            (["simulate", "--edition", "tianjin/2018", "--quota", "10", "--generator", "ranlux"], ["'ranlux'", "'mt19937' and 'taus2'"]),
            (["bench", "--generator", "ranlux"], ["'ranlux'", "--generator"]),
            (["quota-curve", "--edition", "tianjin/2018", "--quotas", "500:100:100"], ["'500:100:100'", "--quotas <FROM:TO:STEP>"]),
            (["quota-curve", "--edition", "tianjin/2018", "--quotas", "1:2:3:4"], ["'1:2:3:4'", "FROM:TO:STEP"]),
        ]
        for (args, expected) in cases {
            let r = try Fixtures.run("jifen", args)
            #expect(r.status == 2, "\(args): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
            for text in expected { #expect(r.stderr.contains(text), "\(args): \(r.stderr)") }
            #expect(r.stdout.isEmpty)
        }
    }
}
