import JifenPolicy
import JifenStatistics

/// Several editions scored on the same pools (common random numbers).
///
/// Each replicate's pool is drawn once, with every attribute of the model, so what one edition
/// reads never changes what another sees; every edition of the replicate then scores that same
/// pool. Differences between editions are therefore differences of rules, not of draws. Because
/// every attribute is drawn, a replicate's pool differs from the one `simulate` draws on the same
/// seed (which draws only what its edition reads); both are samples from the same model.
public struct CommonPools: Sendable {
    public let model: PoolModel
    /// The edition whose compiled the pool generator was compiled for.
    public let reference: Scorer
    let generator: PoolGenerator

    public init(model: PoolModel, reference: Edition) throws {
        self.model = model
        self.reference = Scorer(reference)
        generator = try PoolGenerator(model: model, compiled: self.reference.compiled, allAttributes: true)
    }

    /// An edition ready to score common pools.
    public struct Variant: Sendable {
        public let scorer: Scorer
        /// Set when the edition reads other features than the reference: it refills its own
        /// feature table from the shared attributes.
        let generator: PoolGenerator?
        /// True when only rule values differ from the reference, so its score columns have the
        /// reference's shape and can be reused.
        let valueOnly: Bool
    }

    /// Compiles `edition` for these pools. `valueOnly` promises that it differs from the
    /// reference in numbers only (as a reform of `set` operations does).
    public func variant(_ edition: Edition, valueOnly: Bool = false) throws -> Variant {
        let scorer = Scorer(edition)
        let sameFeatures = scorer.compiled.features == reference.compiled.features && scorer.compiled.vocabulary == reference.compiled.vocabulary
        return Variant(scorer: scorer,
                       generator: sameFeatures ? nil : try PoolGenerator(model: model, compiled: scorer.compiled, allAttributes: true),
                       valueOnly: valueOnly && sameFeatures)
    }

    /// The reference edition itself as a variant.
    public var referenceVariant: Variant { Variant(scorer: reference, generator: nil, valueOnly: true) }

    /// Per-worker memory, reused by every replicate.
    struct Workspace {
        var pool: PoolGenerator.Buffers
        /// Score columns of the reference's shape, lent to value-only variants.
        var shared: ScoreColumns?
        var selection = SelectionScratch()
        var correlation = RankCorrelation()
        var admitted: [[Bool]] = []
        var ranks: [[Double]] = []

        init(_ c: CommonPools, count: Int) {
            pool = .init(generator: c.generator, count: count)
            shared = ScoreColumns(compiled: c.reference.compiled, count: count)
        }
    }

    /// Runs `settings.replicates` replicates. `variants(r)` gives replicate r's editions; each pair
    /// `(before, after)` of indices into them is compared. `drawFrom(r)`, when given, is the
    /// generator replicate r draws its pool with (the same model with other parameter values, and
    /// its own pool size); the variants' feature columns depend on the model's structure only,
    /// so they serve every such generator. Identical results for any thread count.
    public func compare(
        _ settings: SimulationSettings, pairs: [(before: Int, after: Int)], rankings: Bool = true,
        groups: ApplicantGroups? = nil, drawFrom: (@Sendable (Int) -> PoolGenerator)? = nil,
        variants: @Sendable (Int) -> [Variant]
    ) throws(SimulationError) -> [ReplicateComparison] {
        try settings.validate()
        let needsFlags = Set(pairs.flatMap { [$0.before, $0.after] })
        return Replicates.map(count: settings.replicates, threads: settings.threads,
                              scratch: { Workspace?.none }) { index, w in
            let drawing = drawFrom?(index) ?? generator
            let count = drawFrom == nil ? settings.pool : drawing.model.pool ?? settings.pool
            if w?.pool.count != count { w = Workspace(self, count: count) }
            let stream = RandomStream(kind: settings.generator, seed: settings.seed, stream: UInt64(index))
            drawing.generate(into: &w!.pool, from: stream)
            return replicate(index, settings.quota, &w!, pairs: pairs, needsFlags: needsFlags, rankings: rankings, groups: groups, variants: variants)
        }
    }

