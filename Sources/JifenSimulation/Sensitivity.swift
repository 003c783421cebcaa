import Foundation
import JifenPolicy
import JifenStatistics
import Yams

/// Rule values set by path, applied as a generated reform (`set` operations) so that the
/// resulting edition goes through the full validator like any hand-written reform.
public struct RuleSettings: Sendable {
    public var values: [(path: String, value: Double)]

    public init(_ values: [(path: String, value: Double)]) { self.values = values }

    /// Edition `id` of `book` with these values set, then the reform in `reformFile` (if any)
    /// on top: the reform's own `set` and `scale` operations win over these values.
    public func apply(to id: String, in book: Rulebook, reformFile: String? = nil) throws -> Edition {
        let sets = Node.sequence(.init(values.map { v in
            Node.mapping(.init([(Node("path"), Node(v.path)), (Node("value"), Node(JSON.format(v.value)))]))
        }))
        var pairs: [(Node, Node)]
        if let reformFile {
            let text = try String(contentsOfFile: reformFile, encoding: .utf8)
            guard case .mapping(let m)? = try Yams.compose(yaml: text) else { throw InputError(file: reformFile, "a reform must be a mapping") }
            pairs = m.map { ($0.key, $0.value) }
            if let i = pairs.firstIndex(where: { $0.0.string == "set" }), case .sequence(let own) = pairs[i].1 {
                pairs[i].1 = .sequence(.init(Array(sets.sequence ?? []) + Array(own)))
            } else {
                pairs.append((Node("set"), sets))
            }
        } else {
            pairs = [(Node("id"), Node("rule-settings")), (Node("title"), Node("rule values set by path")), (Node("set"), sets)]
        }
        let name = "rule values \(values.map { "\($0.path)=\(JSON.format($0.value))" }.joined(separator: ", "))"
        return try Reform(text: try Yams.serialize(node: .mapping(.init(pairs))), file: reformFile.map { "\($0) with \(name)" } ?? name)
            .apply(to: id, in: book)
    }
}

/// One perturbed rule parameter: where it lives and the values tried.
public struct PerturbedParameter: Sendable, Equatable {
    public var path: String
    public var value: Double
    public var low: Double
    public var high: Double
    /// How low and high were chosen: "range" (the stated range) or "±20%".
    public var basis: String

    /// Low and high for `p`: its stated range where it has one, else ±20 %; whole values stay
    /// whole (moved by at least 1). Nil when the parameter cannot move (a zero without a range).
    public init?(_ p: Parameter) {
        path = p.path
        value = p.value
        if let r = p.range, r.lowerBound < r.upperBound {
            (low, high, basis) = (r.lowerBound, r.upperBound, "range")
        } else {
            guard p.value != 0 else { return nil }
            (low, high, basis) = (p.value * 0.8, p.value * 1.2, "±20%")
            if p.value.rounded() == p.value {
                low = low.rounded()
                high = high.rounded()
                if low == p.value { low -= 1 }
                if high == p.value { high += 1 }
                if low > high { swap(&low, &high) }
            }
        }
    }

    /// `x` made whole when the stated value is whole.
    func integerSafe(_ x: Double) -> Double { value.rounded() == value ? x.rounded() : x }

    /// The indicator (or top-level key) the parameter belongs to, for grouping.
    public var indicator: String {
        let parts = path.split(separator: ".")
        if parts.count >= 2, parts[0] == "indicators" || parts[0] == "groups" {
            return "\(parts[0]).\(parts[1].split(separator: "[")[0])"
        }
        return String(parts.first?.split(separator: "[").first ?? "")
    }
}

/// A tornado row: one parameter at its low and high value against the baseline, on the same
/// pools.
public struct TornadoRow: Sendable {
    public var parameter: PerturbedParameter
    public var low: PoolComparisonSummary
    public var high: PoolComparisonSummary

    /// The larger absolute mean cutoff shift of the two ends.
    public var swing: Double { Swift.max(abs(low.cutoffShift ?? 0), abs(high.cutoffShift ?? 0)) }
}

/// Means of a variant's comparisons with the baseline across replicates.
public struct PoolComparisonSummary: Sendable, Equatable {
    public var cutoffShift: Double?
    public var flips: Double
    public var tau: Double?

    init(_ rows: [PoolComparison]) {
        func mean(_ xs: [Double]) -> Double? { xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count) }
        cutoffShift = mean(rows.compactMap(\.cutoffShift))
        flips = mean(rows.map { Double($0.flips.total) }) ?? 0
        tau = mean(rows.compactMap(\.tau))
    }
}

