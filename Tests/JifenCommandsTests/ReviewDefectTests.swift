import Foundation
import JifenAnalyses
import JifenPolicy
import JifenTestSupport
import Testing

/// Defects found in review: an option accepted and ignored, a table misaligned by CJK text, and
/// two commands that read one list differently.
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
}