    /// One replicate on the pool already drawn into `w`.
    func replicate(_ index: Int, _ quota: Int, _ w: inout Workspace, pairs: [(before: Int, after: Int)], needsFlags: Set<Int>,
                   rankings: Bool, groups: ApplicantGroups?, variants: (Int) -> [Variant]) -> ReplicateComparison {
        let editions = variants(index)
        var outcomes: [VariantOutcome] = []
        if w.admitted.count < editions.count {
            w.admitted += Array(repeating: [], count: editions.count - w.admitted.count)
            w.ranks += Array(repeating: [], count: editions.count - w.ranks.count)
        }
        for (i, v) in editions.enumerated() {
            outcomes.append(evaluate(v, quota, &w, slot: i, keepRanks: rankings && needsFlags.contains(i)))
        }
        let comparisons = pairs.map { p in
            comparison(p, outcomes, &w, rankings: rankings, groups: groups)
        }
        return ReplicateComparison(outcomes: outcomes, pairs: comparisons)
    }

    /// Scores the shared pool under `v` and admits; keeps the admitted flags (and the ranking)
    /// in slot `slot` of the workspace.
    func evaluate(_ v: Variant, _ quota: Int, _ w: inout Workspace, slot: Int, keepRanks: Bool) -> VariantOutcome {
        let n = w.pool.count
        var table = w.pool.table
        if let g = v.generator {
            var own = PoolGenerator.Buffers(generator: g, count: n)
            own.attributes = w.pool.attributes
            own.awardEvents = w.pool.awardEvents
            own.conductEvents = w.pool.conductEvents
            g.fill(&own)
            table = own.table
        }
        // Taken out of the workspace while in use so that scoring writes without copying.
        var scores = (v.valueOnly ? w.shared : nil) ?? ScoreColumns(compiled: v.scorer.compiled, count: n)
        if v.valueOnly { w.shared = nil }
        v.scorer.compiled.score(table, into: &scores)
        let a = Selection.admit(v.scorer, scores, table, quota: quota, scratch: &w.selection, admitted: &w.admitted[slot])
        if keepRanks {
            // Official order (score, then the tie-break keys); the ineligible share the last place.
            let order = Selection.ranking(v.scorer, scores, table)
            if w.ranks[slot].count != n { w.ranks[slot] = [Double](repeating: 0, count: n) }
            for j in 0..<n { w.ranks[slot][j] = Double(order.count) }
            for (position, j) in order.enumerated() { w.ranks[slot][j] = Double(position) }
        }
        if v.valueOnly { w.shared = scores }
        return VariantOutcome(cutoff: a.cutoff, eligible: a.eligible, admitted: a.admitted)
    }

    func comparison(_ p: (before: Int, after: Int), _ o: [VariantOutcome], _ w: inout Workspace,
                    rankings: Bool, groups: ApplicantGroups?) -> PoolComparison {
        let before = w.admitted[p.before], after = w.admitted[p.after]
        var c = PoolComparison(before: o[p.before], after: o[p.after])
        c.flips = (try? SetOverlap.flips(from: before, to: after)) ?? Flips(inToOut: 0, outToIn: 0)
        let j = (try? SetOverlap.jaccard(before, after)) ?? .nan
        c.jaccard = j.isFinite ? j : nil
        if rankings {
            let tau = (try? w.correlation.kendallTauB(w.ranks[p.before], w.ranks[p.after])) ?? .nan
            let rho = (try? w.correlation.spearmanRho(w.ranks[p.before], w.ranks[p.after])) ?? .nan
            c.tau = tau.isFinite ? tau : nil
            c.spearman = rho.isFinite ? rho : nil
        }
        if let groups {
            c.groupOut = [Int](repeating: 0, count: groups.categoryCount)
            c.groupIn = c.groupOut
            for k in 0..<before.count where before[k] != after[k] {
                for slot in groups.slots(w.pool, k) {
                    if before[k] { c.groupOut[slot] += 1 } else { c.groupIn[slot] += 1 }
                }
            }
        }
        return c
    }
}

/// One edition's admission round on a common pool.
public struct VariantOutcome: Sendable, Equatable {
    /// Score of the last admitted applicant; nil when nobody is eligible.
    public var cutoff: Double?
    public var eligible: Int
    public var admitted: Int
}