/// A parameter left out, and why.
public struct SkippedParameter: Sendable, Equatable {
    public var path: String
    public var reason: String
}

/// Sensitivity of the admission round to rule values and pool knobs.
public struct Sensitivity: Sendable {
    public let book: Rulebook
    public let edition: Edition
    public let model: PoolModel

    public init(book: Rulebook, edition: Edition, model: PoolModel) {
        self.book = book
        self.edition = edition
        self.model = model
    }

    /// Every numeric parameter of the edition with its low and high, or the reason it is skipped.
    public func perturbations() -> (candidates: [PerturbedParameter], skipped: [SkippedParameter]) {
        var candidates: [PerturbedParameter] = [], skipped: [SkippedParameter] = []
        var seen = Set<String>()
        for p in edition.parameters where seen.insert(p.path).inserted {
            if let q = PerturbedParameter(p) { candidates.append(q) } else { skipped.append(.init(path: p.path, reason: "zero with no stated range")) }
        }
        return (candidates, skipped)
    }

    // MARK: Tornado

    /// Each parameter at its low and its high value, one at a time, on the baseline's pools;
    /// rows ranked by the larger |mean cutoff shift|, then mean flips. Variants that fail
    /// validation are skipped and reported.
    public func tornado(_ settings: SimulationSettings, only: [String]? = nil) throws -> TornadoResult {
        let (all, skippedFirst) = perturbations()
        var skipped = skippedFirst
        let candidates = only.map { o in all.filter { o.contains($0.path) } } ?? all
        let pools = try CommonPools(model: model, reference: edition)
        let compiled = Replicates.map(count: candidates.count, threads: settings.threads) { i -> Result<[CommonPools.Variant], InputError> in
            let c = candidates[i]
            do {
                return .success(try [c.low, c.high].map { try pools.variant(RuleSettings([(c.path, $0)]).apply(to: edition.id, in: book), valueOnly: true) })
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
            if a.element.swing != b.element.swing { return a.element.swing > b.element.swing }
            let fa = Swift.max(a.element.low.flips, a.element.high.flips), fb = Swift.max(b.element.low.flips, b.element.high.flips)
            return fa != fb ? fa > fb : a.offset < b.offset
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
        let groups = groupByIndicator ? parameters.map { names.firstIndex(of: $0.indicator)! } : nil
        let design = try MorrisDesign(trajectories: trajectories, bounds: parameters.map { $0.low...$0.high }, levels: levels,
                                      groups: groups, stream: RandomStream(kind: settings.generator, seed: settings.seed, stream: Self.designStream))
        let pools = try CommonPools(model: model, reference: edition)
        let variants = try Replicates.map(count: design.rowCount, threads: settings.threads) { r throws -> CommonPools.Variant in
            let values = zip(parameters, design.row(r)).map { ($0.path, $0.integerSafe($1)) }
            return try pools.variant(RuleSettings(values).apply(to: edition.id, in: book), valueOnly: true)
        }
        let rows = try pools.compare(settings, pairs: [], rankings: false) { _ in variants }
        let outputs = (0..<design.rowCount).map { v in Self.meanCutoff(rows.map { $0.outcomes[v] }) }
        let indices = try design.analyze(outputs: outputs, stream: RandomStream(kind: settings.generator, seed: settings.seed, stream: Self.analysisStream))
        return MorrisResult(names: names, indices: indices, runs: design.rowCount, trajectories: trajectories, levels: levels)
    }

    // MARK: Sobol

    /// A continuous knob of the Sobol analysis.
    public struct Knob: Sendable, Equatable {
        public enum Kind: Sendable, Equatable { case quota, pool, model(String), rule(String) }
        public var name: String
        public var kind: Kind
        public var range: ClosedRange<Double>
    }

    /// The default knobs: quota (±50 %, at most the smallest pool), pool size (±25 %), the pool
    /// model's declared free parameters other than `pool`, and the given rule parameters.
    public func knobs(_ settings: SimulationSettings, rules: [PerturbedParameter]) throws -> [Knob] {
        let poolRange = (Double(settings.pool) * 0.75).rounded()...(Double(settings.pool) * 1.25).rounded()
        let quotaHigh = Swift.min(Double(settings.quota) * 1.5, poolRange.lowerBound)
        var out = [Knob(name: "quota", kind: .quota, range: Swift.max(1, (Double(settings.quota) * 0.5).rounded())...quotaHigh.rounded()),
                   Knob(name: "pool", kind: .pool, range: poolRange)]
        out += model.free.filter { $0.name != "pool" && $0.lower < $0.upper }.map { Knob(name: $0.name, kind: .model($0.name), range: $0.lower...$0.upper) }
        out += rules.map { Knob(name: $0.path, kind: .rule($0.path), range: $0.low...$0.high) }
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
                case .rule(let path):
                    let p = edition.parameters.first { $0.path == path }
                    rules.append((path, p.map { PerturbedParameter($0)?.integerSafe(x) ?? x } ?? x))
                }
            }
            let e = rules.isEmpty ? edition : try RuleSettings(rules).apply(to: edition.id, in: book)
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

/// A tornado analysis: rows ranked, parameters skipped.
public struct TornadoResult: Sendable {
    public var rows: [TornadoRow]
    public var skipped: [SkippedParameter]
    public var baselineCutoff: ReplicateSummary?
}

/// Morris screening measures, named as SALib's.
public struct MorrisResult: Sendable {
    /// Parameter paths, or indicators when grouped.
    public var names: [String]
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

    /// Keys: edition, population, method, pool, quota, replicates, seed, generator, ranked
    /// (the list read first), then the method's table (SALib names), skipped, disclaimer.
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
            pairs.append(("baseline_cutoff", WhatIfReport.interval(t.baselineCutoff)))
            pairs.append(("ranked", .array(t.rows.map { r in
                .object([("path", .string(r.parameter.path)), ("value", .number(r.parameter.value)),
                         ("low", .number(r.parameter.low)), ("high", .number(r.parameter.high)), ("basis", .string(r.parameter.basis)),
                         ("cutoff_shift_low", .optional(r.low.cutoffShift)), ("cutoff_shift_high", .optional(r.high.cutoffShift)),
                         ("flips_low", .number(r.low.flips)), ("flips_high", .number(r.high.flips)),
                         ("tau_low", .optional(r.low.tau)), ("tau_high", .optional(r.high.tau))])
            })))
            pairs.append(("skipped", .array(t.skipped.map { .object([("path", .string($0.path)), ("reason", .string($0.reason))]) })))
        case .morris(let m):
            pairs.append(("output", .string("mean cutoff over replicates; every design row on the same pools")))
            pairs.append(("trajectories", .number(Double(m.trajectories))))
            pairs.append(("levels", .number(Double(m.levels))))
            pairs.append(("runs", .number(Double(m.runs))))
            pairs.append(("ranked", .array(m.ranked.map { i in
                .object([("names", .string(m.names[i])), ("mu", .optional(m.indices.mu?[i])), ("mu_star", .number(m.indices.mu_star[i])),
                         ("sigma", .optional(m.indices.sigma?[i])), ("mu_star_conf", .number(m.indices.mu_star_conf[i]))])
            })))
        case .sobol(let so):
            pairs.append(("output", .string("mean cutoff over replicates at each design row")))
            pairs.append(("base_samples", .number(Double(so.baseSamples))))
            pairs.append(("runs", .number(Double(so.runs))))
            pairs.append(("ranked", .array(so.ranked.map { i in
                .object([("names", .string(so.knobs[i].name)), ("bounds", .array([.number(so.knobs[i].range.lowerBound), .number(so.knobs[i].range.upperBound)])),
                         ("S1", .number(so.indices.S1[i])), ("S1_conf", .number(so.indices.S1_conf[i])),
                         ("ST", .number(so.indices.ST[i])), ("ST_conf", .number(so.indices.ST_conf[i]))])
            })))
        }
        pairs.append(("disclaimer", .string("Simulation, not an official result.")))
        return .object(pairs)
    }

