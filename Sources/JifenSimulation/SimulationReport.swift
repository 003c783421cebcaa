import JifenPolicy
import JifenStatistics

/// A simulation result as the command line prints it (JSON per cli.md, or text).
public struct SimulationReport: Sendable {
    public var edition: String
    public var population: String
    public var result: SimulationResult
    /// What the band covers, in words: one phrase per source of spread drawn.
    public var covers: [String]
    /// The cutoff's variance split by source (nil for a plain run).
    public var split: VarianceSplitByGroups?
    /// Sentences the reader must see (a fixed pool size against a posterior, a stale fit).
    public var notes: [String]
    /// True when each group of replicates draws its own pool size.
    public var poolDrawn = false

    public init(edition: String, population: String, result: SimulationResult,
                covers: [String] = [Self.samplingCover], split: VarianceSplitByGroups? = nil, notes: [String] = []) {
        self.edition = edition
        self.population = population
        self.result = result
        self.covers = covers
        self.split = split
        self.notes = notes
    }

    /// The spread every run has: another pool of applicants drawn from the same model.
    public static let samplingCover = "another pool of applicants drawn from the same model (sampling)"

    /// What a forecast's band covers, in words.
    public static func covers(_ forecast: Forecast) -> [String] {
        [samplingCover] + (forecast.pools.map { [$0.description + " (pool model)"] } ?? [])
            + (forecast.rules.map { ["the rule book's \($0.parameters.count) inferred or assumed values drawn uniformly from their stated ranges (rules)"] } ?? [])
    }

    /// The band in one paragraph: what it covers and what it leaves out.
    public var bandSentence: String {
        var out = "The band p05–p95 (90% of replicates) covers " + covers.joined(separator: "; ") + "."
        if covers.count == 1 {
            out += " It does not include uncertainty about who applies: the pool model is fixed, so the band is narrower than what is known"
            out += " (run without --sampling-only to draw the model's parameters)."
        } else {
            out += " It does not cover the form of the pool model (which attributes, their shapes and correlations) or errors in rule values labelled verbatim or paraphrased."
        }
        return out
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
            ("pool", poolDrawn ? .string("drawn") : .number(Double(s.pool))), ("quota", .number(Double(s.quota))),
            ("replicates", .number(Double(s.replicates))), ("seed", .number(Double(s.seed))),
            ("generator", .string(s.generator.rawValue)),
            ("cutoff", Self.summaryJSON(r.cutoff)),
            ("interval", .string("p05 and p95 are the 5% and 95% quantiles of the per-replicate cutoffs, \(ReplicateSummary.quantileMethod). " + bandSentence)),
            ("band_covers", .array(covers.map { .string($0) })),
            ("variance", split?.json ?? .null),
            ("notes", .array(notes.map { .string($0) })),
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
            "  \(name.padded(toDisplayWidth: 26)) \(f(x?.median).leftPad(8)) \(f(x?.mean).leftPad(8)) \(f(x?.p05).leftPad(8)) \(f(x?.p95).leftPad(8))\n"
        }
        var out = "\(edition) · pool model \(population)\n"
        let size = poolDrawn ? "pool size drawn with the model's parameters" : "\(s.pool) applicants"
        out += "\(size), quota \(s.quota), \(s.replicates) replicates, seed \(s.seed), generator \(s.generator.rawValue)\n\n"
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
        out += "\n" + Self.wrap(bandSentence) + "\n"
        if let split, let total = split.total {
            func part(_ name: String, _ v: Double?) -> String? {
                v.map { "\(name) \(f($0)) (\(JSON.format(((split.share($0) ?? 0) * 1000).rounded() / 10))%)" }
            }
            let parts = [part("sampling", split.sampling), part("pool model", split.poolModel), part("rules", split.rules)].compactMap { $0 }
            out += "Variance of the cutoff: \(f(total)) = " + parts.joined(separator: " + ") + " (from \(split.groups) groups of replicates).\n"
        }
        for note in notes { out += Self.wrap("Note: " + note) + "\n" }
        out += "The cutoff is the exact score of the last admitted applicant in each pool; p05/p95 are quantiles\n"
        out += "across replicates (\(ReplicateSummary.quantileMethod)). Simulation, not an official result.\n"
        return out
    }
}

extension SimulationReport {
    /// Breaks a paragraph into lines of at most `width` characters at spaces.
    public static func wrap(_ text: String, width: Int = 100) -> String {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
