import Foundation
import JifenTestSupport
import Testing

/// Beijing's calibrated posterior, as `simulate --edition beijing/2020` finds and uses it by default.
@Suite struct BeijingForecastCLITests {
    @Test func simulateDrawsFromTheBeijingPosteriorByDefault() throws {
        let run = try Fixtures.run("jifen", ["simulate", "--no-store", "--edition", "beijing/2020", "--quota", "6000",
                                             "--replicates", "4", "--threads", "2", "--seed", "3", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let out = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect((out["population"] as? String)?.hasSuffix("beijing-2020.posterior.yaml") == true, "\(out["population"] ?? "")")
        #expect(out["pool"] as? String == "drawn")
        let covers = try #require(out["band_covers"] as? [String])
        #expect(covers.count == 2 && covers[1].contains("posterior fitted to beijing/2020"), "\(covers)")
        // Fitted to the 2020 list (cutoff 97.13); 4 pools cannot place a 90 % band (docs/validation.md), so only the range is checked.
        let cutoff = try #require(out["cutoff"] as? [String: Any])
        let median = try #require(cutoff["median"] as? Double)
        #expect((90...100).contains(median), "cutoff median \(median)")
    }
}