/// Two editions' rounds on the same pool, compared.
public struct PoolComparison: Sendable, Equatable {
    public var before: VariantOutcome
    public var after: VariantOutcome
    /// Admitted before and not after (`inToOut`), and the reverse (`outToIn`).
    public var flips = Flips(inToOut: 0, outToIn: 0)
    /// Kendall tau-b and Spearman rho between the two full rankings (nil when undefined, e.g.
    /// when nobody is eligible).
    public var tau: Double?
    public var spearman: Double?
    /// Jaccard overlap of the admitted sets.
    public var jaccard: Double?
    /// Flips out and in per group category, laid out as ``ApplicantGroups`` slots.
    public var groupOut: [Int] = []
    public var groupIn: [Int] = []

    /// Cutoff after minus before; nil unless both exist.
    public var cutoffShift: Double? {
        guard let a = after.cutoff, let b = before.cutoff else { return nil }
        return a - b
    }
}

/// One replicate: every edition's outcome and the requested comparisons.
public struct ReplicateComparison: Sendable, Equatable {
    public var outcomes: [VariantOutcome]
    public var pairs: [PoolComparison]
}

/// How flips are broken down: age band, education level, housing and place (district of
/// settlement), read from the pool's attributes.
public struct ApplicantGroups: Sendable {
    public struct Dimension: Sendable {
        public let name: String
        public let categories: [String]
        let attribute: Int
        let kind: Kind
        /// First slot of this dimension's categories.
        public let offset: Int
    }
    enum Kind: Sendable {
        /// Upper bounds (inclusive) of each band but the last.
        case bands([Double])
        /// Outcome index of a categorical attribute; absent (-1) is the last category.
        case outcomes
        /// 0 is the first category, anything else the second.
        case flag
    }

    public let dimensions: [Dimension]
    public var categoryCount: Int { dimensions.last.map { $0.offset + $0.categories.count } ?? 0 }

    /// The dimensions the model has attributes for.
    public init(model: PoolModel) {
        let home = model.places.first ?? ""
        var dims: [Dimension] = []
        var offset = 0
        func add(_ name: String, _ path: String, _ kind: Kind, _ categories: [String]) {
            guard let a = model.attributes.firstIndex(where: { $0.path == path }) else { return }
            dims.append(Dimension(name: name, categories: categories, attribute: a, kind: kind, offset: offset))
            offset += categories.count
        }
        add("age band", "age", .bands([29, 35, 45]), ["under 30", "30–35", "36–45", "46 and over"])
        if case .categorical(let o)? = model.attribute("education.level")?.marginal {
            add("education", "education.level", .outcomes, o.map(\.name) + ["none"])
        }
        add("housing", "places.\(home).home.owned", .flag, ["renter", "owner"])
        if case .categorical(let o)? = model.attribute("places.\(home).settle_district")?.marginal {
            add("place", "places.\(home).settle_district", .outcomes, o.map(\.name) + ["none"])
        }
        dimensions = dims
    }

    /// Applicant `j`'s slot in each dimension.
    func slots(_ pool: PoolGenerator.Buffers, _ j: Int) -> [Int] {
        dimensions.map { d in
            let x = pool.attributes[d.attribute][j]
            switch d.kind {
            case .bands(let upper): return d.offset + (upper.firstIndex { x <= $0 } ?? upper.count)
            case .outcomes: return d.offset + (x < 0 ? d.categories.count - 1 : Int(x))
            case .flag: return d.offset + (x == 0 ? 0 : 1)
            }
        }
    }
}

/// A reform's effect on whole pools: the baseline and reformed editions on the same draws.
///
/// With pool-model uncertainty, replicates come in pairs that share one draw of the model's
/// parameters (2g and 2g + 1 share group g's), each drawing its own pool, so the baseline
/// cutoff's variance splits into sampling and pool model as in ``Forecast``.
public struct PoolWhatIf: Sendable {
    public let pools: CommonPools
    public let baseline: CommonPools.Variant
    public let reformed: CommonPools.Variant
    public let groups: ApplicantGroups
    /// Rule uncertainty, when asked for: per replicate, both editions with drawn rule values.
    public let uncertainty: RuleUncertainty?
    /// Where the pool model's parameters are drawn from, per pair of replicates (nil: fixed).
    public let poolModel: PoolUncertainty?

