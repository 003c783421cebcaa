import Foundation
import JifenPolicy
import JifenTestSupport
import Testing

@Suite struct OutlookTests {
    let asOf = Day("2024-06-01")!

    func profile(_ yaml: String) throws -> Profile { try Profile.decode(Tree.parse(yaml, file: "p.yaml"), today: asOf) }

    @Test func advancingKeepsLivingWorkingAndInsured() throws {
        let p = try profile("""
        places:
          testcity: {insured_months: 10, insurance_months: {pension: 8}, residence_months: 10, permit_endorsements: 0,
                     provident_fund_months: 0, employed_months: 10, employer_months: 5, rented_months: 10}
        """)
        let q = Projection.advance(p, in: "testcity", months: 26)
        let place = try #require(q.place("testcity"))
        #expect(place.insuredMonths == 36)
        #expect(place.insuranceMonths?.pension == 34)
        #expect(place.residenceMonths == 36)
        // Residence 10 → 36 months crosses the 12- and 24-month marks and reaches 36: three endorsements.
        #expect(place.permitEndorsements == 3)
        #expect(place.providentFundMonths == 0, "not paying the fund stays not paying")
        #expect(place.rentedMonths == 36)
        #expect(place.employed == true)
    }

    @Test func someoneNewToACityStartsFromZero() throws {
        let q = Projection.advance(Profile(), in: "testcity", months: 12)
        #expect(q.place("testcity")?.insuredMonths == 12)
        #expect(q.place("testcity")?.employed == true)
    }

    @Test func firstReachingFindsTheMonthTheThresholdIsMet() throws {
        // Fixture: threshold 50; age 30 → 20 points; insurance 1/yr to 24 months then 2/yr.
        // With a bachelor's degree (30) the total is 50 once insurance gives 0 more: now.
        let scorer = Scorer(try TestRules().load().edition("testcity/2020"))
        let ready = try profile("birth_date: 1994-01-01\neducation: {level: bachelor}")
        let now = try Projection.firstReaching(ready, in: "testcity", from: asOf, years: 2) { _ in scorer }
        #expect(now?.months == 0)
        // Born 2004-01-01, junior college (10), age 20 → 20 points until 35. 50 needs 20 insurance
        // points: 2 for the first 24 months, then 2 a year, so 24 + 12 × 9 = 132 months (art. 5);
        // at 131 months it is 2 + 2 × 107/12 = 19.83.
        let later = try profile("birth_date: 2004-01-01\neducation: {level: junior_college}")
        let found = try Projection.firstReaching(later, in: "testcity", from: asOf, years: 15) { _ in scorer }
        #expect(found?.months == 132)
        #expect(found?.date == Day("2035-06-01"))
        #expect(found?.card.total == 50)
        // Born 1994, the same route takes so long that the age points fall away first: never.
        let older = try profile("birth_date: 1994-01-01\neducation: {level: junior_college}")
        #expect(try Projection.firstReaching(older, in: "testcity", from: asOf, years: 20) { _ in scorer } == nil)
    }

    @Test func actionsAreRankedByGain() throws {
        let scorer = Scorer(try TestRules().load().edition("testcity/2020"))
        let actions = try Action.best(for: profile("birth_date: 1994-01-01\neducation: {level: junior_college}"), scorer: scorer, asOf: asOf)
        #expect(!actions.isEmpty && actions.count <= 3)
        #expect(actions.map(\.gain) == actions.map(\.gain).sorted(by: >))
        // A bachelor's degree raises education from 10 to 30: the largest single gain here except
        // a home in the north district (12 a year after one year: 12); so it comes first.
        #expect(actions.first?.gain == 20)
    }
}
