import Foundation
import JifenPolicy
import Testing
@testable import JifenSimulation

/// Scores uniform on [0, 1000] (the uniform fixture), pool size free on [1000, 16000].
private func uniformPoolModel() throws -> PoolModel {
    try PoolModel.parse("""
        model: uniform-free
        places: [testcity]
        pool: 3000
        attributes:
          places.testcity.insured_months:
            uniform: {min: 0, max: 1000}
            source: test fixture
            confidence: assumed
            note: "scores uniform on [0, 1000]"
        free:
          pool: {min: 1000, max: 16000}
        """, file: "uniform-free.yaml")
}

/// Admitting 400 of 7,000 uniform scores puts the cutoff near 1000·(1 − 400/7000) = 942.9 and
/// the admitted median near 1000·(1 − 200/7000) = 971.4.
private let publishedFromAPoolOf7000 = CalibrationTargets(admitted: 400, scores: [("cutoff", 942.9), ("median", 971.4)])

private func smallABC(threads: Int, seed: UInt64 = 3) throws -> PosteriorFit {
    let abc = PosteriorCalibration(edition: try SimFixtures.testEdition(), targets: publishedFromAPoolOf7000, particles: 40,
                                   generations: 5, replicates: 2, pilotReplicates: 8, seed: seed, threads: threads)
    return try abc.run(try uniformPoolModel())
}

@Test func posteriorIsTheSameOnAnyThreadCount() throws {
    let one = try smallABC(threads: 1), two = try smallABC(threads: 2)
    #expect(one.posterior.particles == two.posterior.particles)
    #expect(one.posterior.weights == two.posterior.weights)
    #expect(one.posterior.provenance.generations == two.posterior.provenance.generations)
    let other = try smallABC(threads: 1, seed: 4)
    #expect(other.posterior.particles != one.posterior.particles)
}

