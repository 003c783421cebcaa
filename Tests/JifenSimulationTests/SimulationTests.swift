import Foundation
import JifenPolicy
import JifenStatistics
import Testing
@testable import JifenSimulation

enum SimFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static func testEdition() throws -> Edition {
        try Rulebook.load(directory: folder.appendingPathComponent("rules")).edition("testcity/2020")
    }
    static func uniformModel() throws -> PoolModel { try PoolModel.load(folder.appendingPathComponent("uniform.yaml")) }
    static let datasets = folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("datasets")
    static func tianjin() throws -> (Edition, PoolModel) {
        let e = try Rulebook.load(directory: datasets.appendingPathComponent("rules")).edition("tianjin/2018")
        return (e, try PoolModel.load(datasets.appendingPathComponent("populations/tianjin.yaml")))
    }
}

@Test func sameSeedGivesIdenticalJSONOnAnyThreadCount() throws {
    let (e, model) = try SimFixtures.tianjin()
    let sim = try Simulation(model: model, edition: e)
    func json(threads: Int, seed: UInt64) throws -> String {
        let r = try sim.run(SimulationSettings(pool: 3000, quota: 500, replicates: 6, seed: seed, threads: threads))
        return SimulationReport(edition: e.id, population: "tianjin", result: r).json.serialized()
    }
    let one = try json(threads: 1, seed: 7)
    #expect(one == (try json(threads: 1, seed: 7)))
    #expect(one == (try json(threads: 2, seed: 7)))
    #expect(one != (try json(threads: 1, seed: 8)))
}

/// Scores uniform on [0, 1000]: the Q-th largest of N is the (N − Q + 1)-th order statistic, whose
/// mean is 1000·(N − Q + 1)/(N + 1) and standard deviation about 1000·√(p(1 − p)/N), p = Q/N.
/// For N = 2000, Q = 500: mean 750.12, sd ≈ 9.7; the median of 200 replicate cutoffs has a
/// standard error of about 0.86, so 4 points is more than four standard errors.
@Test func cutoffMatchesTheAnalyticQuantileOfAUniformPool() throws {
    let sim = try Simulation(model: try SimFixtures.uniformModel(), edition: try SimFixtures.testEdition())
    let r = try sim.run(SimulationSettings(pool: 2000, quota: 500, replicates: 200, seed: 3, threads: 2))
    let expected = 1000.0 * Double(2000 - 500 + 1) / 2001
    let cutoff = try #require(r.cutoff)
    #expect(abs(cutoff.median - expected) < 4)
    #expect(abs(cutoff.mean - expected) < 4)
    // The 5–95% band of the order statistic: ± 1.645 sd ≈ ± 16.
    #expect(abs((cutoff.p95 - cutoff.p05) - 2 * 1.645 * 1000 * (0.25 * 0.75 / 2000).squareRoot()) < 5)
}

@Test func cutoffNeverRisesWhenTheQuotaGrows() throws {
    let (e, model) = try SimFixtures.tianjin()
    let sim = try Simulation(model: model, edition: e)
    var stream = SystemRandomNumberGenerator()
    for _ in 0..<3 {
        let quotas = (0..<6).map { _ in Int.random(in: 1...2000, using: &stream) }.sorted()
        let curve = try sim.quotaCurve(quotas: quotas, SimulationSettings(pool: 2000, quota: 1, replicates: 5, seed: 11))
        for row in curve.cutoffs {
            for i in 1..<row.count { #expect(row[i]! <= row[i - 1]!) }
        }
    }
}

@Test func quotaAbovePoolAndZeroReplicatesAreRejected() throws {
    let sim = try Simulation(model: try SimFixtures.uniformModel(), edition: try SimFixtures.testEdition())
    #expect(throws: SimulationError.self) { try sim.run(SimulationSettings(pool: 10, quota: 11, replicates: 1)) }
    #expect(throws: SimulationError.self) { try sim.run(SimulationSettings(pool: 10, quota: 5, replicates: 0)) }
}

@Test func tiesAtTheCutoffFollowInputOrderWhenNoKeyDecides() throws {
    let edition = try SimFixtures.testEdition()
    let scorer = Scorer(edition)
    var table = FeatureTable(count: 5, featureCount: scorer.compiled.features.count)
    table.columns[0] = [10, 20, 20, 20, 5]
    var scores = ScoreColumns(compiled: scorer.compiled, count: 5)
    scorer.compiled.score(table, into: &scores)
    var scratch = SelectionScratch()
    var admitted: [Bool] = []
    let a = Selection.admit(scorer, scores, table, quota: 2, scratch: &scratch, admitted: &admitted)
    #expect(a.cutoff == 20)
    #expect(a.tieMass == 3)
    #expect(a.admittedAtCutoff == 2)
    #expect(admitted == [false, true, true, false, false])
}

@Test func calibrationRecoversThePoolSizeItGenerated() throws {
    let edition = try SimFixtures.testEdition()
    let truth = try SimFixtures.uniformModel().setting("pool", to: 4000)
    // Targets from the true model: quota 400 of 4000 admits scores above ≈ 900.
    let probe = Calibration(edition: edition, targets: CalibrationTargets(admitted: 400, scores: [("cutoff", 0), ("median", 0)]),
                            replicates: 4, seed: 5)
    let (rows, _) = try probe.evaluate(truth)
    let targets = CalibrationTargets(admitted: 400, scores: rows.map { ($0.name, $0.simulated!) })
    let start = try truth.setting("pool", to: 1500)
    let fit = try Calibration(edition: edition, targets: targets, replicates: 4, seed: 5).fit(start, rounds: 10)
    let pool = try #require(fit.parameters.first { $0.name == "pool" }?.value)
    #expect(abs(pool - 4000) < 300)
    #expect(fit.distance < 0.01)
}

@Test func malformedModelNamesFileLineAndKey() throws {
    let text = """
    model: bad
    places: [testcity]
    attributes:
      places.testcity.insured_months:
        normal: {mean: 10, sd: 2}
        colour: blue
        source: x
        confidence: verbatim
    """
    do {
        _ = try PoolModel.parse(text, file: "bad.yaml")
        Issue.record("expected an error")
    } catch let e as InputError {
        #expect(e.file == "bad.yaml")
        #expect(e.line == 6)
        #expect(e.key == "attributes.places.testcity.insured_months.colour")
    }
}

@Test func generatedSharesFollowTheModel() throws {
    let (e, model) = try SimFixtures.tianjin()
    let gen = try PoolGenerator(model: model, compiled: Scorer(e).compiled, allAttributes: true)
    var b = PoolGenerator.Buffers(generator: gen, count: 20000)
    gen.generate(into: &b, from: RandomStream(seed: 2))
    let married = model.attributes.firstIndex { $0.path == "married" }!
    let share = b.attributes[married].reduce(0, +) / 20000
    // 0.65 ± 4 standard errors (sd of a share of 20,000 is 0.0034).
    #expect(abs(share - 0.65) < 0.014)
    let owned = model.attributes.firstIndex { $0.path == "places.tianjin.home.owned" }!
    let rented = model.attributes.firstIndex { $0.path == "places.tianjin.rented_months" }!
    for j in 0..<20000 where b.attributes[owned][j] != 0 { #expect(b.attributes[rented][j] == 0) }
}
