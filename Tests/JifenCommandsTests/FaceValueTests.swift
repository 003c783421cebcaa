import Foundation
import JifenPolicy
import JifenTestSupport
import Testing

/// Answers a person can take at face value: the issue's items 1–7, through the command line.
@Suite struct FaceValueTests {
    func jifen(_ args: String...) throws -> (status: Int32, stdout: String, stderr: String) {
        try Fixtures.run("jifen", args, environment: ["JIFEN_DATA": nil])
    }

    func temp(_ name: String, _ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-face-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    // MARK: 1. Profiles

    @Test func aCommonFieldNameSuggestsTheFieldMeant() throws {
        let path = try temp("p.yaml", "places:\n  tianjin:\n    social_insurance_months: 30\n")
        let r = try jifen("score", "--profile", path, "--city", "tianjin", "--as-of", "2019-06-01")
        #expect(r.status == 2)
        #expect(r.stderr.contains("p.yaml:3: places.tianjin.social_insurance_months: unknown field (did you mean 'insured_months'?)"), "\(r.stderr)")
    }

    @Test func aMisspeltPlaceIsRejectedWithASuggestion() throws {
        let path = try temp("p.yaml", "places:\n  hangzou:\n    insured_months: 30\n")
        let r = try jifen("compare", "--profile", path, "--as-of", "2024-06-01")
        #expect(r.status == 2)
        #expect(r.stderr.contains("p.yaml:3: places.hangzou: unknown place 'hangzou' (did you mean 'hangzhou'?)"), "\(r.stderr)")
        let spouse = try temp("s.yaml", "married: true\nspouse:\n  place: tianjn\n")
        let s = try jifen("score", "--profile", spouse, "--city", "tianjin", "--as-of", "2019-06-01")
        #expect(s.status == 2)
        #expect(s.stderr.contains("unknown place 'tianjn' (did you mean 'tianjin'?)"), "\(s.stderr)")
    }

    @Test func aMisspeltPlaceInAnApplicantListIsRejectedAtItsHeader() throws {
        let path = try temp("a.csv", "id,birth_date,places.hangzou.insured_months\na,1990-01-01,20\n")
        for command in [["score-batch"], ["rank", "--quota", "1"]] {
            let r = try Fixtures.run("jifen", command + ["--edition", "hangzhou/2023", "--input", path, "--as-of", "2024-06-01"],
                                     environment: ["JIFEN_DATA": nil])
            #expect(r.status == 2)
            #expect(r.stderr.contains("a.csv:1: places.hangzou: unknown place 'hangzou' (did you mean 'hangzhou'?)"), "\(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
    }

    @Test func theProfileTemplateScoresAsWrittenAndNeverOverwrites() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-face-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("me.yaml").path
        let made = try jifen("profile", "new", "--city", "tianjin", "--output", path)
        #expect(made.status == 0, "\(made.stderr)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("  tianjin:") && text.contains("# none | junior | intermediate | associate_senior | senior"))
        let scored = try jifen("score", "--profile", path, "--city", "tianjin", "--as-of", "2024-06-01")
        #expect(scored.status == 0, "\(scored.stderr)")
        #expect(try jifen("profile", "check", path).stdout.contains("ok     \(path): places tianjin"))
        let again = try jifen("profile", "new", "--output", path)
        #expect(again.status == 2 && again.stderr.contains("already exists"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    }

    // MARK: 2. compare

    @Test func theCompareChartMarksIneligibleCitiesAndAssumedPoints() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-face-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let plot = dir.appendingPathComponent("c.svg").path
        let r = try jifen("compare", "--profile", "datasets/profiles/senior-engineer-title.yaml", "--as-of", "2025-06-01",
                          "--plot", plot, "--format", "json")
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let cities = try #require(object["cities"] as? [[String: Any]])
        let svg = try String(contentsOfFile: plot, encoding: .utf8)
        let faded = svg.components(separatedBy: "fill-opacity=\"0.35\"").count - 1
        let barsOfIneligible = cities.filter { $0["eligible"] as? Bool == false }
        #expect(!barsOfIneligible.isEmpty)
        for city in barsOfIneligible {
            // A city that ranks without a threshold (Beijing) has no "/ threshold" on its label.
            let threshold = city["threshold"] is NSNull ? "" : "/ \(fmtNumber(city["threshold"])) "
            #expect(svg.contains("\(fmtNumber(city["total"])) \(threshold)· 不符合条件 not eligible"), "\(city["city"] ?? "")")
        }
        #expect(faded > 0)
        // Tongxiang's city values are assumed: its points on them are outlined.
        #expect(svg.contains("class=\"assumed\""))
    }

    func fmtNumber(_ any: Any?) -> String {
        guard let d = any as? Double else { return "" }
        return d == d.rounded() ? String(Int(d)) : String(d)
    }

    /// Family couple in 2019: eligible in Hangzhou (no published quota: even chance) and in Tianjin,
    /// 342 points against a published 2018 cutoff of 146, so every simulated pool admits them.
    @Test func bestFitWeighsTheChanceOfAdmission() throws {
        let r = try jifen("compare", "--profile", "datasets/profiles/family-couple-tianjin.yaml", "--as-of", "2019-06-01", "--format", "json")
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let chances = try #require(object["chances"] as? [[String: Any]])
        let tianjin = try #require(chances.first { $0["city"] as? String == "tianjin" })
        #expect(tianjin["probability"] as? Double == 1)
        #expect((tianjin["text"] as? String)?.contains("at the 2018 batch 1 quota of 4694") == true)
        #expect(!chances.contains { $0["city"] as? String == "hangzhou" })
        #expect(object["best"] as? String == "tianjin")
        #expect((object["reason"] as? String)?.contains("hangzhou: chance of admission not estimated (no published quota), counted as even") == true)
    }

    // MARK: 3. plan

    @Test func planStatesEachCitysScenarioAndStart() throws {
        let r = try jifen("plan", "--profile", "datasets/profiles/young-graduate-renting.yaml", "--as-of", "2025-06-01", "--years", "2")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("the person follows one of them, not all at once"))
        #expect(r.stdout.contains("hangzhou: already lives or works in hangzhou: from 2025-06-01 keeps living, working and insured"))
        #expect(r.stdout.contains("tianjin: moves to tianjin on 2025-06-01"))
        let csv = try jifen("plan", "--profile", "datasets/profiles/young-graduate-renting.yaml", "--as-of", "2025-06-01", "--years", "2", "--format", "csv")
        #expect(csv.status == 0)
        let rows = try CSV.parse(csv.stdout, file: "stdout")
        #expect(rows.first?.fields.prefix(3) == ["city", "scenario", "start"])
        #expect(rows.dropFirst().map { $0.fields[0] } == ["beijing", "hangzhou", "tianjin", "tongxiang"])
        #expect(rows.dropFirst().allSatisfy { $0.fields[2] == "2025-06-01" })
    }