    /// Text: first the ranked list of what moves the cutoff most, then the method's table.
    public var text: String {
        let s = settings
        func f(_ d: Double?) -> String { d.map { JSON.format(($0 * 1000).rounded() / 1000) } ?? "—" }
        func pad(_ x: String, _ n: Int) -> String { x.padding(toLength: Swift.max(n, x.count), withPad: " ", startingAt: 0) }
        var out = "The rule changes that move rankings most (\(method), \(edition))\n"
        switch body {
        case .tornado(let t):
            for (i, r) in t.rows.prefix(10).enumerated() {
                out += "  \(String(i + 1).leftPad(2)). \(pad(r.parameter.path, 44)) cutoff \(f(r.low.cutoffShift)) / \(f(r.high.cutoffShift))\n"
            }
            out += "\npool model \(population); \(s.pool) applicants, quota \(s.quota), \(s.replicates) replicates, seed \(s.seed)\n"
            out += "Baseline cutoff: mean \(f(t.baselineCutoff?.mean)) (p05 \(f(t.baselineCutoff?.p05)), p95 \(f(t.baselineCutoff?.p95)))\n"
            out += "Each parameter set to its low and then its high value, all else as published, on the baseline's pools;\n"
            out += "columns are means over replicates of the change against the baseline.\n\n"
            out += "  \(pad("parameter", 44)) \("value".leftPad(8)) \("low".leftPad(8)) \("high".leftPad(8)) \("shift lo".leftPad(9)) \("shift hi".leftPad(9)) \("flips lo".leftPad(9)) \("flips hi".leftPad(9)) \("tau lo".leftPad(7)) \("tau hi".leftPad(7))  basis\n"
            for r in t.rows {
                let p = r.parameter
                out += "  \(pad(p.path, 44)) \(f(p.value).leftPad(8)) \(f(p.low).leftPad(8)) \(f(p.high).leftPad(8)) \(f(r.low.cutoffShift).leftPad(9)) \(f(r.high.cutoffShift).leftPad(9)) \(f(r.low.flips).leftPad(9)) \(f(r.high.flips).leftPad(9)) \(f(r.low.tau.map { ($0 * 1000).rounded() / 1000 }).leftPad(7)) \(f(r.high.tau.map { ($0 * 1000).rounded() / 1000 }).leftPad(7))  \(p.basis)\n"
            }
            if !t.skipped.isEmpty {
                out += "\nSkipped:\n"
                for k in t.skipped { out += "  \(k.path): \(k.reason)\n" }
            }
        case .morris(let m):
            for (rank, i) in m.ranked.prefix(10).enumerated() {
                out += "  \(String(rank + 1).leftPad(2)). \(pad(m.names[i], 44)) mu_star \(f(m.indices.mu_star[i]))\n"
            }
            out += "\npool model \(population); \(s.pool) applicants, quota \(s.quota), \(s.replicates) replicates per row, seed \(s.seed)\n"
            out += "Morris: \(m.trajectories) trajectories, \(m.levels) levels, \(m.runs) runs; output: mean cutoff (effects per unit range).\n\n"
            out += "  \(pad("names", 44)) \("mu".leftPad(9)) \("mu_star".leftPad(9)) \("sigma".leftPad(9)) \("mu_star_conf".leftPad(13))\n"
            for i in m.ranked {
                out += "  \(pad(m.names[i], 44)) \(f(m.indices.mu?[i]).leftPad(9)) \(f(m.indices.mu_star[i]).leftPad(9)) \(f(m.indices.sigma?[i]).leftPad(9)) \(f(m.indices.mu_star_conf[i]).leftPad(13))\n"
            }
        case .sobol(let so):
            for (rank, i) in so.ranked.prefix(10).enumerated() {
                out += "  \(String(rank + 1).leftPad(2)). \(pad(so.knobs[i].name, 44)) ST \(f(so.indices.ST[i]))\n"
            }
            out += "\npool model \(population); around \(s.pool) applicants and quota \(s.quota), \(s.replicates) replicates per row, seed \(s.seed)\n"
            out += "Sobol (Saltelli design, shifted Sobol sequence): \(so.baseSamples) base samples, \(so.runs) runs; output: mean cutoff.\n\n"
            out += "  \(pad("names", 44)) \("bounds".leftPad(20)) \("S1".leftPad(8)) \("S1_conf".leftPad(8)) \("ST".leftPad(8)) \("ST_conf".leftPad(8))\n"
            for i in so.ranked {
                let k = so.knobs[i]
                out += "  \(pad(k.name, 44)) \("\(f(k.range.lowerBound))–\(f(k.range.upperBound))".leftPad(20)) \(f(so.indices.S1[i]).leftPad(8)) \(f(so.indices.S1_conf[i]).leftPad(8)) \(f(so.indices.ST[i]).leftPad(8)) \(f(so.indices.ST_conf[i]).leftPad(8))\n"
            }
        }
        out += "\nSimulation, not an official result.\n"
        return out
    }
}
