import JifenPolicy
import JifenStatistics

/// Where a forecast draws the pool model's parameters from, once per group of replicates: a
/// posterior from `calibrate`, or, for an uncalibrated model, uniformly from the declared range
/// of each free parameter (every shipped model parameter is an assumption).
public struct PoolUncertainty: Sendable {
    public enum Source: Sendable {
        case posterior(PoolPosterior)
        case declaredRanges
    }

    public let base: PoolModel
    public let source: Source
    /// A pool size fixed by the user (`--pool`): the pool is then not drawn.
    public let fixedPool: Int?

    public init(base: PoolModel, source: Source, fixedPool: Int? = nil) {
        self.base = base
        self.source = source
        self.fixedPool = fixedPool
    }

    /// The parameters drawn (the pool left out when fixed).
    public var parameters: [FreeParameter] {
        let all: [FreeParameter] = switch source {
        case .posterior(let p): p.parameters
        case .declaredRanges: base.free
        }
        return all.filter { fixedPool == nil || $0.name != "pool" }
    }

    /// Streams of the run seed for parameter draws: apart from the pools' (0, 1, …) and the rule
    /// values' (2^40 + r).
    static let firstStream: UInt64 = 1 << 42

    /// Group `g`'s parameter values, in ``parameters`` order.
    public func values(group g: Int, _ settings: SimulationSettings) -> [(name: String, value: Double)] {
        let stream = RandomStream(kind: settings.generator, seed: settings.seed, stream: Self.firstStream + UInt64(g))
        let drawn = Set(parameters.map(\.name))
        switch source {
        case .posterior(let p):
            let i = p.particle(at: stream.uniform())
            return p.parameters.indices.filter { drawn.contains(p.parameters[$0].name) }.map { (p.parameters[$0].name, p.particles[i][$0]) }
        case .declaredRanges:
            // Uniform on the box where the model is valid: a draw outside the joint support (free
            // shares past 1) is drawn again; after many misses the last one is kept and refused.
            var values: [(name: String, value: Double)] = []
            for _ in 0..<10_000 {
                values = parameters.map { ($0.name, $0.lower + stream.uniform() * ($0.upper - $0.lower)) }
                if base.outsideSupport(values) == nil { break }
            }
            return values
        }
    }

    /// Group `g`'s model.
    public func model(group g: Int, _ settings: SimulationSettings) throws -> PoolModel {
        var m = try base.setting(values(group: g, settings))
        if let fixedPool { m.pool = fixedPool }
        return m
    }

    /// The pool's 90 % range under the source (nil when the pool is not a free parameter):
    /// weighted quantiles of the posterior, or the declared range.
    public var poolRange: (low: Double, high: Double)? {
        switch source {
        case .posterior(let p):
            guard let k = p.parameters.firstIndex(where: { $0.name == "pool" }) else { return nil }
            let s = p.summary(k)
            return (s.q05, s.q95)
        case .declaredRanges:
            return base.free.first { $0.name == "pool" }.map { ($0.lower, $0.upper) }
        }
    }

    /// In words, for the output.
    public var description: String {
        switch source {
        case .posterior(let p):
            "pool-model parameters drawn from the posterior fitted to \(p.provenance.edition) (\(p.parameters.count) parameters, \(p.particles.count) particles)"
        case .declaredRanges:
            "pool-model parameters drawn uniformly from the declared ranges of the model's \(parameters.count) free (assumed) parameters"
        }
    }
}
