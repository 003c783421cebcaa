import Foundation
import JifenPolicy
import JifenStatistics

/// A tornado row: one parameter at its low and high value against the baseline, on the same
/// pools.
public struct TornadoRow: Sendable {
    public var parameter: PerturbedParameter
    public var low: PoolComparisonSummary
    public var high: PoolComparisonSummary

    /// The larger absolute mean cutoff shift of the two ends.
    public var swing: Double { Swift.max(abs(low.cutoffShift ?? 0), abs(high.cutoffShift ?? 0)) }
    /// The larger mean Kendall tau-b distance of the two ends (the whole pool's order, the
    /// ineligible tied last).
    public var rankingChange: Double { Swift.max(low.tauDistance ?? 0, high.tauDistance ?? 0) }
    /// The larger mean share of the admitted who are no longer admitted: the measure rows are
    /// ordered by first.
    public var flipShare: Double { Swift.max(low.flipShare ?? 0, high.flipShare ?? 0) }
}

/// Means of a variant's comparisons with the baseline across replicates.
public struct PoolComparisonSummary: Sendable, Equatable {
    public var cutoffShift: Double?
    public var flips: Double
    public var tau: Double?
    /// Kendall tau-b distance, (1 − tau-b) / 2: 0 for the same order, 1 for the reverse.
    public var tauDistance: Double?
    /// Admitted at baseline and not after, as a share of the admitted at baseline.
    public var flipShare: Double?

    init(_ rows: [PoolComparison]) {
        func mean(_ xs: [Double]) -> Double? { xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count) }
        cutoffShift = mean(rows.compactMap(\.cutoffShift))
        flips = mean(rows.map { Double($0.flips.total) }) ?? 0
        tau = mean(rows.compactMap(\.tau))
        tauDistance = mean(rows.compactMap { $0.tau.map { (1 - $0) / 2 } })
        flipShare = mean(rows.compactMap { $0.before.admitted > 0 ? Double($0.flips.inToOut) / Double($0.before.admitted) : nil })
    }
}

/// A parameter left out, and why.
public struct SkippedParameter: Sendable, Equatable {
    public var path: String
    public var reason: String
}

/// Sensitivity of the admission round to rule values and pool knobs.
public struct Sensitivity: Sendable {
    public let edition: Edition
    public let model: PoolModel

    public init(edition: Edition, model: PoolModel) {
        self.edition = edition
        self.model = model
    }

    /// Every rule value of the edition that can move, named in words with its low and high, and
    /// the ones left out with the reason.
    public func perturbations() -> (candidates: [PerturbedParameter], skipped: [SkippedParameter]) {
        let f = SensitivityFactors(edition)
        return (f.candidates, f.skipped)
    }

    /// The edition with `values` set: the one place a sensitivity analysis changes rule values.
    public func edition(setting values: [(path: String, value: Double)]) throws -> Edition {
        try edition.setting(values.map { (path: ParameterPath($0.path), value: $0.value) })
    }

    // MARK: Tornado

