import Foundation
import JifenPolicy
import JifenTestSupport
import Testing

/// Each indicator kind on the fixture edition, with values worked out by hand from its table.
@Suite struct ScorerTests {
    let scorer: Scorer
    let asOf = Day("2024-06-01")!

    init() throws {
        scorer = Scorer(try TestRules().load().edition("testcity/2020"))
    }

    func card(_ yaml: String) throws -> ScoreCard {
        try scorer.score(Profile.decode(Tree.parse(yaml, file: "t.yaml"), today: asOf), asOf: asOf)
    }

    func points(_ c: ScoreCard, _ id: String) -> Double { c.lines.first { $0.indicator == id }?.points ?? .nan }

    @Test func kindsAndGroups() throws {
        let c = try card("""
        birth_date: 1984-05-01
        education: {level: master}
        skill: level2
        married: true
        spouse: {place: testcity}
        places:
          testcity:
            insured_months: 42
            residence_months: 30
            home: {district: north, since: 2021-05-01}
        volunteer_hours: 65
        awards:
          - {kind: honour, level: national, date: 2022-01-01}
          - {kind: honour, level: district, date: 2022-01-01}
          - {kind: honour, level: municipal, date: 2021-01-01}
          - {kind: honour, level: provincial, date: 2023-01-01}
          - {kind: honour, level: national, date: 2015-01-01}
        conduct:
          - {kind: crime, date: 2023-03-01}
          - {kind: admin_detention, date: 2023-03-01}
          - {kind: admin_detention, date: 2022-03-01}
        """)
        // Age 40: band 36–45, 20 − 2 × (40 − 35) = 10 (art. 3).
        #expect(points(c, "age") == 10)
        // Master ≥ bachelor → 30 (art. 4, at least); skill level2 25 (assumed); the higher counts.
        #expect(points(c, "education") == 30)
        #expect(points(c, "skill") == 0)
        // 42 months: 24 × 1/12 + 18 × 2/12 = 2 + 3 = 5 (art. 5, marginal tiers).
        #expect(abs(points(c, "insurance") - 5) < 1e-12)
        // Owned since 2021-05-01: 36 full months = 3 full years × 12 (north) = 36 (art. 6).
        #expect(points(c, "home") == 36)
        // 65 h: 2 + floor(45 / 20) × 2 = 6 (art. 7).
        #expect(points(c, "volunteering") == 6)
        #expect(points(c, "married_here") == 10)
        // National 15 (2015 one outside 5 years); others 3 × 5 = 15 capped at 10 → 25 (art. 9).
        #expect(points(c, "honours") == 25)
        // Bonus group 6 + 10 + 25 = 41, capped at 20 → cap line −21 (art. 9).
        #expect(points(c, "cap:bonus") == -21)
        // 2023-03-01 crime and detention are one act: −40; 2022 detention −20 → −60 (art. 10).
        #expect(points(c, "conduct") == -60)
        // 10 + 30 + 5 + 36 + 20 − 60 = 41 < 50.
        #expect(abs(c.total - 41) < 1e-12)
        #expect(!c.eligible)
        #expect(c.ineligibleReasons == ["total 41 is below the threshold 50"])
        #expect(abs(c.lines.map(\.points).reduce(0, +) - c.total) < 1e-12)
    }

    @Test func assumedValuesAreShownAsAssumptions() throws {
        let c = try card("birth_date: 1990-01-01\nskill: level2")
        let line = try #require(c.lines.first { $0.indicator == "skill" })
        #expect(line.points == 25)
        #expect(line.confidence == .assumed)
        #expect(line.assumptions.first?.range == 20...30)
        #expect(c.serialized().contains("\"confidence\": \"assumed\""))
    }

    @Test func onlyAssumedValuesThatScoredAreListedAsUsed() throws {
        // Alone, the assumed level2 value (25) scores and is listed.
        let alone = try card("birth_date: 1990-01-01\nskill: level2")
        #expect(alone.assumptions.map(\.path) == ["indicators.skill.points.level2"])
        // With a bachelor's degree (30) the "higher of" group drops the skill line to 0: the
        // assumption contributed nothing, so the card does not list it as used.
        let beaten = try card("birth_date: 1990-01-01\nskill: level2\neducation: {level: bachelor}")
        #expect(points(beaten, "skill") == 0)
        #expect(beaten.assumptions.isEmpty)
        #expect(beaten.serialized().contains("\"assumptions_used\": 0"))
    }

    @Test func floorVetoAndGates() throws {
        let c = try card("birth_date: 2010-01-01\nconduct: [{kind: crime, date: 2024-01-01}, {kind: serious_crime, date: 2001-01-01}]")
        // Age 14: 20; crime −40 → −20, floored at 0.
        #expect(c.total == 0)
        #expect(points(c, "floor") == 20)
        #expect(c.vetoed)
        #expect(!c.eligible)
        #expect(c.ineligibleReasons.contains("Not met: aged 18 or over"))
    }

    @Test func missingInputsAreListed() throws {
        let c = try card("education: {level: bachelor}")
        #expect(c.missing.contains("birth_date"))
        #expect(c.missing.contains("places.testcity"))
        #expect(points(c, "age") == 0, "an unknown age matches no band")
    }

    @Test func batchScoringMatchesTheExplainedCard() throws {
        let book = try Rulebook.load(directory: Fixtures.datasets.appendingPathComponent("rules"))
        var random = RandomProfiles(seed: 42)
        for edition in book.editions {
            let s = Scorer(edition)
            let asOf = edition.inForceFrom.adding(months: 6)
            let profiles = (0..<60).map { _ in random.profile(asOf: asOf) }
            let cols = s.compiled.batchColumns(profiles, asOf: asOf)
            for (j, p) in profiles.enumerated() {
                let card = try s.score(p, asOf: asOf)
                #expect(abs(card.total - cols.total[j]) < 1e-9, "\(edition.id) row \(j)")
                #expect(card.eligible == cols.isEligible(j), "\(edition.id) row \(j)")
            }
        }
    }
}
