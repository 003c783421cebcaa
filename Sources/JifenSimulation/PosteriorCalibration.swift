import Foundation
import JifenPolicy
import JifenStatistics

/// A posterior over a pool model's `free:` parameters given published figures, by approximate
/// Bayesian computation with sequential Monte Carlo (ABC-SMC; Beaumont et al. 2009, with the
/// tolerance schedule of Del Moral, Doucet & Jasra 2012 taken as a quantile of the previous
/// generation's distances). docs/statistics.md gives the method and why it was chosen.
///
/// - Prior: uniform on each declared range.
/// - Distance: root mean square over the published measures of (simulated − published) / sd,
///   the sd being each measure's spread across pools (``MeasureNoise``), measured once in a pilot
///   run of the model as given. The simulated value is the median over `replicates` pools drawn
///   from the same streams for every particle (common random numbers), so the distance is a
///   deterministic function of the parameters and two particles differ by their parameters only.
/// - Generation 0 draws `particles` proposals from the prior and keeps them all; each later
///   generation's tolerance is the `quantile` of the previous generation's distances. Proposals are
///   a previous particle picked by weight and moved by a Gaussian kernel with twice the weighted
///   variance per parameter (in units of its range); accepted when within the tolerance, weighted by
///   prior ÷ the kernel mixture. Proposals are made in batches and accepted in proposal order, each
///   proposal drawing from its own stream, so the posterior is the same for any thread count.
/// - The kernel is truncated to the prior's box (moves are redrawn until inside, and weights
///   divide each kernel by its mass inside), so no simulation is spent outside the prior. A move
///   inside the box but outside the model's joint support (``PoolModel/outsideSupport(_:)``: free
///   shares of one categorical past 1, a correlation matrix not positive definite) has prior 0 and
///   is rejected before simulating; generation 0 draws such points again.
/// - It stops after `generations`, when the tolerance reaches `targetTolerance`, or when a
///   generation's acceptance (accepted ÷ simulated) would fall below `minimumAcceptance` (that
///   generation is dropped).
public struct PosteriorCalibration: Sendable {
    public var edition: Edition
    public var targets: CalibrationTargets
    public var particles: Int
    public var generations: Int
    public var replicates: Int
    public var pilotReplicates: Int
    public var quantile: Double
    public var targetTolerance: Double
    public var minimumAcceptance: Double
    public var seed: UInt64
    public var threads: Int

    public init(edition: Edition, targets: CalibrationTargets, particles: Int = 200, generations: Int = 20, replicates: Int = 4,
                pilotReplicates: Int = 32, quantile: Double = 0.5, targetTolerance: Double = 1, minimumAcceptance: Double = 0.03,
                seed: UInt64 = 1, threads: Int = 1) {
        self.edition = edition
        self.targets = targets
        self.particles = particles
        self.generations = generations
        self.replicates = replicates
        self.pilotReplicates = pilotReplicates
        self.quantile = quantile
        self.targetTolerance = targetTolerance
        self.minimumAcceptance = minimumAcceptance
        self.seed = seed
        self.threads = threads
    }

    /// Streams of the run seed used for proposals: far from the pools' streams 0, 1, 2, ….
    static let proposalStreams: UInt64 = 1 << 44

    /// The model's pools for the targets: quota from the published count, or pool × pass rate.
    func settings(_ model: PoolModel, replicates: Int) -> SimulationSettings? {
        let pool = model.pool ?? 0
        let quota = targets.admitted ?? Int((Double(pool) * (targets.passRate ?? 0) / 100).rounded())
        guard pool >= 1, quota >= 1, quota <= pool else { return nil }
        return SimulationSettings(pool: pool, quota: quota, replicates: replicates, seed: seed, threads: 1)
    }