/// The cutoff's sd across pools of about 7,000 is 1000·√(p(1 − p)/N) ≈ 2.8 points (p = 400/7000),
/// and the cutoff moves by 1000·400/N² ≈ 0.008 points per applicant: figures within a few noise sds
/// pin the pool to within about a thousand, against a prior 15,000 wide.
@Test func posteriorNarrowsAroundThePoolThatProducedTheFigures() throws {
    let fit = try smallABC(threads: 2)
    let s = fit.posterior.summary(0)
    #expect(s.name == "pool")
    #expect(s.q05 <= 7000 && 7000 <= s.q95, "90% interval \(s.q05)–\(s.q95)")
    #expect(s.narrowing > 0.7)
    let generations = fit.posterior.provenance.generations
    #expect(generations.count >= 3)
    for (a, b) in zip(generations.dropFirst(), generations.dropFirst(2)) { #expect(b.tolerance < a.tolerance) }
    #expect(fit.posterior.effectiveSampleSize > 5)
    // The cutoff's noise comes from the pilot pools, the maximum is not a target here.
    #expect(fit.posterior.provenance.measures.map(\.name) == ["cutoff", "median"])
    #expect(fit.posterior.provenance.measures.allSatisfy { $0.sd >= MeasureNoise.floor })
}

@Test func posteriorFileReadsBackWhatWasWritten() throws {
    let fit = try smallABC(threads: 2)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-posterior-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let modelText = """
        model: uniform-free
        places: [testcity]
        pool: 3000
        attributes:
          places.testcity.insured_months: {uniform: {min: 0, max: 1000}, source: test fixture, confidence: assumed, note: "uniform"}
        free:
          pool: {min: 1000, max: 16000}
        """
    try modelText.write(to: folder.appendingPathComponent("uniform.yaml"), atomically: true, encoding: .utf8)
    var p = fit.posterior
    p.provenance.targetFile = "history.csv"
    let url = folder.appendingPathComponent("uniform.posterior.yaml")
    try PosteriorFile.text(p, modelReference: "uniform.yaml", modelText: modelText).write(to: url, atomically: true, encoding: .utf8)
    let back = try PosteriorFile.load(url)
    #expect(!back.modelChanged)
    #expect(back.posterior.particles.count == p.particles.count)
    for (a, b) in zip(back.posterior.particles, p.particles) { #expect(abs(a[0] - b[0]) < 1e-6) }
    for (a, b) in zip(back.posterior.weights, p.weights) { #expect(abs(a - b) < 1e-5) }
    #expect(back.posterior.provenance.generations.count == p.provenance.generations.count)
    #expect(PosteriorFile.find(in: folder, edition: "testcity/2020") == [url])
    #expect(PosteriorFile.find(in: folder, edition: "testcity/2021").isEmpty)

    // A particle outside the model's range is named by its line.
    let text = try String(contentsOf: url, encoding: .utf8)
    var lines = text.components(separatedBy: "\n")
    let row = try #require(lines.firstIndex(of: "particles:")) + 1
    lines[row] = "  - [1, 0, 99999999]"
    let broken = lines.joined(separator: "\n")
    try broken.write(to: url, atomically: true, encoding: .utf8)
    #expect(throws: InputError.self) { try PosteriorFile.load(url) }
    do { _ = try PosteriorFile.load(url) } catch let e as InputError {
        #expect(e.description.contains("outside its range"))
        #expect(e.line == row + 1)
    }
    // An edited model is noticed.
    try (modelText + "\n").write(to: folder.appendingPathComponent("uniform.yaml"), atomically: true, encoding: .utf8)
    try text.write(to: url, atomically: true, encoding: .utf8)
    #expect(try PosteriorFile.load(url).modelChanged)
}

@Test func tiedParametersMoveWithTheirFreeParameter() throws {
    let (_, model) = try SimFixtures.tianjin()
    let moved = try model.setting("places.tianjin.insured_months.median", to: 40)
    func median(_ m: PoolModel, _ path: String) -> Double? {
        if case .lognormal(let median, _) = m.attribute(path)?.marginal { return median }
        return nil
    }
    #expect(median(moved, "places.tianjin.insured_months") == 40)
    #expect(median(moved, "places.tianjin.provident_fund_months") == 30)
    #expect(median(moved, "places.tianjin.employed_months") == 45)
    #expect(median(moved, "places.tianjin.employer_months") == 30)
    #expect(throws: InputError.self) {
        try PoolModel.parse("""
            model: m
            places: [testcity]
            attributes:
              places.testcity.insured_months: {uniform: {min: 0, max: 10}, source: s, confidence: assumed, note: n}
            free:
              pool: {min: 1, max: 2, tied: {places.testcity.nothing.median: 1}}
            """, file: "m.yaml")
    }
}

/// Pools of N uniform on [4000, 8000], quota 400: within one pool size the cutoff's variance is
/// 10⁶·p(1 − p)/N (p = 400/N), about 10 on average; across pool sizes its mean 1000(1 − 400/N)
/// varies with variance about 190 (both integrated numerically below). 200 replicates in pairs give
/// 100 pairs, so each part is estimated to within about 15 % (one standard error).
@Test func varianceSplitsIntoSamplingAndPoolModel() throws {
    let model = try uniformPoolModel().setting([])
    var ranged = model
    ranged.free = [FreeParameter(name: "pool", lower: 4000, upper: 8000)]
    let sim = try Simulation(model: ranged, edition: try SimFixtures.testEdition())
    let forecast = Forecast(simulation: sim, pools: PoolUncertainty(base: ranged, source: .declaredRanges), rules: nil)
    #expect(forecast.groupSize == 2)
    let settings = SimulationSettings(pool: 6000, quota: 400, replicates: 200, seed: 5, threads: 2)
    let run = try forecast.run(settings)
    let n = 4000
    let sizes = (0..<n).map { 4000 + 4000 * (Double($0) + 0.5) / Double(n) }
    let within = sizes.reduce(0) { $0 + 1e6 * (400 / $1) * (1 - 400 / $1) / $1 } / Double(n)
    let means = sizes.map { 1000 * (1 - 400 / $0) }
    let m = means.reduce(0, +) / Double(n)
    let between = means.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n)
    let sampling = try #require(run.split.sampling), pool = try #require(run.split.poolModel)
    #expect(abs(sampling - within) / within < 0.4, "sampling \(sampling) against \(within)")
    #expect(abs(pool - between) / between < 0.4, "pool model \(pool) against \(between)")
    #expect(run.split.rules == nil)
    #expect(run.split.groups == 100)
    // The same seed gives the same forecast on one thread.
    var one = settings
    one.threads = 1
    #expect(try forecast.run(one).result.outcomes == run.result.outcomes)
    // Without drawn parameters everything is sampling.
    let plain = try Forecast(simulation: sim, pools: nil, rules: nil).run(settings)
    #expect(plain.split.sampling == plain.split.total)
    #expect(plain.split.poolModel == nil)
}

@Test func quotaCurveLeavesUnfilledQuotasOutOfTheSlope() throws {
    let (e, model) = try SimFixtures.tianjin()
    let sim = try Simulation(model: model, edition: e)
    let curve = try sim.quotaCurve(quotas: [100, 300, 2000], SimulationSettings(pool: 2000, quota: 1, replicates: 4, seed: 2))
    // Not every applicant passes the guidance score, so 2,000 places in a pool of 2,000 are never filled.
    #expect(curve.eligible.allSatisfy { $0 < 2000 && $0 > 300 })
    #expect(curve.isUnfilled(2) && !curve.isUnfilled(0) && !curve.isUnfilled(1))
    #expect(curve.unfilledShare(at: 2) == 1)
    #expect(curve.slope(from: 1, to: 2) == nil)
    #expect(curve.filledSlope == curve.slope(from: 0, to: 1))
}
