import Testing
import JifenStatistics

/// Kendall's tau-b straight from its definition, over all n(n−1)/2 pairs.
func bruteForceTauB(_ x: [Double], _ y: [Double]) -> Double {
    var concordant = 0, discordant = 0, tiedXOnly = 0, tiedYOnly = 0
    for i in 0..<x.count {
        for j in (i + 1)..<x.count {
            let dx = x[i] - x[j], dy = y[i] - y[j]
            if dx == 0 && dy == 0 { continue }
            if dx == 0 { tiedXOnly += 1 } else if dy == 0 { tiedYOnly += 1 }
            else if (dx > 0) == (dy > 0) { concordant += 1 } else { discordant += 1 }
        }
    }
    let c = Double(concordant), d = Double(discordant)
    let denominator = ((c + d + Double(tiedXOnly)) * (c + d + Double(tiedYOnly))).squareRoot()
    return denominator > 0 ? (c - d) / denominator : .nan
}

@Suite("Rank metrics")
struct RankMetricsTests {
    @Test("Kendall tau-b matches the O(n²) definition on random tied samples", arguments: 0..<60)
    func kendallVersusBruteForce(seed: Int) throws {
        let stream = RandomStream(seed: UInt64(seed), stream: 1)
        let n = 2 + stream.uniformInt(below: 60)
        // Few distinct values, so ties in x, in y and in both are frequent.
        let levels = 2 + stream.uniformInt(below: 6)
        let x = (0..<n).map { _ in Double(stream.uniformInt(below: levels)) }
        let y = (0..<n).map { i in
            stream.bernoulli(0.5) ? x[i] : Double(stream.uniformInt(below: levels))
        }
        let fast = try RankCorrelation.kendallTauB(x, y)
        let reference = bruteForceTauB(x, y)
        if reference.isNaN {
            #expect(fast.isNaN)
        } else {
            #expect(abs(fast - reference) < 1e-12)
        }
    }

    @Test("Kendall tau-b on continuous data of a few thousand points matches the definition")
    func kendallLarger() throws {
        let stream = RandomStream(seed: 3, stream: 3)
        let x = (0..<1500).map { _ in stream.gaussian() }
        let y = x.map { $0 + stream.gaussian() }
        var correlation = RankCorrelation()
        #expect(abs(try correlation.kendallTauB(x, y) - bruteForceTauB(x, y)) < 1e-12)
        // Reusing the scratch on other data must not leak state.
        #expect(abs(try correlation.kendallTauB(y, x) - bruteForceTauB(y, x)) < 1e-12)
    }

    @Test("Kendall tau-b known values")
    func kendallKnown() throws {
        // Worked by hand: pairs give C = 7, D = 1, one pair tied in x, one in y, none in both;
        // n₀ = 10 → (7 − 1)/√(9·9) = 2/3. scipy.stats.kendalltau agrees.
        #expect(abs(try RankCorrelation.kendallTauB([1, 2, 2, 3, 4], [2, 1, 3, 3, 4]) - 2.0 / 3) < 1e-12)
        // scipy.stats.kendalltau documentation example: −0.47140452079103173 (= −1/(√2·1.5)).
        let scipy = try RankCorrelation.kendallTauB([12, 2, 1, 12, 2], [1, 4, 7, 1, 0])
        #expect(abs(scipy - (-0.47140452079103173)) < 1e-12)
        #expect(abs(try RankCorrelation.kendallTauB([1, 2, 3, 4], [10, 20, 30, 40]) - 1) < 1e-15)
        #expect(abs(try RankCorrelation.kendallTauB([1, 2, 3, 4], [4, 3, 2, 1]) + 1) < 1e-15)
        #expect(try RankCorrelation.kendallTauB([1, 1, 1], [1, 2, 3]).isNaN)
        #expect(throws: StatisticsError.lengthMismatch(2, 3)) { try RankCorrelation.kendallTauB([1, 2], [1, 2, 3]) }
    }

    @Test("Spearman rho with average ranks, worked by hand")
    func spearman() throws {
        // Ranks x: 1, 2.5, 2.5, 4, 5; y: 2, 1, 3.5, 3.5, 5. Deviations from 3 multiply to 7.25,
        // square to 9.5 each → 7.25/9.5 (scipy.stats.spearmanr: 0.7631578947368421).
        #expect(abs(try RankCorrelation.spearmanRho([1, 2, 2, 3, 4], [2, 1, 3, 3, 4]) - 7.25 / 9.5) < 1e-12)
        // Monotone but non-linear: ranks agree exactly.
        #expect(abs(try RankCorrelation.spearmanRho([1, 2, 3, 4, 5], [1, 8, 27, 64, 125]) - 1) < 1e-12)
        // No ties: 1 − 6Σd²/(n(n²−1)); d = (0, −2, 1, 1) → 1 − 36/60 = 0.4.
        #expect(abs(try RankCorrelation.spearmanRho([1, 2, 3, 4], [1, 4, 2, 3]) - 0.4) < 1e-12)
        #expect(try RankCorrelation.spearmanRho([5, 5, 5], [1, 2, 3]).isNaN)
    }

    @Test("Jaccard overlap of masks and index sets")
    func jaccard() throws {
        let a = [true, true, false, true, false]
        let b = [true, false, false, true, true]
        // Intersection {0, 3}, union {0, 1, 3, 4}.
        #expect(try SetOverlap.jaccard(a, b) == 0.5)
        #expect(SetOverlap.jaccard([0, 1, 3], [0, 3, 4]) == 0.5)
        #expect(SetOverlap.jaccard([Int](), []) == 1)
        #expect(try SetOverlap.jaccard([false, false], [false, false]) == 1)
        #expect(SetOverlap.jaccard([1, 2], [3]) == 0)
    }

    @Test("flips between admitted masks")
    func flips() throws {
        let before = [true, true, false, true, false, false]
        let after = [true, false, true, false, false, true]
        let flips = try SetOverlap.flips(from: before, to: after)
        #expect(flips == Flips(inToOut: 2, outToIn: 2))
        #expect(flips.total == 4)
        #expect(try SetOverlap.flips(from: before, to: before) == Flips(inToOut: 0, outToIn: 0))
        #expect(throws: StatisticsError.self) { try SetOverlap.flips(from: [true], to: []) }
    }
}