    // MARK: 4. cards

    @Test func cardsFitAHundredColumnsAndSayWhatIsUnmet() throws {
        for profile in try FileManager.default.contentsOfDirectory(atPath: Fixtures.datasets.appendingPathComponent("profiles").path).sorted() {
            for city in ["hangzhou", "tianjin", "tongxiang"] {
                let r = try jifen("score", "--profile", "datasets/profiles/\(profile)", "--city", city, "--as-of", "2025-06-01", "--all")
                #expect(r.status == 0, "\(r.stderr)")
                let widest = r.stdout.split(separator: "\n").map { displayColumns(String($0)) }.max() ?? 0
                #expect(widest <= 100, "\(profile) in \(city): \(widest) columns")
                #expect(!r.stdout.contains("null"))
                if r.stdout.contains("Eligible 符合申请条件: no") { #expect(r.stdout.contains("Not met: ") || r.stdout.contains("below the threshold")) }
            }
        }
        let wide = try jifen("score", "--profile", "datasets/profiles/senior-engineer-title.yaml", "--city", "tianjin", "--as-of", "2025-06-01", "--wide")
        #expect((wide.stdout.split(separator: "\n").map { displayColumns(String($0)) }.max() ?? 0) > 100)
        #expect(wide.stdout.contains("Not met: employed by a Tianjin employer"))
    }

    /// The comparison and plan tables stack English over Chinese headings and wrap the last
    /// column, so every line fits 100 columns.
    @Test func comparisonAndPlanTablesFitAHundredColumns() throws {
        for profile in try FileManager.default.contentsOfDirectory(atPath: Fixtures.datasets.appendingPathComponent("profiles").path).sorted() {
            for command in ["compare", "plan"] {
                let r = try jifen(command, "--profile", "datasets/profiles/\(profile)", "--as-of", "2025-06-01")
                #expect(r.status == 0, "\(r.stderr)")
                let widest = r.stdout.split(separator: "\n").map { displayColumns(String($0)) }.max() ?? 0
                #expect(widest <= 100, "\(command) \(profile): \(widest) columns")
                #expect(r.stdout.contains("threshold") && r.stdout.contains("分值线"))
            }
        }
        let detention = try jifen("compare", "--profile", "datasets/profiles/detention-record.yaml", "--as-of", "2025-06-01")
        #expect(detention.stdout.contains("conditions unmet") || detention.stdout.contains("vetoed"))
    }

    /// Hangzhou 2018, rented_home: 6 points per full 12 months, at most 30; 120 months → 60 → 30.
    @Test func aCappedIndicatorSaysItsCap() throws {
        let path = try temp("r.yaml", "places:\n  hangzhou:\n    rented_months: 120\n")
        let r = try jifen("score", "--profile", path, "--edition", "hangzhou/2018", "--as-of", "2019-06-01", "--format", "json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let line = try #require((object["lines"] as? [[String: Any]])?.first { $0["indicator"] as? String == "rented_home" })
        #expect(line["points"] as? Double == 30)
        #expect(line["raw_points"] as? Double == 60)
        #expect((line["detail"] as? String)?.hasSuffix("= 60, capped at 30") == true, "\(line["detail"] ?? "")")
    }

    // MARK: 5. rank

    @Test func rankWithNoEligibleApplicantSaysWhy() throws {
        let path = try temp("a.csv", "id,places.tianjin.insured_months\na1,0\na2,0\n")
        let r = try jifen("rank", "--edition", "tianjin/2018", "--input", path, "--quota", "1", "--as-of", "2019-06-01")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("No applicant is eligible, so no one is admitted"))
        #expect(r.stdout.contains("Not eligible 不符合条件: 2 applicant(s), each counted under the first condition it fails:"))
        #expect(r.stdout.split(separator: "\n").contains { $0.hasPrefix("       2  Not met: ") }, "\(r.stdout)")
        let json = try jifen("rank", "--edition", "tianjin/2018", "--input", path, "--quota", "1", "--as-of", "2019-06-01", "--format", "json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let counts = try #require(object["ineligible"] as? [[String: Any]])
        #expect(counts.map { $0["count"] as? Double ?? 0 }.reduce(0, +) == 2)
    }

    // MARK: 6. reforms

    @Test func aReformIsRefusedOrWarnedOnEditionsItWasNotWrittenFor() throws {
        let refused = try jifen("score", "--profile", "datasets/profiles/family-couple-tianjin.yaml", "--edition", "tianjin/2022",
                                "--reform", "datasets/reforms/tianjin-no-age.yaml", "--as-of", "2024-06-01")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("applies_to: reform tianjin-no-age applies to tianjin/2018, not tianjin/2022"), "\(refused.stderr)")
        let warned = try jifen("compare", "--profile", "datasets/profiles/family-couple-tianjin.yaml", "--as-of", "2024-06-01",
                               "--reform", "datasets/reforms/tianjin-no-age.yaml", "--format", "json")
        #expect(warned.status == 0, "\(warned.stderr)")
        #expect(warned.stderr.contains("warning: reform tianjin-no-age applies to tianjin/2018; tianjin/2022 is scored as published, without it"))
        #expect(!warned.stdout.contains("tianjin/2022+tianjin-no-age"))
        let text = try String(contentsOfFile: Fixtures.datasets.appendingPathComponent("reforms/tianjin-no-age.yaml").path, encoding: .utf8)
        let widened = try temp("r.yaml", text + "applies_to: [tianjin/2018, tianjin/2022]\n")
        let applied = try jifen("score", "--profile", "datasets/profiles/family-couple-tianjin.yaml", "--edition", "tianjin/2022",
                                "--reform", widened, "--as-of", "2024-06-01", "--format", "json")
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.contains("\"edition\": \"tianjin/2022+tianjin-no-age\"") || applied.stdout.contains("\"edition\":\"tianjin/2022+tianjin-no-age\""))
    }