    /// Each parameter at its low and its high value, one at a time, on the baseline's pools;
    /// rows ranked by ranking measures: the share of the admitted who flip out (the larger of the
    /// two ends), then the Kendall tau-b distance, then the cutoff swing. Variants that fail
    /// validation are skipped and reported.
    public func tornado(_ settings: SimulationSettings, only: [String]? = nil) throws -> TornadoResult {
        let (all, skippedFirst) = perturbations()
        var skipped = skippedFirst
        let candidates = only.map { o in all.filter { o.contains($0.path) } } ?? all
        let pools = try CommonPools(model: model, reference: edition)
        let compiled = Replicates.map(count: candidates.count, threads: settings.threads) { i -> Result<[CommonPools.Variant], InputError> in
            let c = candidates[i]
            do {
                return .success(try [c.low, c.high].map { try pools.variant(edition(setting: c.settings(at: $0)), valueOnly: true) })
            } catch let e as InputError {
                return .failure(e)
            } catch {
                return .failure(InputError(file: c.path, "\(error)"))
            }
        }
        var kept: [PerturbedParameter] = [], variants: [CommonPools.Variant] = [pools.referenceVariant]
        for (c, r) in zip(candidates, compiled) {
            switch r {
            case .success(let v): kept.append(c); variants += v
            case .failure(let e): skipped.append(.init(path: c.path, reason: "variant fails validation: \(e.message)"))
            }
        }
        let editions = variants
        let rows = try pools.compare(settings, pairs: (1..<variants.count).map { (0, $0) }) { _ in editions }
        let result = kept.enumerated().map { i, c in
            TornadoRow(parameter: c, low: PoolComparisonSummary(rows.map { $0.pairs[2 * i] }),
                       high: PoolComparisonSummary(rows.map { $0.pairs[2 * i + 1] }))
        }
        let ranked = result.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            if x.flipShare != y.flipShare { return x.flipShare > y.flipShare }
            if x.rankingChange != y.rankingChange { return x.rankingChange > y.rankingChange }
            return x.swing != y.swing ? x.swing > y.swing : a.offset < b.offset
        }.map(\.element)
        let baseline = (try? ReplicateSummary(rows.compactMap { $0.outcomes[0].cutoff }))
        return TornadoResult(rows: ranked, skipped: skipped, baselineCutoff: baseline)
    }

    // MARK: Morris

    /// Elementary effects of rule parameters on the mean cutoff over the replicates (common
    /// pools for every design row). Grouped by indicator when `groupByIndicator`.
    public func morris(_ settings: SimulationSettings, parameters: [PerturbedParameter], trajectories: Int = 10,
                       levels: Int = 4, groupByIndicator: Bool = false) throws -> MorrisResult {
        guard !parameters.isEmpty else { throw SimulationError.invalid("Morris needs at least one parameter") }
        let names = groupByIndicator ? parameters.map(\.indicator).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } } : parameters.map(\.path)
        let labels = groupByIndicator ? names : parameters.map(\.label)
        let groups = groupByIndicator ? parameters.map { names.firstIndex(of: $0.indicator)! } : nil
        let design = try MorrisDesign(trajectories: trajectories, bounds: parameters.map { $0.low...$0.high }, levels: levels,
                                      groups: groups, stream: RandomStream(kind: settings.generator, seed: settings.seed, stream: Self.designStream))
        let pools = try CommonPools(model: model, reference: edition)
        let variants = try Replicates.map(count: design.rowCount, threads: settings.threads) { r throws -> CommonPools.Variant in
            let values = zip(parameters, design.row(r)).flatMap { $0.settings(at: $1) }
            return try pools.variant(edition(setting: values), valueOnly: true)
        }
        let rows = try pools.compare(settings, pairs: [], rankings: false) { _ in variants }
        let outputs = (0..<design.rowCount).map { v in Self.meanCutoff(rows.map { $0.outcomes[v] }) }
        let indices = try design.analyze(outputs: outputs, stream: RandomStream(kind: settings.generator, seed: settings.seed, stream: Self.analysisStream))
        return MorrisResult(names: names, labels: labels, indices: indices, runs: design.rowCount, trajectories: trajectories, levels: levels)
    }

    // MARK: Sobol

    /// A continuous knob of the Sobol analysis.
    public struct Knob: Sendable, Equatable {
        public enum Kind: Sendable, Equatable { case quota, pool, model(String), rule(PerturbedParameter) }
        /// The quota, the pool, a model parameter's name or a rule value's path.
        public var name: String
        public var kind: Kind
        public var range: ClosedRange<Double>

        /// True for a rule value, false for a pool setting (quota, pool size, pool model).
        public var isRule: Bool { if case .rule = kind { true } else { false } }

        /// In words: a rule value's label; a pool setting's name.
        public var label: String {
            switch kind {
            case .quota: "quota (places to fill)"
            case .pool: "pool size (applicants)"
            case .model(let n): "pool model: \(n)"
            case .rule(let p): p.label
            }
        }
    }

    /// The default knobs: quota (±50 %, at most the smallest pool), pool size (±25 %), the pool
    /// model's declared free parameters other than `pool`, and the given rule parameters.
    public func knobs(_ settings: SimulationSettings, rules: [PerturbedParameter]) throws -> [Knob] {
        let poolRange = (Double(settings.pool) * 0.75).rounded()...(Double(settings.pool) * 1.25).rounded()
        let quotaHigh = Swift.min(Double(settings.quota) * 1.5, poolRange.lowerBound)
        var out = [Knob(name: "quota", kind: .quota, range: Swift.max(1, (Double(settings.quota) * 0.5).rounded())...quotaHigh.rounded()),
                   Knob(name: "pool", kind: .pool, range: poolRange)]
        out += model.free.filter { $0.name != "pool" && $0.lower < $0.upper }.map { Knob(name: $0.name, kind: .model($0.name), range: $0.lower...$0.upper) }
        out += rules.map { Knob(name: $0.path, kind: .rule($0), range: $0.low...$0.high) }
        return out
    }

    /// The rule rates a Sobol analysis varies by default: the first two rate parameters.
    public func defaultRates() -> [PerturbedParameter] {
        Array(perturbations().candidates.filter { $0.path.hasSuffix(".rate") || $0.path.contains(".rate_by.") }.prefix(2))
    }

    /// First-order and total Sobol indices of the mean cutoff over `knobs`, on a Saltelli design
    /// (scrambled Sobol sequence with a random shift); each design row runs `settings.replicates`
    /// pools on the run's seeds.
    public func sobol(_ settings: SimulationSettings, knobs: [Knob], baseSamples: Int = 64) throws -> SobolResult {
        let design = try SobolDesign(baseSamples: baseSamples, bounds: knobs.map(\.range),
                                     stream: RandomStream(kind: settings.generator, seed: settings.seed, stream: Self.designStream))
        let inner = SimulationSettings(pool: settings.pool, quota: settings.quota, replicates: settings.replicates,
                                       seed: settings.seed, generator: settings.generator, threads: 1)
        let outputs = try Replicates.map(count: design.rowCount, threads: settings.threads) { r throws -> Double in
            var m = model
            var s = inner
            var rules: [(path: String, value: Double)] = []
            for (knob, x) in zip(knobs, design.row(r)) {
                switch knob.kind {
                case .quota: s.quota = Int(x.rounded())
                case .pool: s.pool = Int(x.rounded())
                case .model(let name): m = try m.setting(name, to: x)
                case .rule(let p): rules += p.settings(at: x)
                }
            }
            let e = rules.isEmpty ? edition : try self.edition(setting: rules)
            let result = try Simulation(model: m, edition: e).run(s)
            return Self.meanCutoff(result.outcomes.map { VariantOutcome(cutoff: $0.cutoff, eligible: $0.eligible, admitted: $0.admitted) })
        }
        let indices = try design.analyze(outputs: outputs, stream: RandomStream(kind: settings.generator, seed: settings.seed, stream: Self.analysisStream))
        return SobolResult(knobs: knobs, indices: indices, runs: design.rowCount, baseSamples: baseSamples)
    }

    /// Streams of the run seed that pools never use (pools use 0..<replicates).
    static let designStream: UInt64 = 1 << 41
    static let analysisStream: UInt64 = (1 << 41) + 1

    /// Mean cutoff over replicates; NaN when nobody was eligible anywhere.
    static func meanCutoff(_ o: [VariantOutcome]) -> Double {
        let c = o.compactMap(\.cutoff)
        return c.isEmpty ? .nan : c.reduce(0, +) / Double(c.count)
    }
}

