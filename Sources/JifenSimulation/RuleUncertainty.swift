import Foundation
import JifenPolicy
import JifenStatistics

/// Uncertain rules: every inferred or assumed value of an edition drawn uniformly from its
/// stated range, once per replicate, and set by path on the compiled-from edition
/// (`Edition.setting(_:)`, checked by the same validator as a rule book).
public struct RuleUncertainty: Sendable {
    public let edition: Edition
    /// The edition with a reform applied (the edition itself when there is none), on which the
    /// reformed variants set their draws.
    public let reformed: Edition
    /// The inferred and assumed values with a range wider than a point.
    public let parameters: [Parameter]
    /// Of those, the paths the reformed edition still has at their stated values (a reform
    /// that removes or sets a value takes it out of the draw).
    let reformedPaths: Set<String>

    public init(edition: Edition, reformed: Edition? = nil) {
        self.edition = edition
        self.reformed = reformed ?? edition
        var seen = Set<String>()
        parameters = edition.assumedParameters.filter { p in
            guard let r = p.range, r.lowerBound < r.upperBound else { return false }
            return seen.insert(p.path).inserted
        }
        let kept = Dictionary(self.reformed.parameters.map { ($0.path, $0.value) }, uniquingKeysWith: { a, _ in a })
        reformedPaths = Set(parameters.filter { kept[$0.path] == $0.value }.map(\.path))
    }

    /// Replicate `r`'s drawn values, in `parameters` order: uniform on each range, whole when the
    /// stated value and both ends are whole. Drawn from streams of the run seed that pools never
    /// use, so the pools are the same with and without rule uncertainty.
    public func draw(_ r: Int, _ settings: SimulationSettings) -> [Double] {
        let stream = RandomStream(kind: settings.generator, seed: settings.seed, stream: Self.firstStream + UInt64(r))
        return parameters.map { p in
            let range = p.range!
            let x = range.lowerBound + stream.uniform() * (range.upperBound - range.lowerBound)
            let whole = [p.value, range.lowerBound, range.upperBound].allSatisfy { $0.rounded() == $0 }
            return whole ? x.rounded() : x
        }
    }

    static let firstStream: UInt64 = 1 << 40

    /// The edition with draw `i`'s values, or the reformed edition with those the reform left as
    /// stated when `reformed`.
    public func edition(draw i: Int, _ settings: SimulationSettings, reformed: Bool) throws -> Edition {
        let values = zip(parameters, draw(i, settings)).map { (path: $0.location, value: $1) }
        guard reformed else { return try edition.setting(values) }
        return try self.reformed.setting(values.filter { reformedPaths.contains($0.path.description) })
    }

    /// Per replicate: the edition with drawn values (and, when `count` is 2, the reformed edition
    /// with the same draws), compiled for `pools`.
    public func variants(_ settings: SimulationSettings, pools: CommonPools, count: Int) throws -> [[CommonPools.Variant]] {
        try Replicates.map(count: settings.replicates, threads: settings.threads) { r throws -> [CommonPools.Variant] in
            var out = [try pools.variant(edition(draw: r, settings, reformed: false), valueOnly: true)]
            if count == 2 { out.append(try pools.variant(edition(draw: r, settings, reformed: true))) }
            return out
        }
    }

    /// Cutoffs with fixed and with drawn rules on the same pools, and their variance split.
    public func run(model: PoolModel, reformed: Edition? = nil, _ settings: SimulationSettings) throws -> VarianceSplit {
        let pools = try CommonPools(model: model, reference: reformed ?? edition)
        let drawn = try variants(settings, pools: pools, count: reformed == nil ? 1 : 2)
        let fixed = pools.referenceVariant
        let rows = try pools.compare(settings, pairs: [], rankings: false) { r in [fixed, drawn[r].last!] }
        return VarianceSplit(fixed: rows.compactMap { $0.outcomes[0].cutoff }, drawn: rows.compactMap { $0.outcomes[1].cutoff },
                             parameters: parameters.count)
    }
}

/// How much of the cutoff's spread across replicates comes from uncertain rules.
///
/// Both series come from the same pools (seeds): `fixed` with every rule at its stated value,
/// `drawn` with the uncertain values drawn per replicate. By the law of total variance,
/// Var(drawn) = E[Var(cutoff | rules)] + Var(E[cutoff | rules]); the first term (sampling) is
/// estimated by Var(fixed), assuming the sampling spread barely depends on the rule values, so
/// the rule part is Var(drawn) − Var(fixed), floored at 0. Sample variances use divisor n − 1.
public struct VarianceSplit: Sendable, Equatable {
    public var fixed: [Double]
    public var drawn: [Double]
    public var parameters: Int

    static func variance(_ x: [Double]) -> Double? {
        guard x.count >= 2 else { return nil }
        let m = x.reduce(0, +) / Double(x.count)
        return x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)
    }

    public var totalVariance: Double? { Self.variance(drawn) }
    public var samplingVariance: Double? { Self.variance(fixed) }
    public var ruleVariance: Double? {
        guard let t = totalVariance, let s = samplingVariance else { return nil }
        return Swift.max(0, t - s)
    }
    /// Rule variance ÷ total variance.
    public var ruleShare: Double? {
        guard let t = totalVariance, t > 0, let r = ruleVariance else { return nil }
        return r / t
    }

    public var json: JSON {
        .object([
            ("uncertain_parameters", .number(Double(parameters))),
            ("cutoff_fixed_rules", WhatIfReport.interval(try? ReplicateSummary(fixed))),
            ("cutoff_drawn_rules", WhatIfReport.interval(try? ReplicateSummary(drawn))),
            ("variance_total", .optional(totalVariance)), ("variance_sampling", .optional(samplingVariance)),
            ("variance_rules", .optional(ruleVariance)), ("rule_share", .optional(ruleShare)),
            ("method", .string("same seeds with rules fixed at their stated values and with inferred/assumed values drawn uniformly from their ranges per replicate; variance_sampling = Var(fixed), variance_rules = max(0, Var(drawn) - Var(fixed)) by the law of total variance, sample variances with divisor n - 1")),
        ])
    }

    public var text: String {
        func f(_ d: Double?) -> String { d.map { JSON.format(($0 * 100).rounded() / 100) } ?? "—" }
        let a = try? ReplicateSummary(fixed), b = try? ReplicateSummary(drawn)
        var out = "Rule uncertainty: \(parameters) inferred or assumed values drawn uniformly from their ranges per replicate\n"
        out += "  baseline cutoff, rules as stated:  mean \(f(a?.mean)), p05 \(f(a?.p05)), p95 \(f(a?.p95))\n"
        out += "  baseline cutoff, rules drawn:      mean \(f(b?.mean)), p05 \(f(b?.p05)), p95 \(f(b?.p95))\n"
        out += "  variance of the cutoff: total \(f(totalVariance)) = sampling \(f(samplingVariance)) + rules \(f(ruleVariance))"
        out += ruleShare.map { "  (rules: \(JSON.format(($0 * 1000).rounded() / 10))%)\n" } ?? "\n"
        out += "  Same seeds both ways; sampling = variance with rules as stated, rules = the excess with drawn rules.\n"
        return out
    }
}
