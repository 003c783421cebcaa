import Foundation
import JifenTestSupport
import Testing

/// Issue 11 through the command line: sensitivity that says what orders it, pool what-ifs that
/// draw the model's parameters, and exported pools that carry their evaluation date.
@Suite struct HonestUncertaintyCLITests {
    func jifen(_ args: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try Fixtures.run("jifen", args)
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-honest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// The tornado's list is ordered by the ranking measure and says so; factors are labelled in
    /// words (paths stay in JSON); "at least 1 invention patent" is never lowered to 0.
    @Test func tornadoSaysWhatOrdersItsListAndLabelsFactorsInWords() throws {
        let args = ["sensitivity", "--no-store", "--edition", "tianjin/2018", "--pool", "400", "--quota", "80", "--replicates", "2",
                    "--threads", "2", "--parameters",
                    "indicators.age.bands[0].max,indicators.invention_patent.when[0].gte,indicators.residence_years.rate,threshold"]
        let text = try jifen(args)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("The rule changes that move rankings most (tornado, tianjin/2018)\nordered by the mean share of the admitted who flip out"))
        #expect(text.stdout.contains("The rule changes that move the cutoff most"))
        #expect(text.stdout.contains("Age: upper bound of the band up to 35 (and lower bound of the band 36–45), 35 → 28 / 42"))
        let report = try json(try jifen(args + ["--format", "json"]).stdout)
        #expect((report["ranked_by"] as? String)?.hasPrefix("mean share of the admitted who flip out") == true)
        let ranked = try #require(report["ranked"] as? [[String: Any]])
        #expect(ranked.count == 4)
        let shares = ranked.compactMap { $0["flip_share"] as? Double }
        #expect(shares.count == 4 && shares == shares.sorted(by: >))
        #expect(ranked.allSatisfy { $0["kendall_tau_b_distance"] is Double })
        let patent = try #require(ranked.first { $0["path"] as? String == "indicators.invention_patent.when[0].gte" })
        #expect(patent["low"] as? Double == 1 && patent["high"] as? Double == 2)
        #expect((patent["label"] as? String)?.hasPrefix("Invention patent: condition invention_patents ≥ 1") == true)
        #expect((report["ranked_by_cutoff"] as? [String])?.count == 4)
    }

