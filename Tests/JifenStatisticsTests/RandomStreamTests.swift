import CGSL
import Testing
@testable import JifenStatistics

@Suite("RandomStream")
struct RandomStreamTests {
    @Test("SplitMix64 matches the published reference outputs")
    func splitMixReference() {
        // Steele–Lea–Flood reference (Rosetta Code "Pseudo-random numbers/Splitmix64"), seed 1234567:
        // the generator adds the golden gamma before each output.
        #expect(StreamSeed.splitMix64(1_234_567) == 6_457_827_717_110_365_317)
        #expect(StreamSeed.splitMix64(1_234_567 &+ 0x9E37_79B9_7F4A_7C15) == 3_203_168_211_198_807_973)
        #expect(StreamSeed.splitMix64(0) == 0xE220_A839_7B1D_CDAF)
    }

    @Test("GSL seed is the documented fold of the SplitMix64 hash")
    func seedDerivation() {
        // Worked with an independent Python transcription of the documented formula:
        // splitMix64(0) = 0xE220A8397B1DCDAF; splitMix64(that ^ 0) = 0xA706DD2F4D197E6F;
        // 0xA706DD2F ^ 0x4D197E6F = 0xEA1FA340.
        #expect(StreamSeed.gslSeed(runSeed: 0, stream: 0) == 0xEA1F_A340)
        #expect(RandomStream(seed: 0, stream: 0).seed == 0xEA1F_A340)
        // splitMix64(2024) = 0x9F6D8FECF88EECD5; ^ 3 then mixed = 0xAEA0CF31C603C9D4 → 0x68A306E5.
        #expect(RandomStream(kind: .taus2, seed: 2024, stream: 3).seed == 0x68A3_06E5)
        for stream in 0..<1000 as Range<UInt64> {
            let seed = StreamSeed.gslSeed(runSeed: 7, stream: stream)
            #expect(seed != 0 && seed <= 0xFFFF_FFFF)
        }
    }

    @Test("mt19937 is GSL's generator: 1000th output for seed 4357")
    func gslReferenceValue() {
        // GSL's own regression value (rng/test.c).
        let stream = RandomStream(kind: .mt19937, gslSeed: 4357)
        var last: UInt = 0
        for _ in 0..<1000 { last = stream.raw() }
        #expect(last == 1_186_927_261)
    }

