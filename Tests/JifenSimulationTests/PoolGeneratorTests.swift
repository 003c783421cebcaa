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

/// Per-type insurance months drawn as shortfalls from the pension months (`shortfall_of`).
@Suite struct ShortfallTests {
    static let model = """
    model: shortfall
    places: [tianjin]
    attributes:
      places.tianjin.insured_months: {lognormal: {median: 36, sigma: 0.55}, min: 12, max: 240, whole: true, source: test, confidence: assumed, note: test}
      places.tianjin.insurance_months.medical: {constant: 5, zero_share: 0.8, shortfall_of: places.tianjin.insured_months, source: test, confidence: assumed, note: test}
      places.tianjin.insurance_months.injury: {constant: 500, zero_share: 0.5, shortfall_of: places.tianjin.insured_months, source: test, confidence: assumed, note: test}
    """

    @Test("a shortfall leaves the base for the zero share, takes the draw off the others, never goes below 0, and reaches the scorer")
    func shortfallsComeOffTheBase() throws {
        let (e, _) = try SimFixtures.tianjin()
        let model = try PoolModel.parse(Self.model, file: "shortfall.yaml")
        let compiled = Scorer(e).compiled
        let gen = try PoolGenerator(model: model, compiled: compiled)
        let n = 100_000
        var b = PoolGenerator.Buffers(generator: gen, count: n)
        gen.generate(into: &b, from: RandomStream(seed: 6))
        let base = b.attributes[0], medical = b.attributes[1], injury = b.attributes[2]
        #expect(base.allSatisfy { $0 >= 12 })
        // Medical: the base for 80 %, the base minus 5 for 20 % (± 4 standard errors).
        #expect((0..<n).allSatisfy { medical[$0] == base[$0] || medical[$0] == base[$0] - 5 })
        let short = Double((0..<n).filter { medical[$0] != base[$0] }.count) / Double(n)
        #expect(abs(short - 0.2) < 4 * (0.2 * 0.8 / Double(n)).squareRoot(), "\(short)")
        // Injury: a shortfall longer than any record leaves 0, never a negative count.
        #expect((0..<n).allSatisfy { injury[$0] == base[$0] || injury[$0] == 0 })
        #expect(injury.contains(0) && injury.contains { $0 > 0 })
        // tianjin/2018 reads the per-type columns; pension still takes the insured months.
        func column(_ path: String) -> [Double] { b.table.columns[compiled.features.firstIndex(of: .value(path))!] }
        #expect(column("places.tianjin.insurance_months.medical") == medical)
        #expect(column("places.tianjin.insurance_months.pension") == base)
    }

    @Test func theShippedTianjinModelDrawsEachInsuranceTypeBelowThePension() throws {
        let (e, model) = try SimFixtures.tianjin()
        let gen = try PoolGenerator(model: model, compiled: Scorer(e).compiled)
        var b = PoolGenerator.Buffers(generator: gen, count: 20_000)
        gen.generate(into: &b, from: RandomStream(seed: 7))
        let pension = b.attributes[model.attributes.firstIndex { $0.path == "places.tianjin.insured_months" }!]
        for type in ["medical", "unemployment", "injury", "maternity"] {
            let months = b.attributes[model.attributes.firstIndex { $0.path == "places.tianjin.insurance_months.\(type)" }!]
            #expect(zip(months, pension).allSatisfy { $0 <= $1 && $0 >= 0 }, "\(type)")
            let below = zip(months, pension).filter { $0 < $1 }.count
            #expect(below > 1_000 && below < 8_000, "\(type): \(below) of 20,000 below the pension months")
        }
    }

    @Test("shortfall_of must name an earlier number attribute",
          arguments: ["places.tianjin.employed", "places.tianjin.residence_months"])
    func shortfallOfNeedsAnEarlierNumber(base: String) {
        let text = """
        model: bad
        places: [tianjin]
        attributes:
          places.tianjin.employed: {share: 0.9, source: test, confidence: assumed, note: test}
          places.tianjin.insurance_months.medical: {constant: 5, shortfall_of: \(base), source: test, confidence: assumed, note: test}
          places.tianjin.residence_months: {constant: 40, source: test, confidence: assumed, note: test}
        """
        #expect(throws: InputError.self) { try PoolModel.parse(text, file: "bad.yaml") }
    }
}