    /// Under Sobol, rule values and pool settings are listed apart.
    @Test func sobolListsRuleValuesAndPoolSettingsApart() throws {
        let r = try jifen(["sensitivity", "--no-store", "--edition", "tianjin/2018", "--pool", "300", "--quota", "50", "--replicates", "1",
                           "--method", "sobol", "--parameters", "indicators.residence_years.rate", "--samples", "4", "--threads", "2",
                           "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try json(r.stdout)
        let rules = try #require(report["rule_values"] as? [[String: Any]]), pool = try #require(report["pool_settings"] as? [[String: Any]])
        #expect(rules.map { $0["names"] as? String } == ["indicators.residence_years.rate"])
        #expect(Set(pool.compactMap { $0["names"] as? String }).isSuperset(of: ["quota", "pool"]))
        #expect(rules.count + pool.count == (report["ranked"] as? [Any])?.count)
    }

    /// A pool what-if draws the model's parameters like simulate, says what its band covers,
    /// and keeps the model fixed with --sampling-only.
    @Test func poolWhatIfDrawsTheModelsParametersAndSaysWhatItsBandCovers() throws {
        let base = ["whatif", "--no-store", "--reform", "datasets/reforms/tianjin-no-age.yaml", "--quota", "200", "--replicates", "6",
                    "--threads", "2"]
        let drawn = try jifen(base + ["--format", "json"])
        #expect(drawn.status == 0, "\(drawn.stderr)")
        let d = try json(drawn.stdout)
        let covers = try #require(d["band_covers"] as? [String])
        #expect(covers.count == 2 && covers[1].contains("posterior"), "\(covers)")
        #expect(d["pool"] as? String == "drawn")
        let variance = try #require(d["variance"] as? [String: Any])
        #expect(variance["variance_pool_model"] is Double && variance["groups"] as? Double == 3)
        let text = try jifen(base)
        let words = text.stdout.replacingOccurrences(of: "\n", with: " ")
        #expect(words.contains("The bands p05–p95 (90% of replicates) cover another pool of applicants drawn from the same model (sampling); pool-model parameters drawn from the posterior"))
        #expect(text.stdout.contains("pool model") && text.stdout.contains("pairs of replicates"))

        let fixed = try json(try jifen(base + ["--sampling-only", "--pool", "2000", "--format", "json"]).stdout)
        #expect((fixed["band_covers"] as? [String])?.count == 1)
        #expect(fixed["pool"] as? Double == 2000)
        #expect(fixed["variance"] is NSNull)
        // Same seed, same result on one or two threads.
        let one = try jifen(base + ["--format", "json", "--threads", "1"]).stdout
        #expect(one == drawn.stdout)
    }

    /// `simulate --export-pool` writes its evaluation date into the file; `rank` with defaults
    /// then evaluates on that date and admits exactly the applicants simulate admitted in that pool.
    @Test func rankingAnExportedPoolWithDefaultsReproducesSimulate() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("pool.csv").path
        let sim = try jifen(["simulate", "--no-store", "--edition", "tianjin/2018", "--pool", "3000", "--quota", "400",
                             "--replicates", "1", "--sampling-only", "--as-of", "2019-06-01", "--export-pool", csv, "--format", "json"])
        #expect(sim.status == 0, "\(sim.stderr)")
        let s = try json(sim.stdout)
        let text = try String(contentsOfFile: csv, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines[0].hasPrefix("id,as_of,"))
        #expect(lines.dropFirst().allSatisfy { $0.split(separator: ",", maxSplits: 2)[1] == "2019-06-01" })

        let ranked = folder.appendingPathComponent("ranked.csv").path
        let rank = try jifen(["rank", "--edition", "tianjin/2018", "--input", csv, "--quota", "400", "--format", "json", "--output", ranked])
        #expect(rank.status == 0, "\(rank.stderr)")
        let r = try json(rank.stdout)
        #expect(r["as_of"] as? String == "2019-06-01")
        func value(_ key: String, _ inner: String = "mean") -> Double? { (s[key] as? [String: Any])?[inner] as? Double }
        #expect(r["cutoff"] as? Double == value("cutoff"))
        #expect(r["eligible"] as? Double == value("eligible"))
        #expect((r["admitted_ids"] as? [Any])?.count == 400)
        // The admitted's scores, from the ranked file, against simulate's summary of the same pool.
        let rows = try String(contentsOfFile: ranked, encoding: .utf8).split(separator: "\n").dropFirst()
        let header = try String(contentsOfFile: ranked, encoding: .utf8).split(separator: "\n")[0].split(separator: ",")
        let total = try #require(header.firstIndex(of: "total"))
        let admitted = rows.map { $0.split(separator: ",", omittingEmptySubsequences: false) }.filter { $0[1] == "true" }.compactMap { Double($0[total]) }
        let scores = try #require((s["admitted_scores"] as? [String: Any]))
        let mean = try #require((scores["mean"] as? [String: Any])?["mean"] as? Double)
        let max = try #require((scores["max"] as? [String: Any])?["mean"] as? Double)
        #expect(abs(admitted.reduce(0, +) / Double(admitted.count) - mean) < 1e-6)
        #expect(admitted.max() == max)

        // An --as-of that contradicts the file's date is refused, naming the file, line and column.
        let clash = try jifen(["rank", "--edition", "tianjin/2018", "--input", csv, "--quota", "400", "--as-of", "2020-01-01"])
        #expect(clash.status == 2)
        #expect(clash.stderr.contains("pool.csv:2: as_of:")
                && clash.stderr.contains("dated 2019-06-01"), "\(clash.stderr)")
        let same = try jifen(["score-batch", "--edition", "tianjin/2018", "--input", csv, "--as-of", "2019-06-01"])
        #expect(same.status == 0, "\(same.stderr)")
    }
}
