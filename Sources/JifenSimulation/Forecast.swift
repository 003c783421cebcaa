import JifenPolicy
import JifenStatistics

/// A Monte Carlo forecast that carries what is not known: per group of replicates the pool
/// model's parameters are drawn (``PoolUncertainty``) and, if asked, the rule book's inferred and
/// assumed values (``RuleUncertainty``); every replicate draws its own pool.
///
/// Replicates come in groups so that the cutoff's variance splits into its sources at no extra
/// cost (a nested design): with both sources, replicates 3g and 3g + 1 share group g's pool
/// parameters and rule values, 3g + 2 shares the pool parameters with other rule values; with one
/// source, 2g and 2g + 1 share it. Same seed, same results, any thread count.
public struct Forecast: Sendable {
    /// The model and edition as stated (what a sampling-only run uses).
    public let simulation: Simulation
    public let pools: PoolUncertainty?
    public let rules: RuleUncertainty?
    /// With rule uncertainty and a reform: the reformed edition's id, so drawn values carry it.
    let reformed: Bool

    public init(simulation: Simulation, pools: PoolUncertainty?, rules: RuleUncertainty?, reformed: Bool = false) {
        self.simulation = simulation
        self.pools = pools
        self.rules = rules
        self.reformed = reformed
    }

    /// True when each group draws its own pool size.
    public var drawsPoolSize: Bool { pools?.parameters.contains { $0.name == "pool" } ?? false }

    /// Replicates per group: 1 (sampling only), 2 (one uncertain source) or 3 (both).
    public var groupSize: Int { 1 + (pools == nil ? 0 : 1) + (rules == nil ? 0 : 1) }

    /// Replicate `r`'s simulation and pool size.
    func setup(_ r: Int, _ settings: SimulationSettings) throws -> (Simulation, Int) {
        let size = groupSize, g = r / size, member = r % size
        var scorer = simulation.scorer
        if let rules {
            // The last member of a group of 3 has its own rule values; the others share group g's.
            let draw = size == 3 ? 2 * g + (member == 2 ? 1 : 0) : g
            scorer = Scorer(try rules.edition(draw: draw, settings, reformed: reformed))
        }
        guard let pools else {
            return (rules == nil ? simulation : try Simulation(model: simulation.generator.model, scorer: scorer), settings.pool)
        }
        let model = try pools.model(group: g, settings)
        return (try Simulation(model: model, scorer: scorer), model.pool ?? settings.pool)
    }

    /// Draws and scores every replicate's pool and hands its workspace to `body`.
    func map<Result: Sendable>(
        _ settings: SimulationSettings, _ body: @Sendable (Simulation, SimulationSettings, inout Simulation.Workspace) -> Result
    ) throws -> [Result] {
        try Replicates.map(count: settings.replicates, threads: settings.threads,
                           scratch: { Simulation.Workspace?.none }) { index, w throws -> Result in
            let (sim, pool) = try setup(index, settings)
            var s = settings
            s.pool = pool
            if w?.standings.count != pool { w = Simulation.Workspace(sim, count: pool) }
            sim.drawAndScore(index, s, &w!)
            return body(sim, s, &w!)
        }
    }

    /// The admission round of every replicate, and the cutoff's variance split.
    public func run(_ settings: SimulationSettings) throws -> ForecastResult {
        try settings.validate()
        let outcomes = try map(settings) { sim, s, w in sim.outcome(quota: s.quota, &w) }
        let result = SimulationResult(settings: settings, outcomes: outcomes)
        return ForecastResult(result: result, split: split(outcomes.map(\.cutoff)))
    }

    /// The cutoff at every quota, on the same pools, with each replicate's eligible count.
    public func quotaCurve(quotas: [Int], _ settings: SimulationSettings) throws -> QuotaCurve {
        guard !quotas.isEmpty else { throw SimulationError.invalid("give at least one quota") }
        for q in quotas {
            var s = settings
            s.quota = q
            try s.validate()
        }
        let rows = try map(settings) { _, _, w -> ([Double?], Int) in
            w.sorted.removeAll(keepingCapacity: true)
            for j in 0..<w.standings.count where w.standings.eligible[j] { w.sorted.append(w.standings.total[j]) }
            OrderStatistics.radixSort(&w.sorted, keys: &w.radixKeys, spare: &w.radixSpare)
            // The q-th largest eligible score: the exact order statistic.
            return (quotas.map { q in w.sorted.isEmpty ? nil : w.sorted[w.sorted.count - min(q, w.sorted.count)] }, w.sorted.count)
        }
        return QuotaCurve(quotas: quotas, cutoffs: rows.map(\.0), eligible: rows.map(\.1))
    }

    /// The variance split of per-replicate values laid out in this forecast's groups.
    public func split(_ values: [Double?]) -> VarianceSplitByGroups {
        VarianceSplitByGroups(values: values, groupSize: groupSize, pools: pools != nil, rules: rules != nil)
    }
}

/// A forecast's replicates and the split of the cutoff's variance.
public struct ForecastResult: Sendable {
    public var result: SimulationResult
    public var split: VarianceSplitByGroups
}

/// The variance of a per-replicate value split into sampling (another pool from the same model and
/// rules), pool model and rule values, from replicates in groups (``Forecast``): with a and b two
/// replicates sharing every drawn value, E[(a − b)²]/2 is the sampling variance; with a and c
/// sharing the pool parameters only, E[(a − c)²]/2 is sampling plus rules given the pool; the pool
/// model takes what remains of the total (law of total variance; parts floored at 0). Sample
/// variances with divisor n − 1; incomplete groups count towards the total only.
public struct VarianceSplitByGroups: Sendable, Equatable {
    public var total: Double?
    public var sampling: Double?
    public var poolModel: Double?
    public var rules: Double?
    /// Complete groups used for the within-group terms.
    public var groups: Int

    public init(values: [Double?], groupSize: Int, pools: Bool, rules hasRules: Bool) {
        let present = values.compactMap { $0 }
        total = VarianceSplit.variance(present)
        var same = 0.0, poolOnly = 0.0
        groups = 0
        if groupSize >= 2 {
            for g in 0..<(values.count / groupSize) {
                let base = g * groupSize
                guard let a = values[base], let b = values[base + 1] else { continue }
                same += (a - b) * (a - b) / 2
                if groupSize == 3, let c = values[base + 2] { poolOnly += (a - c) * (a - c) / 2 }
                groups += 1
            }
        }
        guard let total else { return }
        guard groupSize >= 2, groups > 0 else {
            sampling = total
            return
        }
        let s = same / Double(groups)
        sampling = min(s, total)
        if groupSize == 3 {
            let within = max(poolOnly / Double(groups), s)
            rules = within - s
            poolModel = max(0, total - within)
        } else if pools {
            poolModel = max(0, total - s)
        } else if hasRules {
            rules = max(0, total - s)
        }
    }

    /// Each part as a share of their sum.
    public func share(_ part: Double?) -> Double? {
        let sum = [sampling, poolModel, rules].compactMap { $0 }.reduce(0, +)
        guard let part, sum > 0 else { return nil }
        return part / sum
    }

    public var json: JSON {
        .object([
            ("variance_total", .optional(total)), ("variance_sampling", .optional(sampling)),
            ("variance_pool_model", .optional(poolModel)), ("variance_rules", .optional(rules)),
            ("groups", .number(Double(groups))),
            ("method", .string("nested groups of replicates: E[(a - b)^2]/2 over replicates sharing every drawn value estimates sampling; over replicates sharing the pool parameters only, sampling plus rules; the pool model takes the rest of the total (law of total variance, parts floored at 0)")),
        ])
    }
}
