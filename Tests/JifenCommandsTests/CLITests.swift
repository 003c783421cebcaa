import Foundation
import JifenPolicy
import JifenTestSupport
import Testing

/// The command line as users call it: exit statuses, one-sentence errors, outputs.
@Suite struct CLITests {
    func jifen(_ args: String...) throws -> (status: Int32, stdout: String, stderr: String) {
        try Fixtures.run("jifen", args)
    }

    static let profile = "datasets/profiles/young-graduate-renting.yaml"

    func temp(_ name: String, _ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func rulesCheckPassesOnEveryShippedEdition() throws {
        let r = try jifen("rules", "check")
        #expect(r.status == 0, "\(r.stderr)")
        for id in ["hangzhou/2018", "hangzhou/2021", "hangzhou/2023", "zhejiang/common", "tongxiang/2022",
                   "tianjin/2016", "tianjin/2018", "tianjin/2020", "tianjin/2022"] {
            #expect(r.stdout.contains("ok     \(id)"), "\(id) not checked")
        }
    }

    @Test func rulesCheckNamesFileLineAndKeyOfAnUncitedValue() throws {
        let text = try String(contentsOfFile: Fixtures.datasets.appendingPathComponent("rules/tianjin/2016.yaml").path, encoding: .utf8)
        // Drop the citation of the threshold: its number then has none.
        var lines = text.components(separatedBy: "\n")
        let i = try #require(lines.firstIndex { $0.hasPrefix("threshold:") })
        let valueLine = try #require(lines[i...].firstIndex { $0.contains("value:") })
        let citeLines = lines[(i + 1)...].prefix { $0.hasPrefix("  ") }.indices.filter { !lines[$0].contains("value:") }
        for j in citeLines.reversed() { lines.remove(at: j) }
        let path = try temp("rules/tianjin/2016.yaml", lines.joined(separator: "\n"))
        // The folder's bibliography goes with the book.
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().deletingLastPathComponent()
        try FileManager.default.copyItem(at: Fixtures.datasets.appendingPathComponent("rules/sources.yaml"),
                                         to: folder.appendingPathComponent("sources.yaml"))
        let r = try jifen("rules", "check", path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("2016.yaml:\(valueLine + 1): threshold.value: this number has no citation"), "\(r.stderr)")
    }

    @Test func scoreJSONFollowsTheContract() throws {
        let r = try jifen("score", "--profile", Self.profile, "--city", "tianjin", "--as-of", "2019-06-01", "--format", "json")
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        for key in ["edition", "city", "as_of", "total", "eligible", "ineligible_reasons", "vetoed", "veto_reasons", "threshold",
                    "lines", "missing", "tie_break", "disclaimer"] {
            #expect(object[key] != nil, "missing key \(key)")
        }
        #expect(object["edition"] as? String == "tianjin/2018")
        let line = try #require((object["lines"] as? [[String: Any]])?.first)
        for key in ["indicator", "category", "points", "raw_points", "inputs", "rule", "citation"] { #expect(line[key] != nil) }
        let citation = try #require(line["citation"] as? [String: Any])
        #expect(citation["source"] != nil && citation["clause"] != nil && citation["confidence"] != nil)
    }

    @Test func scoreTextShowsCitationsConfidenceAndTheDisclaimer() throws {
        let r = try jifen("score", "--profile", "datasets/profiles/factory-worker-tongxiang.yaml", "--city", "tongxiang")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Simulation, not an official result"))
        #expect(r.stdout.contains("tongxiang/2022"))
        #expect(r.stdout.contains("assumed"))
        #expect(r.stdout.contains("Assumed values used"))
        #expect(r.stdout.contains("Unverified"))
    }

    @Test func compareNamesTheBestCity() throws {
        let r = try jifen("compare", "--profile", Self.profile, "--as-of", "2024-06-01", "--format", "json")
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let cities = try #require(object["cities"] as? [[String: Any]])
        #expect(Set(cities.compactMap { $0["city"] as? String }) == ["beijing", "hangzhou", "tianjin", "tongxiang"])
        #expect(object["best"] as? String != nil)
    }

    @Test(arguments: [
        (["score", "--profile", "nope.yaml", "--city", "tianjin"], "nope.yaml"),
        (["score", "--profile", profile, "--city", "tianjn"], "did you mean 'tianjin'"),
        (["score", "--profile", profile, "--edition", "tianjin/2019"], "unknown edition"),
        (["score", "--profile", profile, "--city", "tianjin", "--as-of", "2019-13-01"], "--as-of"),
        (["score", "--profile", profile, "--city", "tianjin", "--as-of", "2010-01-01"], "no tianjin edition is in force"),
        (["score", "--profile", profile], "--city"),
        (["score", "--profile", profile, "--city", "tianjin", "--bogus"], "--bogus"),
        (["rules", "show", "hangzhou/2099"], "unknown edition"),
        (["rank", "--edition", "tianjin/2018", "--input", "x.csv", "--quota", "0"], "--quota"),
        (["plan", "--profile", profile, "--years", "-1"], "--years"),
    ])
    func badInputExitsTwoWithOneSentence(args: [String], fragment: String) throws {
        let r = try Fixtures.run("jifen", args)
        #expect(r.status == 2, "\(args) → \(r.status)")
        #expect(r.stderr.contains(fragment), "\(r.stderr)")
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Stack"))
    }

    @Test func badProfilesExitTwoNamingTheField() throws {
        for (text, fragment) in [
            ("places: {tianjin: {insured_months: -4}}", "places.tianjin.insured_months: months cannot be negative"),
            ("birth_date: 2099-01-01", "birth_date"),
            ("educaton: {level: bachelor}", "did you mean 'education'"),
            ("education: {level: phd}", "unknown level 'phd'"),
            ("places: {tianjin: {home: {district: downtown}}}", "unknown tianjin district"),
            ("birth_date: [1990", "malformed"),
        ] {
            let path = try temp("p.yaml", text)
            let r = try jifen("score", "--profile", path, "--city", "tianjin")
            #expect(r.status == 2, "\(text)")
            #expect(r.stderr.contains(fragment), "\(text): \(r.stderr)")
            #expect(r.stderr.contains("p.yaml:"), "\(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
    }

    @Test func rankAdmitsByTieBreakAndReportsTheCutoff() throws {
        // Two applicants tie on 230 (same table lines); the tie-break prefers longer residence.
        let csv = """
        id,birth_date,education.level,skill,places.tianjin.insured_months,places.tianjin.residence_months,places.tianjin.employed,places.tianjin.settle_district,places.tianjin.home.district,places.tianjin.home.since
        a,1990-01-01,bachelor,level3,60,60,true,binhai,binhai,2015-01-01
        b,1990-01-01,bachelor,level3,60,60,true,binhai,binhai,2015-01-01
        c,1970-05-05,senior_high,level1,200,200,true,binhai,binhai,2010-01-01
        d,1995-05-05,master,,24,30,true,heping,,
        """
        let path = try temp("apps.csv", csv)
        let r = try jifen("rank", "--edition", "tianjin/2018", "--input", path, "--quota", "2", "--as-of", "2019-06-01", "--format", "json")
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["applicants"] as? Int == 4)
        #expect(object["eligible"] as? Int == 3, "d is below the guidance score")
        #expect(object["admitted_ids"] as? [String] == ["c", "a"], "a and b tie on every key: input order decides")
        #expect(object["tie_mass"] as? Int == 2)
        let batch = try jifen("score-batch", "--edition", "tianjin/2018", "--input", path, "--as-of", "2019-06-01")
        #expect(batch.status == 0)
        #expect(batch.stdout.split(separator: "\n").count == 5)
        // d by hand (tianjin/2018): age 26 → 20, master → 本科及以上 40, 24 insured months × 12/yr → 24,
        // 2 full years of residence × 6 → 12: 96, below the guidance score of 140.
        #expect(batch.stdout.contains("d,96,false,false,threshold"))
    }

    @Test func malformedCSVExitsTwoNamingTheLine() throws {
        let path = try temp("bad.csv", "id,places.tianjin.insured_months\na,10\nb,\"unclosed\n")
        let r = try jifen("score-batch", "--edition", "tianjin/2018", "--input", path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.csv:3"), "\(r.stderr)")
    }

    @Test func planAnswersWhenForEveryExampleProfile() throws {
        let folder = Fixtures.datasets.appendingPathComponent("profiles")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files.count >= 6)
        for f in files {
            let r = try jifen("plan", "--profile", "datasets/profiles/\(f)", "--as-of", "2026-11-21", "--format", "json")
            #expect(r.status == 0, "\(f): \(r.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            #expect((object["cities"] as? [Any])?.count == 4, "every city with a rule book: beijing, hangzhou, tianjin, tongxiang")
        }
    }

    @Test func helpExitsZero() throws {
        let r = try jifen("--help")
        #expect(r.status == 0)
        #expect(r.stdout.contains("compare"))
    }
}