    public init(model: PoolModel, baseline: Edition, reformed: Edition, uncertainty: RuleUncertainty? = nil,
                poolModel: PoolUncertainty? = nil) throws {
        pools = try CommonPools(model: model, reference: baseline)
        self.baseline = pools.referenceVariant
        self.reformed = try pools.variant(reformed)
        groups = ApplicantGroups(model: model)
        self.uncertainty = uncertainty
        self.poolModel = poolModel
    }

    /// Replicates sharing one draw of the pool model's parameters.
    static let groupSize = 2

    /// What the band covers, in words: one phrase per source of spread drawn.
    public var covers: [String] {
        [SimulationReport.samplingCover] + (poolModel.map { [$0.description + " (pool model)"] } ?? [])
            + (uncertainty.map { ["the rule book's \($0.parameters.count) inferred or assumed values drawn uniformly from their stated ranges (rules)"] } ?? [])
    }

    /// Runs the replicates. With rule uncertainty the comparison is between the drawn editions,
    /// and the fixed-rule editions are scored on the same pools for the variance decomposition.
    public func run(_ settings: SimulationSettings) throws -> WhatIfResult {
        let (baseline, reformed) = (self.baseline, self.reformed)
        let drawFrom = try generators(settings)
        var result: WhatIfResult
        if let uncertainty {
            let drawn = try uncertainty.variants(settings, pools: pools, count: 2)
            let rows = try pools.compare(settings, pairs: [(0, 1), (2, 3)], groups: groups, drawFrom: drawFrom) { r in
                [baseline, reformed] + drawn[r]
            }
            let split = VarianceSplit(fixed: rows.compactMap { $0.outcomes[0].cutoff }, drawn: rows.compactMap { $0.outcomes[2].cutoff },
                                      parameters: uncertainty.parameters.count)
            result = WhatIfResult(settings: settings, groups: groups, replicates: rows.map { $0.pairs[1] }, uncertainty: split)
            result.baselineCutoffs = rows.map { $0.outcomes[0].cutoff }
        } else {
            let rows = try pools.compare(settings, pairs: [(0, 1)], groups: groups, drawFrom: drawFrom) { _ in [baseline, reformed] }
            result = WhatIfResult(settings: settings, groups: groups, replicates: rows.map { $0.pairs[0] }, uncertainty: nil)
            result.baselineCutoffs = rows.map { $0.pairs[0].before.cutoff }
        }
        result.covers = covers
        if poolModel != nil {
            result.poolModelSplit = VarianceSplitByGroups(values: result.baselineCutoffs, groupSize: Self.groupSize, pools: true, rules: false)
            result.poolDrawn = poolModel?.parameters.contains { $0.name == "pool" } ?? false
        }
        return result
    }

    /// Per replicate, the generator its pool is drawn with: one per pair of replicates, with the
    /// pair's drawn parameters (nil when the model is fixed).
    func generators(_ settings: SimulationSettings) throws -> (@Sendable (Int) -> PoolGenerator)? {
        guard let poolModel else { return nil }
        let compiled = pools.reference.compiled
        let count = (settings.replicates + Self.groupSize - 1) / Self.groupSize
        let perGroup = try Replicates.map(count: count, threads: settings.threads) { g throws -> PoolGenerator in
            try PoolGenerator(model: poolModel.model(group: g, settings), compiled: compiled, allAttributes: true)
        }
        return { perGroup[$0 / Self.groupSize] }
    }
}

/// A pool what-if's replicates, summarised.
public struct WhatIfResult: Sendable {
    public var settings: SimulationSettings
    public var groups: ApplicantGroups
    public var replicates: [PoolComparison]
    /// The baseline cutoff's spread split into rule uncertainty and sampling.
    public var uncertainty: VarianceSplit?
    /// What the band covers, in words (sampling, then the pool model and the rules when drawn).
    public var covers: [String] = [SimulationReport.samplingCover]
    /// With pool-model uncertainty: the baseline cutoff's variance split into sampling and pool
    /// model (pairs of replicates share the model's parameters).
    public var poolModelSplit: VarianceSplitByGroups?
    /// True when each pair of replicates draws its own pool size.
    public var poolDrawn = false
    /// Each replicate's baseline cutoff with the rules as stated.
    public var baselineCutoffs: [Double?] = []

