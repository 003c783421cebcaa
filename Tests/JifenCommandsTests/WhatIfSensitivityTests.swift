import Foundation
import JifenPolicy
import JifenTestSupport
import Testing

/// Pool what-ifs, sensitivity and rule uncertainty through the command line.
@Suite struct WhatIfSensitivityTests {
    func jifen(_ args: String...) throws -> (status: Int32, stdout: String, stderr: String) {
        try Fixtures.run("jifen", args)
    }

    func reformFile(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-reform-\(UUID().uuidString).yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static let noAge = "datasets/reforms/tianjin-no-age.yaml"

    @Test func aReformWithABadPathExitsTwoNamingThePath() throws {
        let bad = try reformFile("id: bad\ntitle: Bad path\nbase: tianjin/2018\nset:\n  - {path: \"indicators.agee.bands[0].points\", value: 5}\n")
        let pool = try jifen("whatif", "--no-store", "--reform", bad, "--pool", "200", "--quota", "20", "--replicates", "2")
        #expect(pool.status == 2)
        #expect(pool.stderr.contains("indicators.agee.bands[0].points") && pool.stderr.contains("did you mean 'age'"), "\(pool.stderr)")
        let sim = try jifen("simulate", "--no-store", "--edition", "tianjin/2018", "--reform", bad, "--pool", "200", "--quota", "20", "--replicates", "2")
        #expect(sim.status == 2)
        #expect(sim.stderr.contains("indicators.agee.bands[0].points"), "\(sim.stderr)")
    }

    @Test func aReformThatBreaksTheRulesExitsTwo() throws {
        // A band whose min is above its max fails the edition validator after the change.
        let bad = try reformFile("id: crossed\ntitle: Crossed band\nbase: tianjin/2018\nset:\n  - {path: \"indicators.age.bands[1].min\", value: 50}\n")
        let r = try jifen("whatif", "--no-store", "--reform", bad, "--pool", "200", "--quota", "20", "--replicates", "2")
        #expect(r.status == 2)
        #expect(r.stderr.contains("min 50") && r.stderr.contains("above max"), "\(r.stderr)")
    }

    @Test func sensitivityRejectsAnUnknownParameterPath() throws {
        let r = try jifen("sensitivity", "--no-store", "--edition", "tianjin/2018", "--pool", "200", "--quota", "20", "--parameters", "indicators.age.nope")
        #expect(r.status == 2)
        #expect(r.stderr.contains("indicators.age.nope"), "\(r.stderr)")
    }

    @Test func whatIfPoolJSONIsIdenticalForTheSameSeedOnOneOrTwoThreads() throws {
        func run(_ threads: String, _ seed: String) throws -> String {
            let r = try jifen("whatif", "--no-store", "--reform", Self.noAge, "--pool", "800", "--quota", "100", "--replicates", "4",
                              "--seed", seed, "--threads", threads, "--format", "json")
            #expect(r.status == 0, "\(r.stderr)")
            return r.stdout
        }
        let one = try run("1", "5")
        #expect(one == (try run("2", "5")))
        #expect(one != (try run("1", "6")))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(one.utf8)) as? [String: Any])
        for key in ["cutoff_shift", "flips_out", "flips_in", "kendall_tau_b", "spearman", "jaccard_admitted", "admitted_change"] {
            let m = try #require(json[key] as? [String: Any], "\(key)")
            #expect(m["mean"] != nil && m["p05"] != nil && m["p95"] != nil)
        }
        #expect((json["flips_by_group"] as? [Any])?.isEmpty == false)
    }

    @Test func sensitivityJSONIsIdenticalForTheSameSeedOnOneOrTwoThreads() throws {
        func run(_ method: String, _ threads: String) throws -> String {
            let r = try jifen("sensitivity", "--no-store", "--edition", "tianjin/2018", "--pool", "300", "--quota", "50", "--replicates", "2",
                              "--method", method, "--parameters", "indicators.age.bands[0].points,indicators.residence_years.rate",
                              "--trajectories", "4", "--samples", "8", "--threads", threads, "--format", "json")
            #expect(r.status == 0, "\(r.stderr)")
            return r.stdout
        }
        for method in ["tornado", "morris", "sobol"] {
            let one = try run(method, "1")
            #expect(one == (try run(method, "2")), "\(method)")
        }
        let sobol = try #require(try JSONSerialization.jsonObject(with: Data(try run("sobol", "2").utf8)) as? [String: Any])
        let first = try #require((sobol["ranked"] as? [[String: Any]])?.first)
        #expect(Set(first.keys).isSuperset(of: ["names", "S1", "S1_conf", "ST", "ST_conf"]))
    }

    @Test func simulateReportsRuleUncertaintyForTongxiang() throws {
        let r = try jifen("simulate", "--no-store", "--edition", "tongxiang/2022", "--pool", "500", "--quota", "100", "--replicates", "8",
                          "--rule-uncertainty", "--format", "json")
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let u = try #require(json["variance"] as? [String: Any])
        let total = try #require(u["variance_total"] as? Double), sampling = try #require(u["variance_sampling"] as? Double)
        let rules = try #require(u["variance_rules"] as? Double), pool = try #require(u["variance_pool_model"] as? Double)
        #expect(sampling >= 0 && rules >= 0 && pool >= 0 && sampling <= total + 1e-9)
        let covers = try #require(json["band_covers"] as? [String])
        #expect(covers.count == 3 && covers[2].contains("inferred or assumed values"))
    }
}
