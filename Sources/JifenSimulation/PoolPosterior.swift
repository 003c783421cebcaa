import Foundation
import JifenPolicy
import JifenStatistics

/// What a pool model's free parameters are, given published figures: weighted particles from
/// approximate Bayesian computation (``PosteriorCalibration``), with how they were obtained.
public struct PoolPosterior: Sendable {
    /// The free parameters, in the order of each particle's values (bounds as fitted).
    public var parameters: [FreeParameter]
    /// One row of values per particle.
    public var particles: [[Double]]
    /// Normalised importance weights, one per particle.
    public var weights: [Double]
    /// Each particle's standardised distance to the targets.
    public var distances: [Double]
    /// How the posterior was made: edition, targets, method, seed and diagnostics.
    public var provenance: PosteriorProvenance

    public init(parameters: [FreeParameter], particles: [[Double]], weights: [Double], distances: [Double],
                provenance: PosteriorProvenance) {
        self.parameters = parameters
        self.particles = particles
        self.weights = weights
        self.distances = distances
        self.provenance = provenance
    }

    /// Effective sample size of the weights, 1 / Σ w².
    public var effectiveSampleSize: Double { 1 / weights.reduce(0) { $0 + $1 * $1 } }

    /// The index of a particle drawn with probability equal to its weight, from one uniform.
    public func particle(at u: Double) -> Int {
        var cumulative = 0.0
        for (i, w) in weights.enumerated() {
            cumulative += w
            if u < cumulative { return i }
        }
        return weights.count - 1
    }

    /// Weighted summary of parameter `k`: mean, sd and 5/50/95 % quantiles (the smallest value
    /// whose cumulative weight reaches the level), and how far it narrowed from the prior.
    public func summary(_ k: Int) -> ParameterSummary {
        let p = parameters[k]
        let order = particles.indices.sorted { particles[$0][k] < particles[$1][k] }
        func quantile(_ level: Double) -> Double {
            var cumulative = 0.0
            for i in order {
                cumulative += weights[i]
                if cumulative >= level { return particles[i][k] }
            }
            return particles[order.last!][k]
        }
        let mean = particles.indices.reduce(0) { $0 + weights[$1] * particles[$1][k] }
        let variance = particles.indices.reduce(0) { $0 + weights[$1] * (particles[$1][k] - mean) * (particles[$1][k] - mean) }
        let (q05, q50, q95) = (quantile(0.05), quantile(0.5), quantile(0.95))
        // The prior is uniform on [lower, upper]: its central 90 % is 0.9 of the range.
        let priorWidth = 0.9 * (p.upper - p.lower)
        return ParameterSummary(name: p.name, lower: p.lower, upper: p.upper, mean: mean, sd: variance.squareRoot(),
                                q05: q05, median: q50, q95: q95, narrowing: 1 - (q95 - q05) / priorWidth)
    }

    /// The model with particle `i`'s values (and the parameters tied to them).
    public func model(_ base: PoolModel, particle i: Int) throws -> PoolModel {
        try base.setting(parameters.indices.map { (parameters[$0].name, particles[i][$0]) })
    }
}

/// One parameter's posterior against its prior.
public struct ParameterSummary: Sendable, Equatable {
    public var name: String
    /// The prior: uniform on [lower, upper].
    public var lower: Double
    public var upper: Double
    public var mean: Double
    public var sd: Double
    public var q05: Double
    public var median: Double
    public var q95: Double
    /// 1 − (posterior 90 % interval width ÷ prior 90 % interval width): 0 = nothing learnt,
    /// near 1 = pinned down.
    public var narrowing: Double
}

/// How a posterior was made.
public struct PosteriorProvenance: Sendable, Equatable {
    /// The edition the figures were fitted under, and its content hash at the time.
    public var edition: String
    public var editionHash: String
    /// The targets: file, period, batch, and each measure with its value and noise sd.
    public var targetFile: String
    public var period: String
    public var batch: String
    public var admitted: Int?
    public var passRate: Double?
    public var measures: [MeasureNoise]
    public var seed: UInt64
    /// Pools per evaluation (common random numbers: the same streams for every particle).
    public var replicates: Int
    /// Per generation: tolerance, proposals, accepted, ESS.
    public var generations: [GenerationSummary]
    public var evaluations: Int
}

/// One ABC-SMC generation.
public struct GenerationSummary: Sendable, Equatable {
    /// Standardised distance a proposal had to reach to be accepted.
    public var tolerance: Double
    /// Proposals made and simulated (a proposal that found no move inside the prior is not).
    public var proposals: Int
    public var simulated: Int
    public var accepted: Int
    public var effectiveSampleSize: Double

    /// Accepted ÷ simulated.
    public var acceptance: Double { simulated > 0 ? Double(accepted) / Double(simulated) : 0 }
}