/// A tornado analysis: rows ranked by the ranking measure, parameters skipped.
public struct TornadoResult: Sendable {
    public var rows: [TornadoRow]
    public var skipped: [SkippedParameter]
    public var baselineCutoff: ReplicateSummary?

    /// The rows by the larger |mean cutoff shift| of the two ends (ties keep the ranking order).
    public var rowsByCutoff: [TornadoRow] {
        rows.enumerated().sorted { $0.element.swing != $1.element.swing ? $0.element.swing > $1.element.swing : $0.offset < $1.offset }.map(\.element)
    }
}

/// Morris screening measures, named as SALib's.
public struct MorrisResult: Sendable {
    /// Parameter paths, or indicators when grouped.
    public var names: [String]
    /// The same in words (a parameter's label; an indicator as it is).
    public var labels: [String]
    public var indices: MorrisIndices
    public var runs: Int
    public var trajectories: Int
    public var levels: Int

    /// Indices into `names`, most influential (largest mu_star) first.
    public var ranked: [Int] { names.indices.sorted { indices.mu_star[$0] != indices.mu_star[$1] ? indices.mu_star[$0] > indices.mu_star[$1] : $0 < $1 } }
}

/// Sobol indices, named as SALib's.
public struct SobolResult: Sendable {
    public var knobs: [Sensitivity.Knob]
    public var indices: SobolIndices
    public var runs: Int
    public var baseSamples: Int