    @Test("mt19937 gives gsl_rng_mt19937's outputs word for word, one at a time and in bulk",
          arguments: [0, 1, 4357, 0xEA1F_A340, 0xFFFF_FFFF] as [UInt64])
    func sameWordsAsGSL(seed: UInt64) throws {
        let reference = try #require(gsl_rng_alloc(jifen_rng_mt19937()))
        defer { gsl_rng_free(reference) }
        gsl_rng_set(reference, UInt(seed))
        let stream = RandomStream(kind: .mt19937, gslSeed: seed)
        // 3,000 words cross the 624-word regeneration several times, at varying offsets.
        var bulk = [UInt32](repeating: 0, count: 700)
        for round in 0..<3 {
            for _ in 0..<(100 + round * 37) { #expect(stream.raw() == gsl_rng_get(reference)) }
            bulk.withUnsafeMutableBufferPointer { stream.fillRaw($0) }
            #expect(bulk.map(UInt.init) == (0..<700).map { _ in gsl_rng_get(reference) })
        }
        #expect(stream.uniform() == gsl_rng_uniform(reference))
    }

    @Test("bulk draws are the single draws they replace", arguments: GeneratorKind.allCases)
    func bulkMatchesSingle(kind: GeneratorKind) {
        let single = RandomStream(kind: kind, seed: 8, stream: 1)
        let bulk = RandomStream(kind: kind, seed: 8, stream: 1)
        var raw = [UInt32](repeating: 0, count: 1500)
        raw.withUnsafeMutableBufferPointer { bulk.fillRaw($0) }
        #expect(raw.map { Double($0) * 0x1p-32 } == (0..<1500).map { _ in single.uniform() })
        var normals = [Double](repeating: 0, count: 1500)
        normals.withUnsafeMutableBufferPointer { bulk.fillGaussian($0) }
        #expect(normals == (0..<1500).map { _ in single.gaussian() })
    }

    @Test("ziggurat layers all have the area V, and the widest ends at R")
    func zigguratLayers() {
        let t = Ziggurat.tables
        let (r, v, m) = (3.442619855899, 9.91256303526217e-3, 16_777_216.0)
        #expect(abs(t.w[127] * m - r) < 1e-12)
        #expect(abs(t.f[127] - exp(-r * r / 2)) < 1e-15)
        // Base strip: R·f(R) plus the tail ∫_R^∞ φ·√(2π) = √(2π)·Φ(−R) make V.
        #expect(abs(r * exp(-r * r / 2) + (2 * Double.pi).squareRoot() * Normal.Phi(-r) - v) < 1e-9)
        for i in 1...127 {
            let x = t.w[i] * m
            #expect(abs(x * (t.f[i - 1] - t.f[i]) - v) < 1e-9, "layer \(i)")
            #expect(abs(t.f[i] - exp(-x * x / 2)) < 1e-15)
        }
    }

    @Test("normals follow Φ: Kolmogorov–Smirnov, tails and symmetry", arguments: GeneratorKind.allCases)
    func normalsFollowPhi(kind: GeneratorKind) {
        let n = 200_000
        let stream = RandomStream(kind: kind, seed: 12, stream: 0)
        var z = [Double](repeating: 0, count: n)
        z.withUnsafeMutableBufferPointer { stream.fillGaussian($0) }
        z.sort()
        var d = 0.0
        for (i, x) in z.enumerated() {
            let p = Normal.Phi(x)
            d = max(d, abs(Double(i + 1) / Double(n) - p), abs(Double(i) / Double(n) - p))
        }
        // The 0.1% critical value of the KS statistic is 1.95/√n.
        #expect(d < 1.95 / Double(n).squareRoot(), "D = \(d)")
        // Beyond the base strip's R = 3.4426 (the tail branch): expected 2Φ(−R)·n ≈ 115.
        let tail = Double(z.filter { abs($0) > 3.442619855899 }.count)
        let expected = 2 * Normal.Phi(-3.442619855899) * Double(n)
        #expect(abs(tail - expected) < 4 * expected.squareRoot(), "\(tail) beyond R, expected \(expected)")
        let negative = Double(z.filter { $0 < 0 }.count) / Double(n)
        #expect(abs(negative - 0.5) < 4 * (0.25 / Double(n)).squareRoot())
    }

    @Test("same seed and stream give identical draws", arguments: GeneratorKind.allCases)
    func reproducible(kind: GeneratorKind) {
        let a = RandomStream(kind: kind, seed: 2024, stream: 3)
        let b = RandomStream(kind: kind, seed: 2024, stream: 3)
        for _ in 0..<500 {
            #expect(a.uniform() == b.uniform())
            #expect(a.gaussian() == b.gaussian())
            #expect(a.poisson(3.5) == b.poisson(3.5))
        }
        #expect(a.name == kind.rawValue)
        #expect(a.seed == b.seed)
    }

    @Test("different stream index or run seed gives different draws", arguments: GeneratorKind.allCases)
    func streamsDiffer(kind: GeneratorKind) {
        let base = RandomStream(kind: kind, seed: 99, stream: 0)
        let draws = (0..<8).map { _ in base.uniform() }
        for stream in 1..<20 as Range<UInt64> {
            let other = RandomStream(kind: kind, seed: 99, stream: stream)
            #expect((0..<8).map { _ in other.uniform() } != draws)
        }
        let otherRun = RandomStream(kind: kind, seed: 100, stream: 0)
        #expect((0..<8).map { _ in otherRun.uniform() } != draws)
    }

    @Test("a recorded seed replays the stream")
    func replay() {
        let original = RandomStream(kind: .taus2, seed: 5, stream: 11)
        let replayed = RandomStream(kind: .taus2, gslSeed: original.seed)
        #expect((0..<100).map { _ in original.uniform() } == (0..<100).map { _ in replayed.uniform() })
    }

    @Test("draws respect their distributions' supports and means")
    func distributions() throws {
        let stream = RandomStream(seed: 1, stream: 0)
        let n = 20_000
        var uniformSum = 0.0, gaussianSum = 0.0, bernoulliCount = 0, binomialSum = 0, poissonSum = 0
        var gammaSum = 0.0, betaSum = 0.0
        for _ in 0..<n {
            let u = stream.uniform()
            #expect(u >= 0 && u < 1)
            let up = stream.uniformPositive()
            #expect(up > 0 && up < 1)
            uniformSum += u
            gaussianSum += stream.gaussian(mean: 10, sd: 2)
            if stream.bernoulli(0.3) { bernoulliCount += 1 }
            binomialSum += stream.binomial(p: 0.25, trials: 8)
            poissonSum += stream.poisson(4)
            gammaSum += stream.gamma(shape: 2, scale: 3)
            let b = stream.beta(2, 6)
            #expect(b >= 0 && b <= 1)
            betaSum += b
        }
        let m = Double(n)
        // Each tolerance is about 4 standard errors of the mean.
        #expect(abs(uniformSum / m - 0.5) < 4 * (1 / 12.0).squareRoot() / m.squareRoot())
        #expect(abs(gaussianSum / m - 10) < 4 * 2 / m.squareRoot())
        #expect(abs(Double(bernoulliCount) / m - 0.3) < 4 * (0.21).squareRoot() / m.squareRoot())
        #expect(abs(Double(binomialSum) / m - 2) < 4 * (1.5).squareRoot() / m.squareRoot())
        #expect(abs(Double(poissonSum) / m - 4) < 4 * 2 / m.squareRoot())
        #expect(abs(gammaSum / m - 6) < 4 * (18.0).squareRoot() / m.squareRoot())
        #expect(abs(betaSum / m - 0.25) < 4 * (12.0 / (64 * 9)).squareRoot() / m.squareRoot())
    }

    @Test("discrete draws follow their weights; zero weights never drawn")
    func discrete() throws {
        let stream = RandomStream(seed: 8, stream: 2)
        let table = try DiscreteDistribution(weights: [1, 0, 3])
        var counts = [0, 0, 0]
        for _ in 0..<40_000 { counts[stream.discrete(table)] += 1 }
        #expect(counts[1] == 0)
        // Expected share 0.25, standard error ≈ 0.0022.
        #expect(abs(Double(counts[0]) / 40_000 - 0.25) < 0.01)
        #expect(throws: StatisticsError.self) { try DiscreteDistribution(weights: [0, 0]) }
        #expect(throws: StatisticsError.self) { try DiscreteDistribution(weights: [1, -1]) }
    }
}
