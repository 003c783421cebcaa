import Foundation
import JifenPolicy
import JifenTestSupport
import Testing

/// `jifen rules sources` and the flags of `rules check`, on the shipped books.
@Suite struct RulesSourcesTests {
    func jifen(_ args: String...) throws -> (status: Int32, stdout: String, stderr: String) {
        try Fixtures.run("jifen", args)
    }

    @Test func sourcesListsEveryEntryWithTheValuesItBacks() throws {
        let r = try jifen("rules", "sources", "--format", "json")
        #expect(r.status == 0, "\(r.stderr)")
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        let book = try Rulebook.load(directory: Fixtures.datasets.appendingPathComponent("rules"))
        #expect(entries.count == book.bibliography?.sources.count)
        // Counted independently: every cited number of every edition that names the source.
        for id in ["doc777", "wuscore-2020", "ruian", "tx-draft"] {
            let entry = try #require(entries.first { $0["id"] as? String == id })
            let expected = book.editions.flatMap(\.parameters).filter { $0.citation.source == id }.count
            #expect(entry["values"] as? Int == expected, "\(id)")
            #expect(expected > 0, "\(id) backs values")
        }
        let code = try #require(entries.first { $0["id"] as? String == "topie-rounding" })
        #expect(code["commit"] as? String == "d1adda6d623470c88c2f66d52c8a041321ef4a33")
        #expect(code["kind"] as? String == "system_code")
    }

    @Test func sourcesOfOneEditionAreTheOnesItCites() throws {
        let r = try jifen("rules", "sources", "tianjin/2016", "--format", "csv")
        #expect(r.status == 0, "\(r.stderr)")
        let ids = r.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[0]) }
        #expect(Set(ids) == ["tj-yjbys", "doc777", "tjrb2016", "luohu52", "wuscore-mockup"])
        let unknown = try jifen("rules", "sources", "tianjin/2019")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown edition 'tianjin/2019'"))
    }

    @Test func checkSummarisesFlagsAndListsThemOnRequest() throws {
        let summary = try jifen("rules", "check")
        #expect(summary.status == 0, "\(summary.stderr)")
        #expect(summary.stdout.contains("list them with --flags"))
        #expect(!summary.stdout.contains("  flag "))
        let listed = try jifen("rules", "check", "--flags")
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("  flag "), "\(listed.stdout)")
        #expect(listed.stdout.contains("not hangzhou/2021"))
    }
}
