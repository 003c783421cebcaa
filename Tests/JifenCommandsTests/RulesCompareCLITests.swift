import Foundation
import JifenPolicy
import JifenTestSupport
import Testing

/// `jifen rules diff` and `jifen rules matrix` as a researcher calls them.
@Suite struct RulesCompareCLITests {
    func jifen(_ args: String...) throws -> (status: Int32, stdout: String, stderr: String) {
        try Fixtures.run("jifen", args)
    }

    @Test func diffOfTwoShippedEditionsIsValidJSONWithBothCitations() throws {
        let r = try jifen("rules", "diff", "tianjin/2016", "tianjin/2018", "--format", "json")
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["from"] as? String == "tianjin/2016" && object["to"] as? String == "tianjin/2018")
        let entries = try #require(object["entries"] as? [[String: Any]])
        #expect(!entries.isEmpty)
        for entry in entries where entry["change"] as? String == "changed" {
            let before = try #require(entry["before"] as? [String: Any]), after = try #require(entry["after"] as? [String: Any])
            #expect(before["text"] as? String != after["text"] as? String, "\(entry)")
        }
    }

    @Test func diffAcrossCitiesSaysWhatOnlyOneHas() throws {
        let fixture = try TestRules(["testcity/2020.yaml": TestRules.base,
                                     "othercity/2020.yaml": TestRules.base.replacingOccurrences(of: "testcity", with: "othercity")
                                        .replacingOccurrences(of: "id: married_here", with: "id: married_there")])
        let r = try jifen("rules", "diff", "testcity/2020", "othercity/2020", "--rules-dir", fixture.directory.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("two cities"))
        #expect(r.stdout.contains("only in testcity/2020  indicator  married_here"))
        #expect(r.stdout.contains("only in othercity/2020  indicator  married_there"))
    }

    @Test func diffOfAnUnknownEditionExitsTwoNamingIt() throws {
        let r = try jifen("rules", "diff", "tianjin/2018", "tianjin/1999")
        #expect(r.status == 2)
        #expect(r.stderr.contains("tianjin/1999"))
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
    }

    @Test func matrixCSVHasARowPerIndicatorAndEditionPresent() throws {
        let fixture = try TestRules()
        let r = try jifen("rules", "matrix", "--all", "--format", "csv", "--rules-dir", fixture.directory.path)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first == "indicator,edition,kind,group,most,confidence,assumed_values,source,rule")
        // The fixture has nine indicators and one edition.
        #expect(lines.count == 10)
        #expect(lines.contains { $0.hasPrefix("insurance,testcity/2020,rate,basic,40,verbatim,0,doc,") })
    }

    @Test func matrixByDefaultShowsTheEditionsInForce() throws {
        let r = try jifen("rules", "matrix", "--as-of", "2019-06-01", "--format", "json")
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let editions = try #require(object["editions"] as? [String])
        #expect(editions.contains("tianjin/2018") && editions.contains("hangzhou/2018"))
        #expect(!editions.contains("tianjin/2016") && !editions.contains("tianjin/2022"))
    }
}
