import Foundation
import JifenPolicy
import JifenStatistics
import JifenTestSupport
import Testing
@testable import JifenSimulation

/// A city with one indicator that matters (1 point per insured month, an assumed rate with a
/// range) and one that cannot (volunteering points, which the pool model never draws).
enum WhatIfFixtures {
    static let rules = """
    id: testcity/2020
    city: testcity
    title: Test city for what-ifs
    in_force: {from: 2020-01-01}
    place: testcity
    region: [testcity]
    districts: [centre]
    verification: Test fixture, not a real rule book.
    sources:
      fixture: {title: test fixture, url: "https://example.org/fixture", kind: official_text, language: en}
    groups:
      - {id: basic, name: Basic points}
    indicators:
      - id: months
        name: Insured months
        group: basic
        kind: rate
        input: here.insured_months
        tiers: [{from: 0, rate: {value: 1, cite: {source: fixture, clause: "rate", confidence: assumed}, range: [0.5, 1.5]}}]
        rule: "1 point per insured month"
        cite: {source: fixture, clause: "all", confidence: verbatim}
      - id: volunteering
        name: Volunteering
        group: basic
        kind: flag
        when: [{input: volunteer_hours, gte: 100}]
        points: {value: 10, cite: {source: fixture, clause: "volunteering", confidence: assumed}, range: [5, 15]}
        rule: "10 points for 100 hours"
        cite: {source: fixture, clause: "volunteering", confidence: verbatim}
    """

    static let model = """
    model: uniform
    title: "Test pool: months uniform on [0, 1000]"
    places: [testcity]
    pool: 1000
    attributes:
      age:
        uniform: {min: 20, max: 50}
        whole: true
        source: test fixture
        confidence: assumed
        note: "ages only, so that applicants fall into age bands"
      places.testcity.insured_months:
        uniform: {min: 0, max: 1000}
        source: test fixture
        confidence: assumed
        note: "uniform months give uniform scores"
    free:
      pool: {min: 500, max: 2000}
    """

    static func load() throws -> (Rulebook, Edition, PoolModel) {
        let book = try TestRules(["testcity/2020.yaml": rules]).load()
        return (book, try book.edition("testcity/2020"), try PoolModel.parse(model, file: "uniform.yaml"))
    }

    static let rate = "indicators.months.tiers[0].rate"
    static let volunteering = "indicators.volunteering.points"
    static let volunteeringCondition = "indicators.volunteering.when[0].gte"
}

@Test func aReformThatChangesNothingGivesTauOneAndNoFlips() throws {
    let (_, e, model) = try WhatIfFixtures.load()
    let same = try e.setting(ParameterPath(WhatIfFixtures.rate), to: 1)
    let r = try PoolWhatIf(model: model, baseline: e, reformed: same).run(SimulationSettings(pool: 500, quota: 100, replicates: 5, seed: 4, threads: 2))
    #expect(r.replicates.count == 5)
    for c in r.replicates {
        #expect(c.tau == 1)
        #expect(c.spearman == 1)
        #expect(c.jaccard == 1)
        #expect(c.flips.total == 0)
        #expect(c.cutoffShift == 0)
        #expect(c.groupOut.allSatisfy { $0 == 0 } && c.groupIn.allSatisfy { $0 == 0 })
    }
}

/// Doubling the only rate that scores doubles every score: the order, and so the admitted set,
/// cannot change, while the cutoff doubles exactly.
@Test func doublingTheOnlyRateDoublesTheCutoffAndKeepsTheRanking() throws {
    let (_, e, model) = try WhatIfFixtures.load()
    let doubled = try e.setting(ParameterPath(WhatIfFixtures.rate), to: 2)
    let r = try PoolWhatIf(model: model, baseline: e, reformed: doubled).run(SimulationSettings(pool: 400, quota: 50, replicates: 3, seed: 9))
    for c in r.replicates {
        let before = try #require(c.before.cutoff), after = try #require(c.after.cutoff)
        // Scores are kept to 6 decimals, hence the tolerance.
        #expect(abs(after - 2 * before) < 1e-5)
        #expect(c.tau == 1 && c.flips.total == 0)
    }
}

/// Per replicate, each group dimension partitions the applicants, so its flips add up to the total.
@Test func flipsByGroupAddUpToTheFlips() throws {
    let datasets = Fixtures.datasets
    let book = try Rulebook.load(directory: datasets.appendingPathComponent("rules"))
    let reform = try Reform.load(datasets.appendingPathComponent("reforms/tianjin-no-age.yaml").path)
    let e = try book.edition("tianjin/2018")
    let model = try PoolModel.load(datasets.appendingPathComponent("populations/tianjin.yaml"))
    let w = try PoolWhatIf(model: model, baseline: e, reformed: try reform.apply(to: e.id, in: book))
    let r = try w.run(SimulationSettings(pool: 1500, quota: 300, replicates: 3, seed: 2, threads: 2))
    #expect(w.groups.dimensions.map(\.name) == ["age band", "education", "housing", "place"])
    #expect(r.replicates.contains { $0.flips.total > 0 }, "dropping age points must move someone")
    for c in r.replicates {
        for d in w.groups.dimensions {
            let slots = d.offset..<(d.offset + d.categories.count)
            #expect(slots.reduce(0) { $0 + c.groupOut[$1] } == c.flips.inToOut)
            #expect(slots.reduce(0) { $0 + c.groupIn[$1] } == c.flips.outToIn)
        }
        // Removing a positive indicator admits exactly as many as it drops when everyone is eligible for the quota.
        #expect(c.flips.inToOut == c.flips.outToIn)
    }
}

