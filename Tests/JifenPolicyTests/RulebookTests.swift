import Foundation
@testable import JifenPolicy
import JifenTestSupport
import Testing

@Suite struct RulebookTests {
    @Test func aNewPlacesDistrictsComeFromItsRuleBook() throws {
        // testcity is known to no Swift code: its district list is the rule book's.
        let book = try TestRules().load()
        #expect(book.districtsByPlace["testcity"] == ["north", "south"])
        let ok = try Profile.decode(Tree.parse("places: {testcity: {home: {district: south}}}", file: "p.yaml"),
                                    districts: book.districtsByPlace)
        #expect(ok.place("testcity")?.home?.district == "south")
        let e = try #require(throws: InputError.self) {
            try Profile.decode(Tree.parse("places: {testcity: {home: {district: soth}}}", file: "p.yaml"), districts: book.districtsByPlace)
        }
        #expect(e.key == "places.testcity.home.district")
        #expect(e.message.contains("unknown testcity district 'soth' (did you mean 'south'?); expected one of: north, south"))
    }

    @Test func fixtureLoads() throws {
        let e = try TestRules().load().edition("testcity/2020")
        #expect(e.indicators.count == 9)
        #expect(e.assumedParameters.map(\.path) == ["indicators.skill.points.level2"])
    }

    @Test(arguments: [
        // A number without any citation in scope.
        ("""
    bands: [{max: 35, points: 20}, {min: 36, max: 45, points: 20, slope: -2, pivot: 35}]
        rule: "35 or younger 20; then -2 a year"
        cite: {source: doc, clause: "art. 3", confidence: verbatim}
    """, """
    bands: [{max: 35, points: 20}, {min: 36, max: 45, points: 20, slope: -2, pivot: 35}]
        rule: "35 or younger 20; then -2 a year"
    """, "no citation", "indicators[0].bands[0].max"),
        // An assumed value without a range.
        (#", range: [20, 30], note: "not published"}"#, "}", "needs `range", "indicators[2].points.level2.value"),
        // A citation without a confidence.
        (#"clause: "art. 5", confidence: verbatim}"#, #"clause: "art. 5"}"#, "missing required field", "indicators[3].cite.confidence"),
        // An unknown confidence label.
        (#"clause: "art. 7", confidence: verbatim}"#, #"clause: "art. 7", confidence: official}"#, "expected verbatim", "indicators[5].cite.confidence"),
        // A source that is not declared.
        (#"{source: doc, clause: "art. 8""#, #"{source: dco, clause: "art. 8""#, "did you mean 'doc'", "indicators[6].cite.source"),
        // An unknown input path.
        ("input: volunteer_hours", "input: volunteering_hours", "did you mean 'volunteer_hours'", "indicators[5].input"),
        // An unknown field.
        ("    per_step: 2", "    perstep: 2", "unknown field", "indicators[5].perstep"),
        // An unknown level.
        ("level3: 15", "level7: 15", "unknown level", "indicators[2].points.level7"),
        // A group that does not exist.
        ("group: bonus\n    kind: steps", "group: bonuses\n    kind: steps", "not declared", "indicators[5]"),
    ])
    func rejectsWithFileLineAndKey(old: String, new: String, message: String, key: String) throws {
        let e = try TestRules.error(replacing: old, with: new)
        #expect(e != nil)
        #expect(e?.message.contains(message) == true, "\(String(describing: e))")
        #expect(e?.key == key, "\(String(describing: e))")
        #expect(e?.file.hasSuffix("testcity/2020.yaml") == true)
        #expect(e?.line != nil)
    }

    @Test func extendsChangesOnlyWhatIsListed() throws {
        let child = """
        id: testcity/2022
        extends: testcity/2020
        in_force: {from: 2022-01-01}
        threshold: {value: 60, cite: {source: doc, clause: "2022 art. 1", confidence: paraphrased}}
        indicators:
          - id: insurance
            tiers: [{rate: 3}]
        remove: {indicators: [honours]}
        """
        let book = try TestRules(["testcity/2020.yaml": TestRules.base, "testcity/2022.yaml": child]).load()
        let e = try book.edition("testcity/2022")
        #expect(e.threshold?.value == 60)
        #expect(e.threshold?.citation.confidence == .paraphrased)
        #expect(e.indicator("honours") == nil)
        #expect(e.indicator("age") == (try book.edition("testcity/2020")).indicator("age"))
        if let rate = e.indicator("insurance")?.kind.rule as? RateRule {
            #expect(rate.tiers.map(\.rate.value) == [3])
            #expect(rate.per?.value == 12, "unlisted fields are inherited")
        } else {
            Issue.record("insurance is no longer a rate")
        }
        #expect(e.inForceTo == nil)
        #expect(try book.edition(city: "testcity", on: Day("2021-06-01")!).id == "testcity/2020")
        #expect(try book.edition(city: "testcity", on: Day("2023-06-01")!).id == "testcity/2022")
    }

    @Test func removingAnUnknownItemIsAnError() throws {
        let child = "id: testcity/2022\nextends: testcity/2020\nin_force: {from: 2022-01-01}\nremove: {indicators: [nothing]}\n"
        #expect(throws: InputError.self) {
            try TestRules(["testcity/2020.yaml": TestRules.base, "testcity/2022.yaml": child]).load()
        }
    }
}

extension TestRules {
    /// The error loading a variant of the base file gives.
    static func error(replacing old: String, with new: String) throws -> InputError? {
        let text = TestRules.base.replacingOccurrences(of: old, with: new)
        #expect(text != TestRules.base, "the replacement must change the fixture")
        do {
            _ = try TestRules(["testcity/2020.yaml": text]).load()
            return nil
        } catch let e as InputError {
            return e
        }
    }
}
