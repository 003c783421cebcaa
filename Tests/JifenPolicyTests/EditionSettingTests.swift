import Foundation
import JifenPolicy
import JifenTestSupport
import Testing

/// Values set by typed path: the same edition a reform's `set` gives, checked by the same
/// constraints as a rule book, with wrong paths named.
@Suite struct EditionSettingTests {
    let book: Rulebook
    let edition: Edition
    let asOf = Day("2024-06-01")!

    init() throws {
        book = try TestRules().load()
        edition = try book.edition("testcity/2020")
    }

    func card(_ e: Edition, _ yaml: String) throws -> ScoreCard {
        try Scorer(e).score(Profile.decode(Tree.parse(yaml, file: "t.yaml"), today: asOf), asOf: asOf)
    }

    static let applicant = """
    birth_date: 1984-05-01
    skill: level2
    places:
      testcity: {insured_months: 42, residence_months: 30}
    volunteer_hours: 65
    """

    @Test func aSetValueIsScoredAndCitedAsSet() throws {
        // Skill level2: 25 (assumed, [20, 30]) set to 28; volunteering's per_step 2 set to 3.
        let set = try edition.setting([("indicators.skill.points.level2", 28), ("indicators.volunteering.per_step", 3)])
        let before = try card(edition, Self.applicant), after = try card(set, Self.applicant)
        let skill = try #require(after.lines.first { $0.indicator == "skill" })
        #expect(before.lines.first { $0.indicator == "skill" }?.points == 25)
        #expect(skill.points == 28)
        #expect(skill.citation.source == "setting" && skill.citation.confidence == .assumed)
        #expect(skill.citation.clause == "indicators.skill.points.level2: 25 → 28")
        #expect(skill.assumptions.map(\.path) == ["indicators.skill.points.level2"])
        // 65 hours: base 2 + 2 full steps of 20 beyond the start at 20, 2 → 3 each: 2 + 2 × 3 = 8.
        #expect(after.lines.first { $0.indicator == "volunteering" }?.points == 8)
        #expect(set.id == "testcity/2020+settings")
        #expect(set.source("setting") != nil)
        // The edition it came from is unchanged.
        #expect(edition.indicator("skill")?.kind.parameters.map(\.value) == [15, 25])
    }

    @Test func aSettingScoresAsAReformThatSetsTheSameValues() throws {
        let reform = try Reform(text: """
        id: same
        title: same values
        set: [{path: "indicators.insurance.tiers[1].rate", value: 2.5}, {path: threshold, value: 60}, {path: groups.bonus.cap, value: 12}]
        """, file: "same.yaml")
        let reformed = try reform.apply(to: edition.id, in: book)
        let set = try edition.setting([("indicators.insurance.tiers[1].rate", 2.5), ("threshold", 60), ("groups.bonus.cap", 12)])
        #expect(set.parameters.map(\.value) == reformed.parameters.map(\.value))
        var random = RandomProfiles(seed: 3)
        for _ in 0..<100 {
            let p = random.profile(asOf: asOf)
            let a = try Scorer(set).score(p, asOf: asOf), b = try Scorer(reformed).score(p, asOf: asOf)
            #expect(a.total == b.total && a.eligible == b.eligible)
            #expect(a.lines.map(\.points) == b.lines.map(\.points))
        }
    }

    @Test func aPathThatNamesNoValueIsRefusedWithAHint() throws {
        do {
            _ = try edition.setting("indicators.skill.points.level9", to: 1)
            Issue.record("an unknown path was accepted")
        } catch let e as InputError {
            #expect(e.key == "indicators.skill.points.level9")
            #expect(e.message == "testcity/2020 has no rule value at this path (did you mean 'indicators.skill.points.level3'?)")
        }
    }

    @Test func aValueThatBreaksARuleIsRefusedAsTheRuleBookWouldBe() throws {
        // The same constraints and words as the decoder's.
        for (path, value, message) in [
            ("indicators.volunteering.step", 0.0, "step must be positive"),
            ("indicators.insurance.per", -12, "per must be positive"),
            ("indicators.insurance.tiers[1].from", 0, "tiers must have increasing `from`"),
            ("indicators.age.bands[1].min", 50, "min 50.0 is above max 45.0"),
            ("indicators.conduct.points.crime", -40, "write deductions as positive numbers; they are subtracted"),
            ("threshold", 2e9, "'2000000000.0' is beyond any rule value (at most 1e9 in magnitude); check the number"),
        ] {
            do {
                _ = try edition.setting(ParameterPath(path), to: value)
                Issue.record("\(path) = \(value) was accepted")
            } catch let e as InputError {
                #expect(e.key == path && e.message == message, "\(path): \(e.message)")
            }
        }
        #expect(throws: InputError.self) { try edition.setting("threshold", to: .nan) }
    }

    @Test func pathsAndIDsAreTyped() {
        let path: ParameterPath = "indicators.age.bands[1].points"
        #expect(path.steps.map(\.key) == ["indicators", "age", "bands", "points"])
        #expect(path.steps.map(\.index) == [nil, nil, 1, nil])
        #expect(edition.parameters.first { $0.path == "indicators.age.bands[1].points" }?.location == path)
        #expect(EditionID("tianjin/2018") == EditionID(city: "tianjin", name: "2018"))
        #expect(EditionID("tianjin") == nil && EditionID("tianjin/") == nil && EditionID("a/b/c") == nil)
        #expect(edition.editionID?.city == "testcity")
        #expect(ProfilePath.place("tianjin", "insured_months").inputName == "here.insured_months")
        #expect(InputPath.region("insured_months").profilePath(place: "hangzhou").description == "places.hangzhou.insured_months")
        #expect(ProfilePath("education.level").placeField == nil)
    }
}