@Test func tornadoRanksTheRateAboveAValueNobodyScores() throws {
    let (_, e, model) = try WhatIfFixtures.load()
    let t = try Sensitivity(edition: e, model: model).tornado(SimulationSettings(pool: 500, quota: 100, replicates: 3, seed: 1, threads: 2))
    // The volunteering condition's threshold is a rule value too; nobody volunteers, so it moves nothing.
    #expect(t.rows.map(\.parameter.path) == [WhatIfFixtures.rate, WhatIfFixtures.volunteering, WhatIfFixtures.volunteeringCondition])
    let rate = t.rows[0], volunteering = t.rows[1]
    #expect(t.rows[2].swing == 0)
    // The stated range [0.5, 1.5] scales every score: the cutoff moves by half of itself either way.
    let base = try #require(t.baselineCutoff?.mean)
    // Scores are kept to 6 decimals, hence the tolerance.
    #expect(abs((rate.low.cutoffShift ?? 0) + base / 2) < 1e-5)
    #expect(abs((rate.high.cutoffShift ?? 0) - base / 2) < 1e-5)
    #expect(volunteering.swing == 0 && volunteering.low.flips == 0 && volunteering.high.tau == 1)
    // Scaling every score moves the cutoff by half of itself but reorders nobody: the ranking
    // measure and the cutoff shift disagree, and each list says which one orders it.
    #expect(rate.rankingChange < 1e-12 && rate.flipShare == 0)
    #expect(t.rowsByCutoff.first?.parameter.path == WhatIfFixtures.rate)
}

@Test func perturbationsUseTheRangeElseTwentyPercentAndStayWhole() {
    let cite = Citation(source: "s", clause: "c", confidence: .verbatim)
    let ranged = PerturbedParameter(Parameter(value: 1, citation: Citation(source: "s", clause: "c", confidence: .assumed), range: 0.5...1.5, path: "a"))
    #expect(ranged?.low == 0.5 && ranged?.high == 1.5 && ranged?.basis == "declared range (assumed)")
    // 35 ± 20% = 28 … 42; 1 ± 20% rounds back to 1: a positive whole value stays at least 1, so it
    // only moves up; 0.5 stays fractional.
    let whole = PerturbedParameter(Parameter(value: 35, citation: cite, path: "b"))
    #expect(whole?.low == 28 && whole?.high == 42 && whole?.basis == "verbatim, ±20%, kept whole")
    let one = PerturbedParameter(Parameter(value: 1, citation: cite, path: "c"))
    #expect(one?.low == 1 && one?.high == 2)
    let half = PerturbedParameter(Parameter(value: 0.5, citation: cite, path: "d"))
    #expect(half?.low == 0.4 && half?.high == 0.6)
    // A negative whole value (a deduction) moves both ways and may not be floored at 1.
    let deduction = PerturbedParameter(Parameter(value: -30, citation: cite, path: "f"))
    #expect(deduction?.low == -36 && deduction?.high == -24)
    #expect(PerturbedParameter(Parameter(value: 0, citation: cite, path: "e")) == nil)
    // Limits clip both ends; limits that pin the value leave nothing to move.
    let clipped = PerturbedParameter(Parameter(value: 35, citation: cite, path: "g"), limits: 30...40)
    #expect(clipped?.low == 30 && clipped?.high == 40)
    #expect(PerturbedParameter(Parameter(value: 35, citation: cite, path: "h"), limits: 35...35) == nil)
    #expect(PerturbedParameter(Parameter(value: 20, citation: cite, path: "indicators.age.bands[0].points"))?.indicator == "indicators.age")
}

@Test func tornadoSkipsAVariantThatFailsValidation() throws {
    let model = try WhatIfFixtures.load().2
    // `per` must be positive: a stated range reaching down to -1 makes the low variant invalid.
    let text = WhatIfFixtures.rules.replacingOccurrences(
        of: "    rule: \"1 point per insured month\"",
        with: "    per: {value: 1, cite: {source: fixture, clause: \"per\", confidence: assumed}, range: [-1, 2]}\n    rule: \"1 point per insured month\"")
    let bad = try TestRules(["testcity/2020.yaml": text]).load()
    let t = try Sensitivity(edition: try bad.edition("testcity/2020"), model: model)
        .tornado(SimulationSettings(pool: 200, quota: 20, replicates: 2, seed: 1))
    #expect(t.skipped.contains { $0.path == "indicators.months.per" && $0.reason.contains("per must be positive") }, "\(t.skipped) \(t.rows.map(\.parameter))")
    #expect(t.rows.map(\.parameter.path) == [WhatIfFixtures.rate, WhatIfFixtures.volunteering, WhatIfFixtures.volunteeringCondition])
}

