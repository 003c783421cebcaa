import JifenPolicy
import JifenStatistics

/// A simulation result as the command line prints it (JSON per cli.md, or text).
public struct SimulationReport: Sendable {
    public var edition: String
    public var population: String
    public var result: SimulationResult

    public init(edition: String, population: String, result: SimulationResult) {
        self.edition = edition
        self.population = population
        self.result = result
    }

    static func summaryJSON(_ s: ReplicateSummary?) -> JSON {
        guard let s else { return .null }
        return .object([("mean", .number(s.mean)), ("median", .number(s.median)), ("p05", .number(s.p05)), ("p95", .number(s.p95)),
                        ("min", .number(s.min)), ("max", .number(s.max)), ("replicates", .number(Double(s.count)))])
    }

    /// Keys: edition, population, pool, quota, replicates, seed, generator, cutoff{mean, median,
    /// p05, p95, min, max}, interval, tie_mass{…}, eligible{…}, cutoff_percentile{pool, eligible},
    /// admitted_scores{mean, q25, median, q75, max}, unfilled_replicates, disclaimer.
    public var json: JSON {
        let r = result, s = r.settings
        return .object([
            ("edition", .string(edition)), ("population", .string(population)),
            ("pool", .number(Double(s.pool))), ("quota", .number(Double(s.quota))),
            ("replicates", .number(Double(s.replicates))), ("seed", .number(Double(s.seed))),
            ("generator", .string(s.generator.rawValue)),
            ("cutoff", Self.summaryJSON(r.cutoff)),
            ("interval", .string("p05 and p95 are the 5% and 95% quantiles of the per-replicate cutoffs, \(ReplicateSummary.quantileMethod); they describe the spread between pools drawn from the model, not the model's own uncertainty")),
            ("tie_mass", Self.summaryJSON(r.summary { Double($0.tieMass) })),
            ("eligible", Self.summaryJSON(r.summary { Double($0.eligible) })),
            ("cutoff_percentile", .object([("pool", Self.summaryJSON(r.summary(\.poolPercentile))),
                                           ("eligible", Self.summaryJSON(r.summary(\.eligiblePercentile)))])),
            ("admitted_scores", .object([("mean", Self.summaryJSON(r.summary(\.admittedMean))),
                                         ("q25", Self.summaryJSON(r.summary(\.admittedQ25))),
                                         ("median", Self.summaryJSON(r.summary(\.admittedMedian))),
                                         ("q75", Self.summaryJSON(r.summary(\.admittedQ75))),
                                         ("max", Self.summaryJSON(r.summary(\.admittedMax)))])),
            ("unfilled_replicates", .number(Double(r.unfilled))),
            ("disclaimer", .string("Simulation, not an official result.")),
        ])
    }

    /// A few readable lines.
    public var text: String {
        let r = result, s = r.settings
        func f(_ d: Double?) -> String { d.map { JSON.format(($0 * 100).rounded() / 100) } ?? "—" }
        func row(_ name: String, _ x: ReplicateSummary?) -> String {
            "  \(name.padding(toLength: 26, withPad: " ", startingAt: 0)) \(f(x?.median).leftPad(8)) \(f(x?.mean).leftPad(8)) \(f(x?.p05).leftPad(8)) \(f(x?.p95).leftPad(8))\n"
        }
        var out = "\(edition) · pool model \(population)\n"
        out += "\(s.pool) applicants, quota \(s.quota), \(s.replicates) replicates, seed \(s.seed), generator \(s.generator.rawValue)\n\n"
        out += "  \("across replicates".padding(toLength: 26, withPad: " ", startingAt: 0)) \("median".leftPad(8)) \("mean".leftPad(8)) \("p05".leftPad(8)) \("p95".leftPad(8))\n"
        out += row("cutoff 分数线", r.cutoff)
        out += row("tie mass at the cutoff", r.summary { Double($0.tieMass) })
        out += row("eligible applicants", r.summary { Double($0.eligible) })
        out += row("cutoff percentile (pool)", r.summary(\.poolPercentile))
        out += row("cutoff percentile (elig.)", r.summary(\.eligiblePercentile))
        out += row("admitted: mean score", r.summary(\.admittedMean))
        out += row("admitted: 25% quantile", r.summary(\.admittedQ25))
        out += row("admitted: median", r.summary(\.admittedMedian))
        out += row("admitted: 75% quantile", r.summary(\.admittedQ75))
        out += row("admitted: highest", r.summary(\.admittedMax))
        if r.unfilled > 0 { out += "\n  In \(r.unfilled) replicates fewer applicants were eligible than the quota.\n" }
        out += "\nThe cutoff is the exact score of the last admitted applicant in each pool; p05/p95 are quantiles\n"
        out += "across replicates (\(ReplicateSummary.quantileMethod)). Simulation, not an official result.\n"
        return out
    }
}

extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
