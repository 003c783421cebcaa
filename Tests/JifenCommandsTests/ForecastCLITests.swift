import Foundation
import JifenTestSupport
import Testing

/// `calibrate` saving a posterior and `simulate` drawing from it, as a user runs them.
@Suite struct ForecastCLITests {
    func jifen(_ args: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try Fixtures.run("jifen", args)
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func calibrateSavesAPosteriorThatSimulateDrawsFrom() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-forecast-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let saved = folder.appendingPathComponent("tianjin.posterior.yaml").path
        let model = Fixtures.datasets.appendingPathComponent("populations/tianjin.yaml").path
        let cal = try jifen(["calibrate", "--no-store", "--edition", "tianjin/2018", "--population", model,
                             "--target", "datasets/history/tianjin.csv", "--replicates", "1", "--particles", "10",
                             "--generations", "2", "--threads", "2", "--save", saved])
        #expect(cal.status == 0, "\(cal.stderr)")
        #expect(cal.stdout.contains("narrowed") && cal.stdout.contains("noise sd") && cal.stdout.contains("ESS"))
        #expect(FileManager.default.fileExists(atPath: saved))

        let base = ["simulate", "--no-store", "--edition", "tianjin/2018", "--posterior", saved, "--quota", "4694",
                    "--replicates", "4", "--threads", "2", "--format", "json"]
        let drawn = try json(try jifen(base).stdout)
        let covers = try #require(drawn["band_covers"] as? [String])
        #expect(covers.count == 2 && covers[1].contains("posterior"))
        #expect(drawn["pool"] as? String == "drawn")
        let variance = try #require(drawn["variance"] as? [String: Any])
        #expect(variance["variance_pool_model"] is Double)

        let fixed = try json(try jifen(base + ["--sampling-only"]).stdout)
        #expect((fixed["band_covers"] as? [String])?.count == 1)
        #expect(fixed["pool"] is Double)

        let bigger = try jifen(base.dropLast(2) + ["--pool", "20000"])
        #expect(bigger.status == 0, "\(bigger.stderr)")
        #expect(bigger.stdout.contains("fixes the number of applicants"))
        #expect(bigger.stdout.contains("The band p05–p95 (90% of replicates) covers"))

        // A posterior may not overwrite its own model or the figures it was fitted to.
        let clash = try jifen(["calibrate", "--no-store", "--edition", "tianjin/2018", "--population", model,
                               "--target", "datasets/history/tianjin.csv", "--particles", "10", "--save", model])
        #expect(clash.status == 2)
        #expect(clash.stderr.contains("writing it would destroy it"), "\(clash.stderr)")
        let both = try jifen(base + ["--population", model])
        #expect(both.status == 2)
    }
}