    /// A measure summarised across replicates (nil when no replicate has it).
    public func summary(_ value: (PoolComparison) -> Double?) -> ReplicateSummary? {
        try? ReplicateSummary(replicates.compactMap(value))
    }

    /// The reported measures, in order: name and per-replicate value.
    public static let measures: [(String, @Sendable (PoolComparison) -> Double?)] = [
        ("cutoff_before", { $0.before.cutoff }),
        ("cutoff_after", { $0.after.cutoff }),
        ("cutoff_shift", { $0.cutoffShift }),
        ("admitted_before", { Double($0.before.admitted) }),
        ("admitted_after", { Double($0.after.admitted) }),
        ("admitted_change", { Double($0.after.admitted - $0.before.admitted) }),
        ("flips_out", { Double($0.flips.inToOut) }),
        ("flips_in", { Double($0.flips.outToIn) }),
        ("kendall_tau_b", { $0.tau }),
        ("spearman", { $0.spearman }),
        ("jaccard_admitted", { $0.jaccard }),
    ]

    /// Mean flips out and in per group category across replicates.
    public func groupFlips() -> [(dimension: String, category: String, out: Double, in: Double)] {
        let r = Double(Swift.max(replicates.count, 1))
        return groups.dimensions.flatMap { d in
            d.categories.indices.map { c in
                let slot = d.offset + c
                let out = replicates.reduce(0) { $0 + Double($1.groupOut[slot]) } / r
                let inn = replicates.reduce(0) { $0 + Double($1.groupIn[slot]) } / r
                return (d.name, d.categories[c], out, inn)
            }
        }
    }
}

/// Reports a pool what-if as the command line prints it.
public struct WhatIfReport: Sendable {
    public var edition: String
    public var reform: String
    public var reformTitle: String
    public var population: String
    public var result: WhatIfResult
    /// Sentences the reader must see (a fixed pool size against a posterior, a stale fit).
    public var notes: [String]

    public init(edition: String, reform: String, reformTitle: String, population: String, result: WhatIfResult, notes: [String] = []) {
        self.edition = edition
        self.reform = reform
        self.reformTitle = reformTitle
        self.population = population
        self.result = result
        self.notes = notes
    }

    /// The band in words: what it covers and what it leaves out.
    public var bandSentence: String {
        var out = "The bands p05–p95 (90% of replicates) cover " + result.covers.joined(separator: "; ") + "."
        if result.covers.count == 1 {
            out += " They do not include uncertainty about who applies: the pool model is fixed, so they are narrower than what is known"
            out += " (run without --sampling-only to draw the model's parameters)."
        } else {
            out += " They do not cover the form of the pool model (which attributes, their shapes and correlations) or errors in rule values labelled verbatim or paraphrased."
        }
        return out
    }

    static func interval(_ s: ReplicateSummary?) -> JSON {
        guard let s else { return .null }
        return .object([("mean", .number(s.mean)), ("p05", .number(s.p05)), ("p95", .number(s.p95)),
                        ("replicates", .number(Double(s.count)))])
    }

    /// Keys: edition, reform, reform_title, population, pool (a number, or "drawn"), quota,
    /// replicates, seed, generator, then each measure {mean, p05, p95, replicates},
    /// flips_by_group, rule_uncertainty, band_covers, variance (the baseline cutoff's split into
    /// sampling and pool model, when the model's parameters are drawn), notes, interval,
    /// disclaimer.
    public var json: JSON {
        let r = result, s = r.settings
        var pairs: [(String, JSON)] = [
            ("edition", .string(edition)), ("reform", .string(reform)), ("reform_title", .string(reformTitle)),
            ("population", .string(population)), ("pool", r.poolDrawn ? .string("drawn") : .number(Double(s.pool))), ("quota", .number(Double(s.quota))),
            ("replicates", .number(Double(s.replicates))), ("seed", .number(Double(s.seed))),
            ("generator", .string(s.generator.rawValue)),
        ]
        for (name, value) in WhatIfResult.measures { pairs.append((name, Self.interval(r.summary(value)))) }
        pairs.append(("flips_by_group", .array(r.groupFlips().map { g in
            .object([("group", .string(g.dimension)), ("category", .string(g.category)),
                     ("flips_out_mean", .number(g.out)), ("flips_in_mean", .number(g.in))])
        })))
        pairs.append(("rule_uncertainty", r.uncertainty?.json ?? .null))
        pairs.append(("band_covers", .array(r.covers.map { .string($0) })))
        pairs.append(("variance", r.poolModelSplit?.json ?? .null))
        pairs.append(("notes", .array(notes.map { .string($0) })))
        pairs.append(("interval", .string("p05 and p95 are quantiles of the per-replicate values (\(ReplicateSummary.quantileMethod)); baseline and reform are scored on the same pools")))
        pairs.append(("disclaimer", .string("Simulation of a hypothetical reform, not an official result.")))
        return .object(pairs)
    }