@Test func varianceSplitByHand() {
    // Var([1, 2, 3]) = 1, Var([0, 2, 4]) = 4: rules 3 of 4.
    let s = VarianceSplit(fixed: [1, 2, 3], drawn: [0, 2, 4], parameters: 2)
    #expect(s.samplingVariance == 1 && s.totalVariance == 4 && s.ruleVariance == 3 && s.ruleShare == 0.75)
    // Less spread with drawn rules than without: no rule part.
    #expect(VarianceSplit(fixed: [0, 2, 4], drawn: [1, 2, 3], parameters: 1).ruleVariance == 0)
}

/// The rate drawn from [0.5, 1.5] scales the cutoff (about 800) by up to ±50 %: a spread of
/// hundreds of points against a sampling spread of about ten, so rules dominate.
@Test func ruleUncertaintyDominatesWhenTheOnlyRateIsUncertain() throws {
    let (_, e, model) = try WhatIfFixtures.load()
    let u = RuleUncertainty(edition: e)
    #expect(Set(u.parameters.map(\.path)) == [WhatIfFixtures.rate, WhatIfFixtures.volunteering])
    let settings = SimulationSettings(pool: 500, quota: 100, replicates: 20, seed: 5, threads: 2)
    let split = try u.run(model: model, settings)
    #expect(split.fixed.count == 20 && split.drawn.count == 20)
    #expect(try #require(split.ruleShare) > 0.9)
    // Draws respect the ranges, and the whole-valued points stay whole.
    for r in 0..<20 {
        let d = u.draw(r, settings)
        let rate = d[u.parameters.firstIndex { $0.path == WhatIfFixtures.rate }!]
        let points = d[u.parameters.firstIndex { $0.path == WhatIfFixtures.volunteering }!]
        #expect(rate >= 0.5 && rate <= 1.5)
        #expect(points >= 5 && points <= 15 && points == points.rounded())
    }
}

/// A replicate's drawn edition has the values the generated `set` reform gave (which wrote each
/// draw with at most 6 decimals), set by path without writing or re-reading a rule book.
@Test func drawnEditionsHaveTheValuesAGeneratedReformGives() throws {
    let (book, e, _) = try WhatIfFixtures.load()
    let u = RuleUncertainty(edition: e)
    let settings = SimulationSettings(pool: 500, quota: 100, replicates: 5, seed: 5, threads: 1)
    for r in 0..<5 {
        let drawn = try u.edition(draw: r, settings, reformed: false)
        let sets = zip(u.parameters, u.draw(r, settings)).map { "  - {path: \"\($0.path)\", value: \(JSON.format($1))}" }
        let viaText = try Reform(text: "id: drawn\ntitle: drawn values\nset:\n" + sets.joined(separator: "\n") + "\n", file: "drawn.yaml")
            .apply(to: e.id, in: book)
        let (a, b) = (drawn.parameters.map(\.value), viaText.parameters.map(\.value))
        #expect(a.count == b.count && a != e.parameters.map(\.value))
        for (x, y) in zip(a, b) { #expect(abs(x - y) <= 1e-6 * max(1, abs(x)), "replicate \(r): \(x) set, \(y) through text") }
    }
}

@Test func whatIfAndTornadoAreReproducibleOnAnyThreadCount() throws {
    let (_, e, model) = try WhatIfFixtures.load()
    let reformed = try e.setting(ParameterPath(WhatIfFixtures.rate), to: 1.2)
    func whatIf(_ threads: Int, _ seed: UInt64) throws -> String {
        let w = try PoolWhatIf(model: model, baseline: e, reformed: reformed, uncertainty: RuleUncertainty(edition: e, reformed: reformed))
        let r = try w.run(SimulationSettings(pool: 300, quota: 30, replicates: 4, seed: seed, threads: threads))
        return WhatIfReport(edition: e.id, reform: "r", reformTitle: "r", population: "uniform", result: r).json.serialized()
    }
    let one = try whatIf(1, 3)
    #expect(one == (try whatIf(2, 3)))
    #expect(one != (try whatIf(1, 4)))
    func tornado(_ threads: Int) throws -> String {
        let s = SimulationSettings(pool: 300, quota: 30, replicates: 3, seed: 3, threads: threads)
        let t = try Sensitivity(edition: e, model: model).tornado(s)
        return SensitivityReport(edition: e.id, population: "uniform", settings: s, body: .tornado(t)).json.serialized()
    }
    #expect(try tornado(1) == (try tornado(2)))
}