    // MARK: 7. smaller items

    @Test func notebookRunHelpNamesAShippedNotebook() throws {
        let r = try jifen("notebook", "run", "--help")
        let named = try #require(r.stdout.range(of: #"notebooks-md/[a-z0-9-]+\.md"#, options: .regularExpression).map { String(r.stdout[$0]) })
        #expect(FileManager.default.fileExists(atPath: Fixtures.packageRoot.appendingPathComponent(named).path), "\(named)")
    }

    @Test func noNotebookRepeatsAHeading() throws {
        let folder = Fixtures.packageRoot.appendingPathComponent("notebooks-md")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".md") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            let headings = text.split(separator: "\n").filter { $0.hasPrefix("#") }
            #expect(Set(headings).count == headings.count, "\(name) repeats a heading")
        }
    }

    @Test func runsShowIsTextUnlessJSONIsAsked() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-face-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let db = dir.appendingPathComponent("runs.sqlite").path
        let sim = try jifen("simulate", "--edition", "tongxiang/2022", "--quota", "40", "--pool", "200", "--replicates", "3", "--db", db)
        #expect(sim.status == 0, "\(sim.stderr)")
        let text = try jifen("runs", "show", "1", "--db", db)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("document summary\n  edition: tongxiang/2022\n"))
        #expect(text.stdout.contains("  cutoff:\n    mean: "))
        #expect(!text.stdout.contains("{\"") && !text.stdout.contains("\":"))
        let json = try jifen("runs", "show", "1", "--db", db, "--format", "json")
        #expect(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) is [String: Any])
    }

    @Test func theRuleUncertaintyChartShowsTheRuleSpread() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-face-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let plot = dir.appendingPathComponent("ru.svg").path
        let r = try jifen("simulate", "--edition", "tongxiang/2022", "--quota", "40", "--pool", "200", "--replicates", "8",
                          "--rule-uncertainty", "--no-store", "--plot", plot)
        #expect(r.status == 0, "\(r.stderr)")
        let svg = try String(contentsOfFile: plot, encoding: .utf8)
        #expect(svg.contains("规则随机 Rules drawn from ranges") && svg.contains("规则如文 Rules as stated"))
        #expect(svg.contains("8 pools of 200, quota 40, seed 1"))
    }

    func displayColumns(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { w, u in
            let v = u.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v)
            return w + (wide ? 2 : 1)
        }
    }
}
