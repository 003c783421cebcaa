import Foundation
import JifenPolicy
import JifenTestSupport
import Testing

/// Rule values beyond any real table are refused by the check, and the engine never prints a
/// non-finite score; reform text fields are checked, not skipped.
@Suite struct RuleValueBoundsTests {
    func checkError(_ text: String) throws -> InputError? {
        let rules = try TestRules(["testcity/2020.yaml": text])
        let results = Rulebook.check(files: [rules.directory.appendingPathComponent("testcity/2020.yaml")], directory: rules.directory)
        if case .failure(let e) = try #require(results.first).result { return e }
        return nil
    }

    @Test func aHugeSlopeFailsTheCheckNamingItsLine() throws {
        let text = TestRules.base.replacingOccurrences(of: "slope: -2,", with: "slope: 1e308,")
        let e = try #require(try checkError(text))
        #expect(e.key?.hasSuffix("slope") == true, "\(e)")
        #expect(e.message.contains("at most 1e9"))
        #expect(e.line == 1 + TestRules.base.components(separatedBy: "\n").firstIndex { $0.contains("slope: -2") }!)
    }

    @Test func aHugeRateAndAHugeRangeBoundFailTheCheck() throws {
        #expect(try checkError(TestRules.base.replacingOccurrences(of: "{rate: 1}", with: "{rate: -2e9}")) != nil)
        #expect(try checkError(TestRules.base.replacingOccurrences(of: "slope: -2,", with: "slope: 1e9,")) == nil)
    }

    @Test func aNonFiniteColumnIsAnErrorNamingTheIndicator() throws {
        let edition = try TestRules().load().edition("testcity/2020")
        let scorer = Scorer(edition)
        var columns = ScoreColumns(compiled: scorer.compiled, count: 2)
        columns.indicator[1][1] = .infinity
        #expect(throws: Never.self) { try Scorer.requireFinite(columns, row: 0, edition: edition) }
        let e = try #require(throws: InputError.self) { try Scorer.requireFinite(columns, row: 1, edition: edition, applicant: "applicant 'b'") }
        #expect(e.key == "indicators.\(edition.indicators[1].id)")
        #expect(e.message.contains("applicant 'b'"))
        columns.indicator[1][1] = 0
        columns.total[1] = .nan
        #expect(throws: InputError.self) { try Scorer.requireFinite(columns, row: 1, edition: edition) }
    }

    static let reform = "id: r\ntitle: T\nset: [{path: threshold, value: 120}]\n"

    @Test func reformBaseAndTitlesMustBeText() throws {
        let mapping = try #require(throws: InputError.self) { try Reform(text: Self.reform + "base: {a: 1}\n", file: "r.yaml") }
        #expect(mapping.key == "base" && mapping.line == 4)
        let list = try #require(throws: InputError.self) { try Reform(text: Self.reform + "title_zh: [a, b]\n", file: "r.yaml") }
        #expect(list.key == "title_zh")
        #expect(throws: InputError.self) { try Reform(text: Self.reform + "description: [a]\n", file: "r.yaml") }
        #expect(throws: Never.self) { try Reform(text: Self.reform + "base: testcity/2020\ntitle_zh: 标题\n", file: "r.yaml") }
    }

    @Test func anUnknownBaseIsBlamedOnTheReformsBaseLine() throws {
        let book = try TestRules().load()
        let r = try Reform(text: Self.reform + "base: testcity/2099\n", file: "r.yaml")
        let e = try #require(throws: InputError.self) { try r.baseEdition(in: book) }
        #expect(e.file == "r.yaml" && e.key == "base" && e.line == 4)
        #expect(e.message.contains("testcity/2020"))
        #expect(try Reform(text: Self.reform + "base: testcity/2020\n", file: "r.yaml").baseEdition(in: book)?.id == "testcity/2020")
    }

    @Test func profileCountsAndAmountsAreBounded() throws {
        #expect(throws: InputError.self) { try Profile.decode(Tree.parse("volunteer_hours: 1e14\n", file: "p.yaml")) }
        #expect(throws: InputError.self) { try Profile.decode(Tree.parse("donation_yuan: 1e300\n", file: "p.yaml")) }
        #expect(throws: Never.self) { try Profile.decode(Tree.parse("donation_yuan: 50000\nvolunteer_hours: 300\n", file: "p.yaml")) }
    }
}
