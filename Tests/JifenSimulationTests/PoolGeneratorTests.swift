import JifenPolicy
import JifenSimulation
import JifenStatistics
import Foundation
import Testing

/// Yes/no attributes without a latent: the rare answer is drawn at geometric gaps, the others
/// one uniform per row. Both must give independent Bernoulli answers.
@Suite struct PoolGeneratorTests {
    static let model = """
    model: shares
    places: [tianjin]
    attributes:
      stem_cell_donation: {share: 0.001, source: test, confidence: assumed, note: test share}
      places.tianjin.invested_enterprise: {share: 0.03, source: test, confidence: assumed, note: test share}
      married: {share: 0.5, source: test, confidence: assumed, note: test share}
      places.tianjin.employed: {share: 0.97, source: test, confidence: assumed, note: test share}
      invention_patents: {constant: 1, zero_share: 0.9, when: married, source: test, confidence: assumed, note: test share}
    """

    @Test("shares of rare and common answers, and their spread across blocks, are binomial",
          arguments: [("stem_cell_donation", 0.001), ("places.tianjin.invested_enterprise", 0.03),
                      ("married", 0.5), ("places.tianjin.employed", 0.97)])
    func bernoulliShares(path: String, share: Double) throws {
        let (e, _) = try SimFixtures.tianjin()
        let model = try PoolModel.parse(Self.model, file: "shares.yaml")
        let gen = try PoolGenerator(model: model, compiled: Scorer(e).compiled, allAttributes: true)
        let blocks = 400, size = PoolGenerator.blockSize, n = blocks * size
        var b = PoolGenerator.Buffers(generator: gen, count: n)
        gen.generate(into: &b, from: RandomStream(seed: 3))
        let column = b.attributes[model.attributes.firstIndex { $0.path == path }!]
        #expect(column.allSatisfy { $0 == 0 || $0 == 1 })
        // The share within 4 standard errors.
        let observed = column.reduce(0, +) / Double(n)
        #expect(abs(observed - share) < 4 * (share * (1 - share) / Double(n)).squareRoot(), "\(path): \(observed)")
        // Per block the count is Binomial(1024, p): its variance across 400 blocks, divided by
        // 1024·p·(1−p), is near 1 (a chi-square with 399 degrees of freedom over 399: 0.75–1.3
        // covers far more than 99.9% of it). Rows that were not independent would inflate it.
        let counts = (0..<blocks).map { k in column[k * size..<(k + 1) * size].reduce(0, +) }
        let mean = counts.reduce(0, +) / Double(blocks)
        let variance = counts.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(blocks - 1)
        let dispersion = variance / (Double(size) * share * (1 - share))
        #expect(dispersion > 0.75 && dispersion < 1.3, "\(path): dispersion \(dispersion)")
    }

    @Test func aZeroShareAppliesAmongThoseWhoMeetTheCondition() throws {
        let (e, _) = try SimFixtures.tianjin()
        let model = try PoolModel.parse(Self.model, file: "shares.yaml")
        let gen = try PoolGenerator(model: model, compiled: Scorer(e).compiled, allAttributes: true)
        let n = 200_000
        var b = PoolGenerator.Buffers(generator: gen, count: n)
        gen.generate(into: &b, from: RandomStream(seed: 4))
        let married = b.attributes[model.attributes.firstIndex { $0.path == "married" }!]
        let patents = b.attributes[model.attributes.firstIndex { $0.path == "invention_patents" }!]
        let marriedCount = married.reduce(0, +)
        let withPatent = (0..<n).filter { patents[$0] != 0 }
        #expect(withPatent.allSatisfy { married[$0] != 0 })
        // 10% of the married: 0.1 ± 4 standard errors of a share of about 100,000.
        let share = Double(withPatent.count) / marriedCount
        #expect(abs(share - 0.1) < 4 * (0.1 * 0.9 / marriedCount).squareRoot(), "\(share)")
    }

    @Test("whole-number normals and lognormals follow ⌊clamp(v)⌋ of the continuous law")
    func wholeNumbersFollowTheContinuousLaw() throws {
        let (e, _) = try SimFixtures.tianjin()
        let model = try PoolModel.parse("""
        model: whole
        places: [tianjin]
        attributes:
          age: {normal: {mean: 33, sd: 6}, min: 22, max: 55, whole: true, source: test, confidence: assumed, note: test}
          places.tianjin.insured_months: {lognormal: {median: 36, sigma: 0.55}, min: 12, max: 240, whole: true, source: test, confidence: assumed, note: test}
        """, file: "whole.yaml")
        let gen = try PoolGenerator(model: model, compiled: Scorer(e).compiled, allAttributes: true)
        let n = 200_000
        var b = PoolGenerator.Buffers(generator: gen, count: n)
        gen.generate(into: &b, from: RandomStream(seed: 5))
        // P(⌊clamp(v)⌋ ≤ k) = P(v < k + 1) for lo ≤ k < hi, worked from Φ by hand in the closures.
        let cases: [(column: Int, lo: Double, hi: Double, below: (Double) -> Double)] = [
            (0, 22, 55, { k in Normal.Phi((k + 1 - 33) / 6) }),
            (1, 12, 240, { k in Normal.Phi(log((k + 1) / 36) / 0.55) }),
        ]
        for c in cases {
            let x = b.attributes[c.column]
            #expect(x.allSatisfy { $0 >= c.lo && $0 <= c.hi && $0 == $0.rounded(.down) })
            for k in stride(from: c.lo, to: c.hi, by: 3) {
                let p = c.below(k), observed = Double(x.filter { $0 <= k }.count) / Double(n)
                #expect(abs(observed - p) <= 4 * (p * (1 - p) / Double(n)).squareRoot() + 1e-9, "value \(k): \(observed) against \(p)")
            }
        }
    }

    @Test("a pool drawn and scored block by block is the pool drawn whole")
    func blocksMatchTheWholePool() throws {
        let (e, model) = try SimFixtures.tianjin()
        let sim = try Simulation(model: model, edition: e)
        // 2,500 rows: two full blocks and a partial one.
        let settings = SimulationSettings(pool: 2500, quota: 100, replicates: 1, seed: 9)
        var w = Simulation.Workspace(sim, count: settings.pool)
        sim.drawAndScore(0, settings, &w)
        let whole = sim.scoredPool(0, settings)
        #expect(w.standings.total == whole.scores.total)
        #expect(w.standings.eligible == (0..<settings.pool).map { whole.scores.isEligible($0) })
        #expect(Set(w.standings.total).count > 100, "scores vary across applicants")
    }
}
