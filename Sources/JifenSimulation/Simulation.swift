import JifenPolicy
import JifenStatistics

/// What one Monte Carlo run is asked to do.
public struct SimulationSettings: Sendable, Equatable {
    public var pool: Int
    public var quota: Int
    public var replicates: Int
    public var seed: UInt64
    public var generator: GeneratorKind
    public var threads: Int

    public init(pool: Int, quota: Int, replicates: Int = 100, seed: UInt64 = 1, generator: GeneratorKind = .mt19937, threads: Int = 1) {
        self.pool = pool
        self.quota = quota
        self.replicates = replicates
        self.seed = seed
        self.generator = generator
        self.threads = threads
    }

    /// The most applicants in one pool: 5 million, 50 times a large city's yearly applicants,
    /// whose columns take about 1 GB per worker.
    public static let maxPool = 5_000_000
    /// The most replicates in one run.
    public static let maxReplicates = 100_000
    /// The most worker threads.
    public static let maxThreads = 1024

    /// Checks the numbers against their bounds before anything is allocated; the message is one
    /// sentence for the command line.
    public func validate() throws(SimulationError) {
        guard pool >= 1 else { throw .invalid("the pool must hold at least 1 applicant, got \(pool)") }
        guard pool <= Self.maxPool else { throw .invalid("the pool (\(pool)) is larger than \(Self.maxPool), the most applicants jifen simulates in one pool") }
        guard quota >= 1 else { throw .invalid("the quota must be at least 1, got \(quota)") }
        guard quota <= pool else { throw .invalid("the quota (\(quota)) is larger than the pool (\(pool)); every applicant would be admitted") }
        guard replicates >= 1 else { throw .invalid("replicates must be at least 1, got \(replicates)") }
        guard replicates <= Self.maxReplicates else { throw .invalid("replicates (\(replicates)) is more than \(Self.maxReplicates), the most jifen draws in one run") }
        guard threads >= 1 else { throw .invalid("threads must be at least 1, got \(threads)") }
        guard threads <= Self.maxThreads else { throw .invalid("threads (\(threads)) is more than \(Self.maxThreads)") }
    }
}

/// A run that cannot start; the message is one sentence.
public enum SimulationError: Error, Equatable, CustomStringConvertible {
    case invalid(String)
    public var description: String { if case .invalid(let m) = self { return m }; return "" }
}

/// One replicate's admission round.
public struct ReplicateOutcome: Sendable, Equatable {
    /// The last admitted applicant's score; nil when nobody was eligible.
    public var cutoff: Double?
    public var eligible: Int
    public var admitted: Int
    /// Eligible applicants scoring exactly the cutoff.
    public var tieMass: Int
    /// Mean score of the admitted.
    public var admittedMean: Double?
    /// Quartiles and maximum of the admitted scores (type 7 quantiles).
    public var admittedQ25: Double?
    public var admittedMedian: Double?
    public var admittedQ75: Double?
    public var admittedMax: Double?
    /// Percent of the pool scoring below the cutoff (eligible or not).
    public var poolPercentile: Double?
    /// Percent of the eligible scoring below the cutoff.
    public var eligiblePercentile: Double?
}

/// A Monte Carlo run's results: per replicate, and summarised across replicates.
public struct SimulationResult: Sendable {
    public var settings: SimulationSettings
    public var outcomes: [ReplicateOutcome]

    public init(settings: SimulationSettings, outcomes: [ReplicateOutcome]) {
        self.settings = settings
        self.outcomes = outcomes
    }

    /// Summary of a per-replicate statistic over the replicates where it exists.
    public func summary(_ value: (ReplicateOutcome) -> Double?) -> ReplicateSummary? {
        try? ReplicateSummary(outcomes.compactMap(value))
    }

    public var cutoff: ReplicateSummary? { summary(\.cutoff) }
    /// Replicates in which fewer applicants were eligible than the quota.
    public var unfilled: Int { outcomes.filter { $0.admitted < settings.quota }.count }
}