    /// The noise sd of each measure, from `pilotReplicates` pools of `model` as given.
    public func noise(_ model: PoolModel) throws -> [MeasureNoise] {
        guard var s = settings(model, replicates: pilotReplicates) else {
            throw InputError(file: model.file, key: "pool", "the model's pool (\(model.pool ?? 0)) is smaller than the published count; the pilot run needs a pool that can fill it")
        }
        s.threads = threads
        let result = try Simulation(model: model, edition: edition).run(s)
        return MeasureNoise.estimate(targets, from: result)
    }

    struct Proposal: Sendable {
        var values: [Double]
        var distance: Double?
        var simulated: [Double]
    }

    /// Runs the sampler from `start` (its free parameters and bounds are the prior).
    /// `progress` is called after each generation.
    public func run(_ start: PoolModel, progress: (GenerationSummary) -> Void = { _ in }) throws -> PosteriorFit {
        let free = start.free
        guard !free.isEmpty else { throw InputError(file: start.file, key: "free", "the model declares no free parameters to fit") }
        let noise = try self.noise(start)
        let scorer = Scorer(edition)
        let k = free.count
        let span = free.map { $0.upper - $0.lower }
        @Sendable func named(_ values: [Double]) -> [(name: String, value: Double)] {
            free.indices.map { (free[$0].name, values[$0]) }
        }
        @Sendable func evaluate(_ values: [Double]) throws -> Proposal {
            let model = try start.setting(named(values))
            let set = try free.map { try model.value(of: $0) }
            guard let s = settings(model, replicates: replicates) else { return Proposal(values: set, distance: nil, simulated: []) }
            let result = try Simulation(model: model, scorer: scorer).run(s)
            let d = MeasureNoise.distance(noise, result)
            return Proposal(values: set, distance: d?.distance, simulated: d?.simulated ?? [])
        }
        @Sendable func stream(_ generation: Int, _ index: Int) -> RandomStream {
            RandomStream(seed: seed, stream: Self.proposalStreams + UInt64(generation) << 24 + UInt64(index))
        }

        var evaluations = particles
        // Generation 0: the prior itself, uniform on the declared box where the model is valid
        // (a draw outside the joint support, such as free shares past 1, is drawn again).
        var current = try Replicates.map(count: particles, threads: threads) { i throws -> Proposal in
            let r = stream(0, i)
            var reason = ""
            for _ in 0..<10_000 {
                let values = free.indices.map { free[$0].lower + r.uniform() * span[$0] }
                guard let why = start.outsideSupport(named(values)) else { return try evaluate(values) }
                reason = why
            }
            throw InputError(file: start.file, key: "free", "the free parameters' ranges hold almost no valid model: \(reason)")
        }
        var weights = [Double](repeating: 1 / Double(particles), count: particles)
        var history = [GenerationSummary(tolerance: current.compactMap(\.distance).max() ?? .infinity, proposals: particles,
                                         simulated: particles, accepted: particles, effectiveSampleSize: Double(particles))]
        progress(history[0])
        var tolerance = Double.infinity
        for generation in 1..<max(generations, 1) {
            let finite = current.compactMap(\.distance).sorted()
            guard !finite.isEmpty, tolerance > targetTolerance else { break }
            let next = max(targetTolerance, (try? OrderStatistics.quantile(quantile, sorted: finite)) ?? finite[0])
            guard next < tolerance else { break }
            // The kernel: twice the weighted variance of each parameter, in units of its range.
            let unit = current.map { p in p.values.indices.map { (p.values[$0] - free[$0].lower) / span[$0] } }
            let tau: [Double] = (0..<k).map { j in
                let mean = unit.indices.reduce(0) { $0 + weights[$1] * unit[$1][j] }
                let variance = unit.indices.reduce(0) { $0 + weights[$1] * (unit[$1][j] - mean) * (unit[$1][j] - mean) }
                return max((2 * variance).squareRoot(), 1e-3)
            }
            let cumulative = weights.reduce(into: [Double]()) { $0.append(($0.last ?? 0) + $1) }
            let previousUnit = unit, previousWeights = weights
            var accepted: [Proposal] = []
            var proposals = 0, simulated = 0
            let limit = Int((Double(particles) / minimumAcceptance).rounded(.up))
            while accepted.count < particles, simulated < limit {
                let batch = particles
                let offset = proposals
                let results = try Replicates.map(count: batch, threads: threads) { b throws -> Proposal? in
                    let r = stream(generation, offset + b)
                    let u = r.uniform()
                    let i = min(cumulative.firstIndex { u < $0 } ?? (particles - 1), particles - 1)
                    // The kernel truncated to the prior's support: moves are redrawn until inside
                    // (the weights divide by each kernel's mass inside, so this is exact).
                    for _ in 0..<10_000 {
                        let moved = (0..<k).map { previousUnit[i][$0] + tau[$0] * r.gaussian() }
                        if moved.allSatisfy({ (0...1).contains($0) }) {
                            let values = (0..<k).map { free[$0].lower + moved[$0] * span[$0] }
                            // Outside the joint support the prior is 0: rejected unsimulated, which
                            // keeps the weights below exact.
                            return start.outsideSupport(named(values)) == nil ? try evaluate(values) : nil
                        }
                    }
                    return nil
                }
                proposals += batch
                for p in results {
                    guard let p else { continue }
                    simulated += 1
                    if let d = p.distance, d <= next, accepted.count < particles { accepted.append(p) }
                }
            }
            evaluations += simulated
            guard accepted.count == particles else { break }
            // Importance weights: uniform prior ÷ the mixture of truncated kernels around the previous
            // particles, each kernel divided by its mass inside the unit box.
            let mass = previousUnit.map { q in
                (0..<k).reduce(1.0) { $0 * (Normal.Phi((1 - q[$1]) / tau[$1]) - Normal.Phi(-q[$1] / tau[$1])) }
            }
            var newWeights = accepted.map { p -> Double in
                let u = p.values.indices.map { (p.values[$0] - free[$0].lower) / span[$0] }
                var density = 0.0
                for (j, q) in previousUnit.enumerated() {
                    var e = 0.0
                    for m in 0..<k {
                        let z = (u[m] - q[m]) / tau[m]
                        e += z * z
                    }
                    density += previousWeights[j] * Foundation.exp(-0.5 * e) / max(mass[j], 1e-300)
                }
                return density > 0 ? 1 / density : 0
            }
            let total = newWeights.reduce(0, +)
            newWeights = newWeights.map { $0 / total }
            (current, weights, tolerance) = (accepted, newWeights, next)
            let summary = GenerationSummary(tolerance: next, proposals: proposals, simulated: simulated, accepted: particles,
                                            effectiveSampleSize: 1 / newWeights.reduce(0) { $0 + $1 * $1 })
            history.append(summary)
            progress(summary)
        }
        let provenance = PosteriorProvenance(
            edition: edition.id, editionHash: edition.contentHash, targetFile: "", period: "", batch: "",
            admitted: targets.admitted, passRate: targets.passRate, measures: noise, seed: seed, replicates: replicates,
            generations: history, evaluations: evaluations)
        let posterior = PoolPosterior(parameters: free, particles: current.map(\.values), weights: weights,
                                      distances: current.map { $0.distance ?? .infinity }, provenance: provenance)
        // The simulated figures of the particle closest to the targets, to show the fit.
        let best = current.indices.min { (current[$0].distance ?? .infinity) < (current[$1].distance ?? .infinity) }!
        return PosteriorFit(posterior: posterior, closest: current[best].simulated)
    }
}

/// The outcome of ``PosteriorCalibration/run(_:progress:)``.
public struct PosteriorFit: Sendable {
    public var posterior: PoolPosterior
    /// The simulated value of each measure for the particle nearest the targets.
    public var closest: [Double]
}