    /// Indices into `knobs`, largest ST first.
    public var ranked: [Int] { knobs.indices.sorted { indices.ST[$0] != indices.ST[$1] ? indices.ST[$0] > indices.ST[$1] : $0 < $1 } }
    /// The ranked rule values, then the ranked pool settings.
    public var rankedRules: [Int] { ranked.filter { knobs[$0].isRule } }
    public var rankedPoolSettings: [Int] { ranked.filter { !knobs[$0].isRule } }
}

/// A sensitivity analysis as the command line prints it.
public struct SensitivityReport: Sendable {
    public enum Body: Sendable {
        case tornado(TornadoResult)
        case morris(MorrisResult)
        case sobol(SobolResult)
    }
    public var edition: String
    public var population: String
    public var settings: SimulationSettings
    public var body: Body

    public init(edition: String, population: String, settings: SimulationSettings, body: Body) {
        self.edition = edition
        self.population = population
        self.settings = settings
        self.body = body
    }

    var method: String {
        switch body { case .tornado: "tornado"; case .morris: "morris"; case .sobol: "sobol" }
    }

    /// What orders the tornado's list, in words.
    static let rankingMeasure = "mean share of the admitted who flip out (larger of the two ends); ties by the mean Kendall tau-b distance, (1 − tau-b)/2, between the baseline's and the perturbed ranking of the same pool, then by cutoff shift"

    /// Keys: edition, population, method, pool, quota, replicates, seed, generator, ranked_by,
    /// ranked (the list read first), then the method's table (SALib names), skipped, disclaimer.
    /// Tornado also lists `ranked_by_cutoff` (paths); Sobol splits `ranked` into `rule_values`
    /// and `pool_settings`.
    public var json: JSON {
        let s = settings
        var pairs: [(String, JSON)] = [
            ("edition", .string(edition)), ("population", .string(population)), ("method", .string(method)),
            ("pool", .number(Double(s.pool))), ("quota", .number(Double(s.quota))), ("replicates", .number(Double(s.replicates))),
            ("seed", .number(Double(s.seed))), ("generator", .string(s.generator.rawValue)),
        ]
        switch body {
        case .tornado(let t):
            pairs.append(("output", .string("mean over replicates of the change against the baseline on the same pools")))
            pairs.append(("ranked_by", .string(Self.rankingMeasure)))
            pairs.append(("baseline_cutoff", WhatIfReport.interval(t.baselineCutoff)))
            pairs.append(("ranked", .array(t.rows.map { r in
                .object([("path", .string(r.parameter.path)), ("label", .string(r.parameter.label)),
                         ("linked", .array(r.parameter.linked.map { .string($0.path) })), ("value", .number(r.parameter.value)),
                         ("low", .number(r.parameter.low)), ("high", .number(r.parameter.high)), ("basis", .string(r.parameter.basis)),
                         ("flip_share", .number(r.flipShare)), ("kendall_tau_b_distance", .number(r.rankingChange)),
                         ("cutoff_shift_low", .optional(r.low.cutoffShift)), ("cutoff_shift_high", .optional(r.high.cutoffShift)),
                         ("flips_low", .number(r.low.flips)), ("flips_high", .number(r.high.flips)),
                         ("tau_low", .optional(r.low.tau)), ("tau_high", .optional(r.high.tau))])
            })))
            pairs.append(("ranked_by_cutoff", .array(t.rowsByCutoff.map { .string($0.parameter.path) })))
            pairs.append(("skipped", .array(t.skipped.map { .object([("path", .string($0.path)), ("reason", .string($0.reason))]) })))
        case .morris(let m):
            pairs.append(("output", .string("mean cutoff over replicates; every design row on the same pools")))
            pairs.append(("ranked_by", .string("mu_star of the mean cutoff")))
            pairs.append(("trajectories", .number(Double(m.trajectories))))
            pairs.append(("levels", .number(Double(m.levels))))
            pairs.append(("runs", .number(Double(m.runs))))
            pairs.append(("ranked", .array(m.ranked.map { i in
                .object([("names", .string(m.names[i])), ("label", .string(m.labels[i])), ("mu", .optional(m.indices.mu?[i])),
                         ("mu_star", .number(m.indices.mu_star[i])),
                         ("sigma", .optional(m.indices.sigma?[i])), ("mu_star_conf", .number(m.indices.mu_star_conf[i]))])
            })))
        case .sobol(let so):
            pairs.append(("output", .string("mean cutoff over replicates at each design row")))
            pairs.append(("ranked_by", .string("total-order index ST of the mean cutoff")))
            pairs.append(("base_samples", .number(Double(so.baseSamples))))
            pairs.append(("runs", .number(Double(so.runs))))
            func rows(_ list: [Int]) -> JSON {
                .array(list.map { i in
                    .object([("names", .string(so.knobs[i].name)), ("label", .string(so.knobs[i].label)),
                             ("bounds", .array([.number(so.knobs[i].range.lowerBound), .number(so.knobs[i].range.upperBound)])),
                             ("S1", .number(so.indices.S1[i])), ("S1_conf", .number(so.indices.S1_conf[i])),
                             ("ST", .number(so.indices.ST[i])), ("ST_conf", .number(so.indices.ST_conf[i]))])
                })
            }
            pairs.append(("ranked", rows(so.ranked)))
            pairs.append(("rule_values", rows(so.rankedRules)))
            pairs.append(("pool_settings", rows(so.rankedPoolSettings)))
        }
        pairs.append(("disclaimer", .string("Simulation, not an official result.")))
        return .object(pairs)
    }