/// Generates pools, scores them with the edition's compiled edition and admits by quota.
public struct Simulation: Sendable {
    public let generator: PoolGenerator
    public let scorer: Scorer

    public init(model: PoolModel, edition: Edition) throws {
        try self.init(model: model, scorer: Scorer(edition))
    }

    /// With an edition already compiled, as when many models are tried against one edition.
    public init(model: PoolModel, scorer: Scorer) throws {
        self.scorer = scorer
        generator = try PoolGenerator(model: model, compiled: scorer.compiled)
    }

    /// Per-worker memory, reused by every replicate: one block of applicants with its scores,
    /// and the pool's standings (totals, eligibility, tie-break values) filled block by block.
    public struct Workspace: Sendable {
        var block: PoolGenerator.Buffers
        var blockScores: ScoreColumns
        public internal(set) var standings: Standings
        var selection = SelectionScratch()
        var admittedScores: [Double] = []
        var sorted: [Double] = []
        var radixKeys: [UInt64] = []
        var radixSpare: [UInt64] = []

        public init(_ simulation: Simulation, count: Int) {
            let rows = min(count, PoolGenerator.blockSize)
            block = .init(generator: simulation.generator, count: rows)
            blockScores = ScoreColumns(compiled: simulation.scorer.compiled, count: rows)
            standings = Standings(compiled: simulation.scorer.compiled, count: count)
        }
    }

    /// Draws replicate `index`'s pool (stream `index` of the run seed) block by block, scores each
    /// block while it is in cache and keeps the standings in `w`.
    public func drawAndScore(_ index: Int, _ s: SimulationSettings, _ w: inout Workspace) {
        let stream = RandomStream(kind: s.generator, seed: s.seed, stream: UInt64(index))
        let compiled = scorer.compiled
        var start = 0
        while start < s.pool {
            let rows = 0..<min(PoolGenerator.blockSize, s.pool - start)
            generator.generate(into: &w.block, rows: rows, from: stream)
            compiled.score(w.block.table, rows: rows, into: &w.blockScores)
            w.standings.record(scorer, w.blockScores, w.block.table, rows: rows, at: start)
            start += rows.count
        }
    }

    /// Replicate `index`'s whole pool and every score column (the same applicants and scores
    /// as ``drawAndScore(_:_:_:)``), for charts and benchmarks.
    public func scoredPool(_ index: Int, _ s: SimulationSettings) -> (pool: PoolGenerator.Buffers, scores: ScoreColumns) {
        var pool = PoolGenerator.Buffers(generator: generator, count: s.pool)
        generator.generate(into: &pool, from: RandomStream(kind: s.generator, seed: s.seed, stream: UInt64(index)))
        var scores = ScoreColumns(compiled: scorer.compiled, count: s.pool)
        scorer.compiled.score(pool.table, into: &scores)
        return (pool, scores)
    }

    /// Runs `settings.replicates` replicates; identical results for any thread count.
    public func run(_ settings: SimulationSettings) throws(SimulationError) -> SimulationResult {
        try settings.validate()
        let outcomes = Replicates.map(count: settings.replicates, threads: settings.threads,
                                      scratch: { Workspace(self, count: settings.pool) }) { index, w in
            drawAndScore(index, settings, &w)
            return outcome(quota: settings.quota, &w)
        }
        return SimulationResult(settings: settings, outcomes: outcomes)
    }

