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
        var table = FeatureTable(count: totals.count, featureCount: scorer.compiled.features.count)
        let f = scorer.compiled.features.firstIndex(of: .value("places.testcity.residence_months"))!
        table.columns[f] = residence
        var cols = ScoreColumns(compiled: scorer.compiled, count: totals.count)
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

    /// The fixture's rules with the edition admitting everyone tied at the cutoff.
    static let allTied = """
    id: testcity/2021
    extends: testcity/2020
    city: testcity
    title: Test city, everyone on the line admitted
    in_force: {from: 2021-01-01}
    place: testcity
    at_cutoff:
      admit: all_tied
      rule: everyone scoring the cutoff is admitted
      cite: {source: doc, clause: "art. 14", confidence: verbatim}
    """

    func admitAllTied(_ totals: [Double?], quota: Int) throws -> (Admission, [Bool]) {
        let book = try TestRules(["testcity/2020.yaml": TestRules.base, "testcity/2021.yaml": Self.allTied]).load()
        let tiedScorer = Scorer(try book.edition("testcity/2021"))
        #expect(tiedScorer.edition.atCutoff.admit == .allTied)
        let (cols, table) = pool(totals, residence: Array(repeating: 0, count: totals.count))
        var scratch = SelectionScratch()
        var admitted: [Bool] = []
        let a = Selection.admit(tiedScorer, cols, table, quota: quota, scratch: &scratch, admitted: &admitted)
        // The round alone (what simulations and quota curves count) agrees with the full admission.
        let round = Selection.round(Standings(tiedScorer, cols, table), quota: quota, scratch: &scratch)
        #expect(round == a)
        return (a, admitted)
    }

    @Test func admittingAllTiedGoesPastTheQuota() throws {
        // Eligible 90, 80, 80, 80, 70 with quota 3: the cutoff is 80 and all three on it get in,
        // four admitted in all (as Beijing admitted 6,045 for a quota of about 6,000 in 2021).
        let (a, admitted) = try admitAllTied([90, 80, 80, nil, 80, 70], quota: 3)
        #expect(a.cutoff == 80)
        #expect(a.tieMass == 3)
        #expect(a.admittedAtCutoff == 3)
        #expect(a.admitted == 4)
        #expect(admitted == [true, true, true, false, true, false])
    }

    @Test func admittingAllTiedWithoutATieFillsTheQuotaExactly() throws {
        let (a, admitted) = try admitAllTied([90, 85, 80, 70], quota: 2)
        #expect(a.cutoff == 85)
        #expect(a.admitted == 2)
        #expect(admitted == [true, true, false, false])
    }

    @Test func anUnknownCutoffRuleIsRefusedNamingTheKey() throws {
        let bad = Self.allTied.replacingOccurrences(of: "admit: all_tied", with: "admit: everyone")
        #expect {
            try TestRules(["testcity/2020.yaml": TestRules.base, "testcity/2021.yaml": bad]).load()
        } throws: { error in
            let text = "\(error)"
            return text.contains("admit") && text.contains("all_tied") && text.contains("by_tie_break")
        }
    }
}
