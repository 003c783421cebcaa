import CGSL

/// The GSL generator algorithm behind a random stream.
public enum GeneratorKind: String, Sendable, Codable, CaseIterable {
    /// Mersenne Twister, the default: the sequence of `gsl_rng_mt19937`, drawn by an equivalent
    /// branch-free `gsl_rng_type` (`jifen_rng_mt19937_masked` in the CGSL shim) because GSL's
    /// own spends most of its time on a mispredicted branch.
    case mt19937
    /// Tausworthe, L'Ecuyer 1996 (`gsl_rng_taus2`): smaller state, faster seeding.
    case taus2

    var gslType: UnsafePointer<gsl_rng_type> {
        switch self {
        case .mt19937: jifen_rng_mt19937_masked()
        case .taus2: jifen_rng_taus2()
        }
    }
}

/// Evaluated once, on first use of any GSL-backed type: GSL's default handler aborts the
/// process, and every call here checks inputs or return codes instead.
let gslAbortDisabled: Void = jifen_gsl_disable_abort()

/// Derivation of a GSL seed from a run seed and a stream index.
///
/// `seed = fold32(splitMix64(splitMix64(runSeed) ^ stream))`, where `splitMix64(x)` is the first
/// output of Steele, Lea & Flood's SplitMix64 started at state `x`, and `fold32(z)` xors the two
/// 32-bit halves of `z`. A fold result of 0 becomes 1. Both GSL generators used here read only the
/// low 32 bits of the seed, so folding keeps every bit of the hash in play; taus2 silently maps
/// seed 0 to 1 and mt19937 maps it to 4357, so 0 is never handed over.
public enum StreamSeed {
    /// The SplitMix64 output function applied to state `x` (one step from `x`).
    public static func splitMix64(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The seed handed to `gsl_rng_set` for stream `stream` of a run seeded with `runSeed`.
    public static func gslSeed(runSeed: UInt64, stream: UInt64) -> UInt64 {
        let mixed = splitMix64(splitMix64(runSeed) ^ stream)
        let folded = (mixed ^ (mixed >> 32)) & 0xFFFF_FFFF
        return folded == 0 ? 1 : folded
    }
}

/// One GSL random number generator: a reproducible stream of draws.
///
/// Each replicate or worker owns its own stream; a stream is not safe to share between threads.
/// The stream is fully described by ``name`` and ``seed`` (record both for provenance; pass them
/// back to ``init(kind:gslSeed:)`` to replay it).
public final class RandomStream {
    private let rng: UnsafeMutablePointer<gsl_rng>
    /// The generator kind.
    public let kind: GeneratorKind
    /// The seed passed to `gsl_rng_set`, derived by ``StreamSeed/gslSeed(runSeed:stream:)``.
    public let seed: UInt64

    /// Stream number `stream` of a run seeded with `seed`.
    public convenience init(kind: GeneratorKind = .mt19937, seed: UInt64, stream: UInt64 = 0) {
        self.init(kind: kind, gslSeed: StreamSeed.gslSeed(runSeed: seed, stream: stream))
    }

    /// A generator seeded directly with a GSL seed, e.g. one recorded from ``seed``.
    public init(kind: GeneratorKind, gslSeed: UInt64) {
        _ = gslAbortDisabled
        guard let rng = gsl_rng_alloc(kind.gslType) else {
            fatalError("gsl_rng_alloc failed: out of memory")
        }
        gsl_rng_set(rng, UInt(gslSeed))
        self.rng = rng
        self.kind = kind
        self.seed = gslSeed
    }

    deinit { gsl_rng_free(rng) }

    /// GSL's name for the generator algorithm, e.g. `"mt19937"`.
    public var name: String { String(cString: gsl_rng_name(rng)) }

    /// The next raw integer output of the generator.
    func raw() -> UInt { gsl_rng_get(rng) }

    /// Uniform on [0, 1).
    @inline(__always) public func uniform() -> Double { gsl_rng_uniform(rng) }

    /// Uniform on (0, 1): never exactly 0, safe for logarithms and inverse CDFs.
    @inline(__always) public func uniformPositive() -> Double { gsl_rng_uniform_pos(rng) }

    /// Fills `out` with raw generator outputs, in stream order. Both generators span
    /// 0...2³²−1, so `Double(x) * 0x1p-32` of an output is exactly what ``uniform()`` would
    /// have returned in its place.
    public func fillRaw(_ out: UnsafeMutableBufferPointer<UInt32>) {
        guard let base = out.baseAddress else { return }
        jifen_word_fill(rng, masked, base, out.count)
    }

    /// Fills `out` with standard normals, exactly as as many ``gaussian(mean:sd:)`` calls would.
    public func fillGaussian(_ out: UnsafeMutableBufferPointer<Double>) {
        guard let base = out.baseAddress else { return }
        Ziggurat.tables.withPointers { w, k, f in jifen_gaussian_fill(rng, masked, w, k, f, base, out.count) }
    }

    /// Whether the generator is the shim's mt19937, whose words the C loops draw inline.
    private var masked: Int32 { kind == .mt19937 ? 1 : 0 }