    /// The admission round of the pool in `w`. Who among the tied gets in does not change any
    /// score statistic, so only the round's numbers are settled, not the admitted flags.
    func outcome(quota: Int, _ w: inout Workspace) -> ReplicateOutcome {
        let a = Selection.round(w.standings, quota: quota, scratch: &w.selection)
        var o = ReplicateOutcome(cutoff: a.cutoff, eligible: a.eligible, admitted: a.admitted, tieMass: a.tieMass)
        guard let cutoff = a.cutoff else { return o }
        let n = w.standings.count
        // The admitted scores: every eligible score above the cutoff, and the cutoff itself for
        // each tied applicant admitted.
        w.admittedScores.removeAll(keepingCapacity: true)
        var belowPool = 0, belowEligible = 0
        w.standings.total.withUnsafeBufferPointer { total in
            w.standings.eligible.withUnsafeBufferPointer { eligible in
                for j in 0..<n {
                    let below = total[j] < cutoff
                    belowPool += below ? 1 : 0
                    belowEligible += below && eligible[j] ? 1 : 0
                    // The rare condition first, so the branch is predictable.
                    if total[j] > cutoff && eligible[j] { w.admittedScores.append(total[j]) }
                }
            }
        }
        w.admittedScores.append(contentsOf: repeatElement(cutoff, count: a.admittedAtCutoff))
        OrderStatistics.radixSort(&w.admittedScores, keys: &w.radixKeys, spare: &w.radixSpare)
        let s = w.admittedScores
        o.admittedMean = s.reduce(0, +) / Double(s.count)
        o.admittedQ25 = try? OrderStatistics.quantile(0.25, sorted: s)
        o.admittedMedian = try? OrderStatistics.quantile(0.5, sorted: s)
        o.admittedQ75 = try? OrderStatistics.quantile(0.75, sorted: s)
        o.admittedMax = s.last
        o.poolPercentile = 100 * Double(belowPool) / Double(n)
        o.eligiblePercentile = a.eligible > 0 ? 100 * Double(belowEligible) / Double(a.eligible) : nil
        return o
    }

    /// The cutoff for every quota on the same pools (common random numbers): row r, column q.
    /// Within a replicate the cutoff never rises as the quota grows; a quota above the eligible
    /// count admits everyone eligible, so its cutoff is the lowest eligible score.
    public func quotaCurve(quotas: [Int], _ settings: SimulationSettings) throws(SimulationError) -> QuotaCurve {
        do {
            return try Forecast(simulation: self, pools: nil, rules: nil).quotaCurve(quotas: quotas, settings)
        } catch let e as SimulationError { throw e } catch { throw .invalid("\(error)") }
    }
}

/// Cutoffs against quotas across replicates.
public struct QuotaCurve: Sendable {
    public var quotas: [Int]
    /// `cutoffs[replicate][quota index]`; nil when nobody was eligible.
    public var cutoffs: [[Double?]]
    /// Eligible applicants per replicate.
    public var eligible: [Int]

    public init(quotas: [Int], cutoffs: [[Double?]], eligible: [Int]) {
        self.quotas = quotas
        self.cutoffs = cutoffs
        self.eligible = eligible
    }

    /// Summary of the cutoff at quota index `i` across replicates.
    public func summary(at i: Int) -> ReplicateSummary? { try? ReplicateSummary(cutoffs.compactMap { $0[i] }) }

    /// Share of replicates in which quota index `i` is larger than the eligible count, so the
    /// places are not all filled and the "cutoff" is just the lowest eligible score.
    public func unfilledShare(at i: Int) -> Double {
        eligible.isEmpty ? 0 : Double(eligible.filter { $0 < quotas[i] }.count) / Double(eligible.count)
    }

    /// A quota left unfilled in at least half of the replicates: its cutoff says nothing about
    /// competition and it is left out of slopes.
    public func isUnfilled(_ i: Int) -> Bool { unfilledShare(at: i) >= 0.5 }

    /// Change of the median cutoff per 1,000 more places, from quota index `i` to `k` (points per
    /// 1,000 places; negative: the cutoff falls); nil when either quota is unfilled.
    public func slope(from i: Int, to k: Int) -> Double? {
        guard !isUnfilled(i), !isUnfilled(k), let a = summary(at: i)?.median, let b = summary(at: k)?.median,
              quotas[k] != quotas[i] else { return nil }
        return (b - a) / Double(quotas[k] - quotas[i]) * 1000
    }

    /// The slope from the smallest to the largest filled quota.
    public var filledSlope: Double? {
        let filled = quotas.indices.filter { !isUnfilled($0) }
        guard let first = filled.first, let last = filled.last, first != last else { return nil }
        return slope(from: first, to: last)
    }
}