    /// A readable report.
    public var text: String {
        let r = result, s = r.settings
        func f(_ d: Double?) -> String { d.map { JSON.format(($0 * 1000).rounded() / 1000) } ?? "—" }
        var out = "What if: \(reformTitle)  (reform \(reform) on \(edition))\n"
        let applicants = r.poolDrawn ? "applicants drawn with the model" : "\(s.pool) applicants"
        out += "pool model \(population); \(applicants), quota \(s.quota), \(s.replicates) replicates, seed \(s.seed)\n"
        out += "Baseline and reform are scored on the same pools (common random numbers).\n"
        out += SimulationReport.wrap(bandSentence) + "\n"
        for n in notes { out += SimulationReport.wrap("Note: " + n) + "\n" }
        if r.uncertainty != nil { out += "Rule uncertainty: both editions use the rule values drawn for each replicate.\n" }
        out += "\n"
        let labels = ["cutoff before", "cutoff after", "cutoff shift", "admitted before", "admitted after",
                      "admitted change", "flips out (in → not)", "flips in (not → in)", "Kendall tau-b (ranking)",
                      "Spearman rho (ranking)", "Jaccard (admitted sets)"]
        out += "  \("across replicates".padding(toLength: 28, withPad: " ", startingAt: 0)) \("mean".leftPad(10)) \("p05".leftPad(10)) \("p95".leftPad(10))\n"
        for (label, (_, value)) in zip(labels, WhatIfResult.measures) {
            let x = r.summary(value)
            out += "  \(label.padding(toLength: 28, withPad: " ", startingAt: 0)) \(f(x?.mean).leftPad(10)) \(f(x?.p05).leftPad(10)) \(f(x?.p95).leftPad(10))\n"
        }
        let moved = r.groupFlips().filter { $0.out > 0 || $0.in > 0 }
        if !moved.isEmpty {
            out += "\nFlips by group (mean per replicate)\n"
            out += "  \("group".padding(toLength: 34, withPad: " ", startingAt: 0)) \("out".leftPad(9)) \("in".leftPad(9)) \("net".leftPad(9))\n"
            for g in moved {
                let name = "\(g.dimension): \(g.category)"
                out += "  \(name.padding(toLength: 34, withPad: " ", startingAt: 0)) \(f(g.out).leftPad(9)) \(f(g.in).leftPad(9)) \(f(g.in - g.out).leftPad(9))\n"
            }
        }
        if let split = r.poolModelSplit {
            func f2(_ d: Double?) -> String { d.map { JSON.format(($0 * 100).rounded() / 100) } ?? "—" }
            func share(_ x: Double?) -> String { split.share(x).map { "\(Int(($0 * 100).rounded()))%" } ?? "—" }
            out += "\nBaseline cutoff variance \(f2(split.total)): sampling \(f2(split.sampling)) (\(share(split.sampling))), "
            out += "pool model \(f2(split.poolModel)) (\(share(split.poolModel))); \(split.groups) pairs of replicates sharing the model's parameters.\n"
        }
        if let u = r.uncertainty { out += "\n" + u.text }
        out += "\np05/p95 are quantiles across replicates (\(ReplicateSummary.quantileMethod)).\n"
        out += "Simulation of a hypothetical reform, not an official result.\n"
        return out
    }
}
