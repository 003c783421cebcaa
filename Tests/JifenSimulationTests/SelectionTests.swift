import JifenPolicy
import JifenSimulation
import JifenTestSupport
import Testing

/// Admission under a quota on hand-built pools (totals, eligibility and tie-break inputs set directly).
@Suite struct SelectionTests {
    let scorer: Scorer

    init() throws {
        scorer = Scorer(try TestRules().load().edition("testcity/2020"))
    }

    /// A pool with the given totals (nil = ineligible) and residence months (the fixture's tie-break key).
    func pool(_ totals: [Double?], residence: [Double]) -> (ScoreColumns, FeatureTable) {
        var table = FeatureTable(count: totals.count, featureCount: scorer.plan.features.count)
        let f = scorer.plan.features.firstIndex(of: .value("places.testcity.residence_months"))!
        table.columns[f] = residence
        var cols = ScoreColumns(plan: scorer.plan, count: totals.count)
        for (j, t) in totals.enumerated() {
            cols.total[j] = t ?? 999
            cols.failedGate[j] = t == nil ? 0 : -1
            cols.veto[j] = -1
        }
        return (cols, table)
    }

    func admit(_ totals: [Double?], residence: [Double], quota: Int) -> (Admission, [Bool]) {
        let (cols, table) = pool(totals, residence: residence)
        var scratch = SelectionScratch()
        var admitted: [Bool] = []
        let a = Selection.admit(scorer, cols, table, quota: quota, scratch: &scratch, admitted: &admitted)
        return (a, admitted)
    }

    @Test func cutoffIsTheQuotaThScoreAndTiesFollowTheTieBreak() {
        // Eligible scores 90, 80, 80, 80, 70; quota 3 → cutoff 80, three tied at 80, two admitted:
        // the two with the longest residence (30 and 20 months) among the tied.
        let (a, admitted) = admit([90, 80, 80, nil, 80, 70], residence: [1, 10, 30, 99, 20, 50], quota: 3)
        #expect(a.cutoff == 80)
        #expect(a.eligible == 5)
        #expect(a.admitted == 3)
        #expect(a.tieMass == 3)
        #expect(a.admittedAtCutoff == 2)
        #expect(admitted == [true, false, true, false, true, false])
    }

    @Test func equalOnEveryKeyKeepsInputOrder() {
        let (a, admitted) = admit([50, 50, 50], residence: [5, 5, 5], quota: 2)
        #expect(a.cutoff == 50)
        #expect(admitted == [true, true, false])
    }

    @Test func quotaAboveTheEligibleAdmitsEveryone() {
        let (a, admitted) = admit([nil, 40, 60], residence: [0, 0, 0], quota: 10)
        #expect(a.admitted == 2)
        #expect(a.cutoff == 40, "the last admitted applicant's score")
        #expect(admitted == [false, true, true])
    }

    @Test func nobodyEligible() {
        let (a, _) = admit([nil, nil], residence: [0, 0], quota: 1)
        #expect(a.cutoff == nil)
        #expect(a.admitted == 0)
    }

    @Test func rankingIsTheOfficialOrder() {
        let (cols, table) = pool([70, 90, nil, 70], residence: [5, 0, 0, 9])
        #expect(Selection.ranking(scorer, cols, table) == [1, 3, 0])
    }
}