    /// Uniform integer in 0..<n, without modulo bias. `n` must be in 1...2³²−1.
    public func uniformInt(below n: Int) -> Int {
        precondition(n >= 1 && UInt(n) <= gsl_rng_max(rng) - gsl_rng_min(rng), "uniformInt range")
        return Int(gsl_rng_uniform_int(rng, UInt(n)))
    }

    /// Normal with the given mean and standard deviation: the ziggurat method of Marsaglia and
    /// Tsang (2000) on this stream's words (`jifen_ziggurat` in the CGSL shim).
    @inline(__always) public func gaussian(mean: Double = 0, sd: Double = 1) -> Double {
        mean + sd * Ziggurat.tables.withPointers { w, k, f in jifen_ziggurat(rng, masked, w, k, f) }
    }

    /// Poisson count with mean `mu` (> 0).
    public func poisson(_ mu: Double) -> Int {
        precondition(mu > 0, "poisson mean must be positive")
        return Int(gsl_ran_poisson(rng, mu))
    }

    /// True with probability `p` (in [0, 1]).
    @inline(__always) public func bernoulli(_ p: Double) -> Bool {
        gsl_ran_bernoulli(rng, p) == 1
    }

    /// Gamma with shape `shape` (> 0) and scale `scale` (> 0); mean = shape·scale.
    public func gamma(shape: Double, scale: Double) -> Double {
        precondition(shape > 0 && scale > 0, "gamma parameters must be positive")
        return gsl_ran_gamma(rng, shape, scale)
    }

    /// Beta(a, b) on [0, 1], a and b > 0.
    public func beta(_ a: Double, _ b: Double) -> Double {
        precondition(a > 0 && b > 0, "beta parameters must be positive")
        return gsl_ran_beta(rng, a, b)
    }

    /// Binomial count of successes in `trials` trials with success probability `p`.
    public func binomial(p: Double, trials: Int) -> Int {
        precondition((0...1).contains(p) && trials >= 0 && trials <= Int(UInt32.max), "binomial parameters")
        return Int(gsl_ran_binomial(rng, p, UInt32(trials)))
    }

    /// Exponential with the given mean (> 0).
    public func exponential(mean: Double) -> Double {
        precondition(mean > 0, "exponential mean must be positive")
        return gsl_ran_exponential(rng, mean)
    }

    /// Lognormal: exp of a normal with mean `mu` and standard deviation `sigma`.
    public func lognormal(mu: Double, sigma: Double) -> Double {
        gsl_ran_lognormal(rng, mu, sigma)
    }

    /// An index drawn from a preprocessed discrete distribution.
    @inline(__always) public func discrete(_ distribution: DiscreteDistribution) -> Int {
        Int(gsl_ran_discrete(rng, distribution.table))
    }

    /// An index in `0..<weights.count`, drawn with probability proportional to its weight.
    /// Builds a lookup table on every call; in loops, build a ``DiscreteDistribution`` once.
    public func discrete(weights: [Double]) throws -> Int {
        discrete(try DiscreteDistribution(weights: weights))
    }
}

/// A discrete distribution over `0..<count`, preprocessed once (Walker's alias method,
/// `gsl_ran_discrete_preproc`) so each draw is O(1).
public final class DiscreteDistribution: @unchecked Sendable {
    // Immutable after init; GSL only reads the table while drawing.
    let table: UnsafeMutablePointer<gsl_ran_discrete_t>
    /// Number of outcomes.
    public let count: Int

    /// Probabilities proportional to `weights`; weights must be finite, non-negative and not all 0.
    public init(weights: [Double]) throws {
        _ = gslAbortDisabled
        guard !weights.isEmpty, weights.allSatisfy({ $0.isFinite && $0 >= 0 }),
              weights.contains(where: { $0 > 0 }) else {
            throw StatisticsError.invalidWeights(weights)
        }
        guard let table = weights.withUnsafeBufferPointer({
            gsl_ran_discrete_preproc(weights.count, $0.baseAddress)
        }) else {
            throw StatisticsError.invalidWeights(weights)
        }
        self.table = table
        self.count = weights.count
    }

    deinit { gsl_ran_discrete_free(table) }
}

/// The ziggurat's layer tables (`jifen_ziggurat_setup`), computed once.
struct Ziggurat: Sendable {
    let w: [Double], k: [UInt32], f: [Double]

    static let tables: Ziggurat = {
        var w = [Double](repeating: 0, count: 128), k = [UInt32](repeating: 0, count: 128), f = [Double](repeating: 0, count: 128)
        jifen_ziggurat_setup(&w, &k, &f)
        return Ziggurat(w: w, k: k, f: f)
    }()

    func withPointers<R>(_ body: (UnsafePointer<Double>, UnsafePointer<UInt32>, UnsafePointer<Double>) -> R) -> R {
        w.withUnsafeBufferPointer { w in
            k.withUnsafeBufferPointer { k in f.withUnsafeBufferPointer { f in body(w.baseAddress!, k.baseAddress!, f.baseAddress!) } }
        }
    }
}
