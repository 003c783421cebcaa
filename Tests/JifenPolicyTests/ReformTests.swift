import Foundation
import JifenPolicy
import JifenTestSupport
import Testing

@Suite struct ReformTests {
    let book: Rulebook
    let asOf = Day("2024-06-01")!

    init() throws { book = try TestRules().load() }

    func reform(_ text: String) throws -> Reform {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reform-\(UUID().uuidString).yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return try Reform.load(url.path)
    }

    func profile() throws -> Profile {
        try Profile.decode(Tree.parse("""
        birth_date: 1984-05-01
        education: {level: bachelor}
        places: {testcity: {insured_months: 42, residence_months: 30}}
        volunteer_hours: 65
        """, file: "p.yaml"), today: asOf)
    }

    @Test func aReformThatChangesNothingScoresTheSame() throws {
        let r = try reform("id: nothing\ntitle: No change\nchanges: {}\n")
        let base = try book.edition("testcity/2020")
        let reformed = try r.apply(to: base.id, in: book)
        #expect(reformed.id == "testcity/2020+nothing")
        let p = try profile()
        #expect(try Scorer(reformed).score(p, asOf: asOf).total == Scorer(base).score(p, asOf: asOf).total)
    }

    @Test func setScaleAndRemoveChangeTheCardAndAreShownAsAssumptions() throws {
        let r = try reform("""
        id: what-if
        title: A what-if
        changes:
          remove: {indicators: [volunteering]}
        set: [{path: threshold, value: 20}]
        scale: [{path: indicators.insurance, factor: 2}, {path: "indicators.age.bands[1].slope", factor: 0.5}]
        """)
        let e = try r.apply(to: "testcity/2020", in: book)
        let card = try Scorer(e).score(profile(), asOf: asOf, reform: r.id)
        let points = Dictionary(uniqueKeysWithValues: card.lines.map { ($0.indicator, $0.points) })
        // Age 40: 20 − 1 × 5 = 15 (slope halved); insurance 42 months: (24 × 2 + 18 × 4) / 12 = 10.
        #expect(points["age"] == 15)
        #expect(abs((points["insurance"] ?? 0) - 10) < 1e-12)
        #expect(points["volunteering"] == nil)
        #expect(card.threshold == 20)
        let insurance = try #require(card.lines.first { $0.indicator == "insurance" })
        #expect(insurance.confidence == .assumed)
        #expect(insurance.citation.source == "reform")
        #expect(card.reform == "what-if")
    }

    @Test(arguments: [
        ("set: [{path: \"indicators.agee.bands[0].points\", value: 3}]", "did you mean 'age'"),
        ("set: [{path: \"indicators.age.bands[7].points\", value: 3}]", "no item 7"),
        ("set: [{path: thresold, value: 3}]", "did you mean 'threshold'"),
        ("set: [{path: threshold, value: high}]", "expected a number"),
        ("changes: {remove: {indicators: [nothing]}}", "cannot remove 'nothing'"),
        ("changes: {id: other/2020}", "cannot change `id`"),
        ("changes: {indicators: [{id: age, kind: table}]}", "unknown field"),
        ("scale: [{path: threshold, factor: 2, by: 3}]", "unknown field"),
    ])
    func invalidReformsNameTheProblem(body: String, fragment: String) throws {
        let r = try reform("id: bad\ntitle: Bad\n" + body + "\n")
        do {
            _ = try r.apply(to: "testcity/2020", in: book)
            Issue.record("accepted: \(body)")
        } catch let e as InputError {
            #expect(e.message.contains(fragment), "\(e)")
        }
    }

    @Test func everyShippedReformAppliesToItsBase() throws {
        let shipped = try Rulebook.load(directory: Fixtures.datasets.appendingPathComponent("rules"))
        let folder = Fixtures.datasets.appendingPathComponent("reforms")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
        #expect(files.count >= 5)
        var cities = Set<String>()
        for f in files {
            let r = try Reform.load(folder.appendingPathComponent(f).path)
            let base = try #require(r.base)
            let e = try r.apply(to: base, in: shipped)
            #expect(e.id == "\(base)+\(r.id)")
            cities.insert(e.city)
        }
        #expect(cities == ["hangzhou", "tianjin", "tongxiang"])
    }
}

extension ReformTests {
    @Test func numbersInConditionsCanBeSetByTheirParameterPath() throws {
        let base = try book.edition("testcity/2020")
        let path = try #require(base.parameters.first { $0.path.hasPrefix("eligibility.") }?.path)
        #expect(path == "eligibility.adult.when[0].gte")
        let r = try reform("id: adults-21\ntitle: Adults from 21\nset: [{path: \"\(path)\", value: 21}]\n")
        let e = try r.apply(to: base.id, in: book)
        let teen = try Profile.decode(Tree.parse("birth_date: 2004-01-01", file: "p.yaml"), today: asOf)
        // Age 20 on 2024-06-01: an adult under the fixture (18), not under the reform (21).
        #expect(!(try Scorer(base).score(teen, asOf: asOf).ineligibleReasons.contains("Not met: aged 18 or over")))
        #expect(try Scorer(e).score(teen, asOf: asOf).ineligibleReasons.contains("Not met: aged 18 or over"))
    }
}