    /// Text: first the ranked list, with a heading that says what orders it, then the method's
    /// table.
    public var text: String {
        let s = settings
        func f(_ d: Double?) -> String { d.map { JSON.format(($0 * 1000).rounded() / 1000) } ?? "—" }
        func pad(_ x: String, _ n: Int) -> String { x.padding(toLength: Swift.max(n, x.count), withPad: " ", startingAt: 0) }
        var out = ""
        switch body {
        case .tornado(let t):
            out += "The rule changes that move rankings most (tornado, \(edition))\n"
            out += "ordered by the mean share of the admitted who flip out (larger of the two ends), then by the mean Kendall\n"
            out += "tau-b distance between the baseline's and the perturbed ranking of the whole pool (0 = same order, 1 = reversed)\n"
            for (i, r) in t.rows.prefix(10).enumerated() {
                out += "  \(String(i + 1).leftPad(2)). \(r.parameter.label)\n"
                out += "      admitted who flip out \(f(r.flipShare * 100))%, tau-b distance \(f(r.rankingChange)), cutoff \(f(r.low.cutoffShift)) / \(f(r.high.cutoffShift))\n"
            }
            out += "\nThe rule changes that move the cutoff most (tornado, \(edition)), by the larger |mean cutoff shift| of the two ends\n"
            for (i, r) in t.rowsByCutoff.prefix(10).enumerated() {
                out += "  \(String(i + 1).leftPad(2)). \(pad(r.parameter.label, 60)) cutoff \(f(r.low.cutoffShift)) / \(f(r.high.cutoffShift))\n"
            }
            out += "\npool model \(population); \(s.pool) applicants, quota \(s.quota), \(s.replicates) replicates, seed \(s.seed)\n"
            out += "Baseline cutoff: mean \(f(t.baselineCutoff?.mean)) (p05 \(f(t.baselineCutoff?.p05)), p95 \(f(t.baselineCutoff?.p95)))\n"
            out += "Each value set to its low and then its high, all else as published, on the baseline's pools: inferred and\n"
            out += "assumed values across their declared range; cited values by ±\(Int(PerturbedParameter.relativeStep * 100))%, whole values kept whole and\n"
            out += "positive counts at least 1; band boundaries stay ordered (a shared boundary moves both bands).\n"
            out += "Columns are means over replicates of the change against the baseline.\n\n"
            out += "  \(pad("parameter", 44)) \("value".leftPad(8)) \("low".leftPad(8)) \("high".leftPad(8)) \("flip %".leftPad(7)) \("tau dist".leftPad(9)) \("shift lo".leftPad(9)) \("shift hi".leftPad(9)) \("flips lo".leftPad(9)) \("flips hi".leftPad(9))  basis\n"
            for r in t.rows {
                let p = r.parameter
                out += "  \(pad(p.path, 44)) \(f(p.value).leftPad(8)) \(f(p.low).leftPad(8)) \(f(p.high).leftPad(8)) \(f(r.flipShare * 100).leftPad(7)) \(f(r.rankingChange).leftPad(9)) \(f(r.low.cutoffShift).leftPad(9)) \(f(r.high.cutoffShift).leftPad(9)) \(f(r.low.flips).leftPad(9)) \(f(r.high.flips).leftPad(9))  \(p.basis)\n"
            }
            if !t.skipped.isEmpty {
                out += "\nSkipped:\n"
                for k in t.skipped { out += "  \(k.path): \(k.reason)\n" }
            }
        case .morris(let m):
            out += "The rule values that move the cutoff most (morris, \(edition)), by mu_star of the mean cutoff\n"
            for (rank, i) in m.ranked.prefix(10).enumerated() {
                out += "  \(String(rank + 1).leftPad(2)). \(pad(m.labels[i], 60)) mu_star \(f(m.indices.mu_star[i]))\n"
            }
            out += "\npool model \(population); \(s.pool) applicants, quota \(s.quota), \(s.replicates) replicates per row, seed \(s.seed)\n"
            out += "Morris: \(m.trajectories) trajectories, \(m.levels) levels, \(m.runs) runs; output: mean cutoff (effects per unit range).\n\n"
            out += "  \(pad("names", 44)) \("mu".leftPad(9)) \("mu_star".leftPad(9)) \("sigma".leftPad(9)) \("mu_star_conf".leftPad(13))\n"
            for i in m.ranked {
                out += "  \(pad(m.names[i], 44)) \(f(m.indices.mu?[i]).leftPad(9)) \(f(m.indices.mu_star[i]).leftPad(9)) \(f(m.indices.sigma?[i]).leftPad(9)) \(f(m.indices.mu_star_conf[i]).leftPad(13))\n"
            }
        case .sobol(let so):
            out += "What moves the cutoff most (sobol, \(edition)), by the total-order index ST of the mean cutoff\n"
            out += "Rule values:\n"
            for (rank, i) in so.rankedRules.prefix(10).enumerated() {
                out += "  \(String(rank + 1).leftPad(2)). \(pad(so.knobs[i].label, 60)) ST \(f(so.indices.ST[i]))\n"
            }
            if so.rankedRules.isEmpty { out += "  (none varied)\n" }
            out += "Pool settings:\n"
            for (rank, i) in so.rankedPoolSettings.prefix(10).enumerated() {
                out += "  \(String(rank + 1).leftPad(2)). \(pad(so.knobs[i].label, 60)) ST \(f(so.indices.ST[i]))\n"
            }
            out += "\npool model \(population); around \(s.pool) applicants and quota \(s.quota), \(s.replicates) replicates per row, seed \(s.seed)\n"
            out += "Sobol (Saltelli design, shifted Sobol sequence): \(so.baseSamples) base samples, \(so.runs) runs; output: mean cutoff.\n\n"
            out += "  \(pad("names", 44)) \("bounds".leftPad(20)) \("S1".leftPad(8)) \("S1_conf".leftPad(8)) \("ST".leftPad(8)) \("ST_conf".leftPad(8))\n"
            for i in so.rankedRules + so.rankedPoolSettings {
                let k = so.knobs[i]
                out += "  \(pad(k.name, 44)) \("\(f(k.range.lowerBound))–\(f(k.range.upperBound))".leftPad(20)) \(f(so.indices.S1[i]).leftPad(8)) \(f(so.indices.S1_conf[i]).leftPad(8)) \(f(so.indices.ST[i]).leftPad(8)) \(f(so.indices.ST_conf[i]).leftPad(8))\n"
            }
        }
        out += "\nSimulation, not an official result.\n"
        return out
    }
}
