import ArgumentParser
import Foundation
import JifenCharts
import JifenAnalyses
import JifenPolicy
import JifenSimulation
import JifenStatistics

struct WhatIf: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whatif",
        abstract: "A reform's effect: one profile's card before and after, or whole pools before and after.",
        discussion: """
        One profile: jifen whatif --edition tianjin/2018 --reform datasets/reforms/tianjin-no-age.yaml \\
                   --profile datasets/profiles/family-couple-tianjin.yaml --as-of 2019-06-01
        A pool:      jifen whatif --edition tianjin/2018 --reform datasets/reforms/tianjin-no-age.yaml \\
                   --pool 20000 --quota 4694 --replicates 50
        In pool mode baseline and reform are scored on the same drawn pools (common random numbers),
        and the pool model's parameters are drawn per pair of pools from the posterior fitted to the
        edition (or the declared ranges of an uncalibrated model) unless --sampling-only.
        """)
    @OptionGroup var rules: RulesOptions
    @OptionGroup var date: DateOption
    @Option(help: "Edition id (default: the reform's base).") var edition: String?
    @Option(help: "Reform file.") var reform: String
    @Option(help: "Profile file (one applicant).") var profile: String?
    @Option(help: "Pool mode: applicants per pool (default: the model's pool).") var pool: Int?
    @Option(help: "Pool mode: places to fill.") var quota: Int?
    @Option(help: "Pool mode: number of pools drawn.") var replicates: Int = 100
    @Option(help: "Pool mode: run seed.") var seed: UInt64 = 1
    @Option(help: "Pool mode: GSL generator.") var generator: GeneratorKind = .mt19937
    @Option(help: "Pool mode: pool model file (default: the posterior fitted to the edition if any, else datasets/populations/<city>.yaml).") var population: String?
    @Option(help: "Pool mode: worker threads (results do not depend on it).") var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    @Flag(name: .customLong("rule-uncertainty"), help: "Pool mode: draw every inferred or assumed rule value from its range per replicate.")
    var ruleUncertainty = false
    @OptionGroup var uncertainty: UncertaintyOptions
    @Option(help: "text or json") var format: OutputFormat = .text
    @OptionGroup var store: StoreOptions
    @Option(help: "Pool mode: also draw the cutoff before/after and the flips by group as an SVG chart to FILE.") var plot: String?

    func run() throws {
        try OutputPaths.check([("--plot", plot)], inputs: [rules.input, ("--reform", reform), ("--profile", profile),
                                                             ("--population", population), ("--posterior", uncertainty.posterior)], store: store.recordedIn)
        let book = try rules.load()
        let r = try Reform.load(dataPath(reform))
        guard let base = try edition.map({ try book.edition($0) }) ?? r.baseEdition(in: book) else {
            throw ValidationError("the reform names no base edition: give --edition")
        }
        let id = base.id
        let reformed = try r.apply(to: id, in: book)
        if let quota { return try runPool(r, base, reformed, quota: quota) }
        guard let profile else { throw ValidationError("give --profile for one applicant, or --quota (and --pool) for whole pools") }
        let person = try loadProfile(profile, knownTo: book)
        let asOf = date.day()
        let before = try Scorer(base).score(person, asOf: asOf)
        let after = try Scorer(reformed).score(person, asOf: asOf, reform: r.id)
        let ids = (before.lines.map(\.indicator) + after.lines.map(\.indicator)).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        func points(_ c: ScoreCard, _ id: String) -> Double? { c.lines.first { $0.indicator == id }?.points }
        if format == .json {
            var w = JSONWriter()
            w.beginObject()
            w.field("edition", id)
            w.field("reform", r.id)
            w.field("reform_title", r.title)
            w.key("before")
            before.write(to: &w)
            w.key("after")
            after.write(to: &w)
            w.key("changes")
            w.value(.array(ids.compactMap { i in
                let b = points(before, i) ?? 0, a = points(after, i) ?? 0
                return a == b ? nil : .object([("indicator", .string(i)), ("before", .number(b)), ("after", .number(a)), ("change", .number(a - b))])
            }))
            w.field("total_change", after.total - before.total)
            w.field("disclaimer", ScoreCard.disclaimer)
            w.endObject()
            try emit(w.text + "\n")
            return
        }
        var out = "What if: \(r.title)  (reform \(r.id) on \(id), evaluated on \(asOf))\n\(ScoreCard.disclaimer)\n"
        out += "Reformed values are hypothetical and shown as assumptions.\n\n"
        var t = TextTable(["indicator 指标", "before 改前", "after 改后", "change 变化"], rightAligned: [1, 2, 3])
        for i in ids {
            let b = points(before, i), a = points(after, i)
            guard (b ?? 0) != 0 || (a ?? 0) != 0 else { continue }
            let change = (a ?? 0) - (b ?? 0)
            t.add([i, b.map(fmt) ?? "(none)", a.map(fmt) ?? "(removed)", change == 0 ? "" : (change > 0 ? "+" : "") + fmt(change)])
        }
        t.add(["total 总分", fmt(before.total), fmt(after.total), (after.total >= before.total ? "+" : "") + fmt(after.total - before.total)])
        out += t.render()
        out += "\nThreshold 分值线: \(fmt(before.threshold)) → \(fmt(after.threshold))   "
        out += "Eligible 符合条件: \(before.eligible ? "yes" : "no") → \(after.eligible ? "yes" : "no")\n"
        try emit(out)
    }
}

extension WhatIf {
    /// Pool mode: baseline and reform on the same pools.
    func runPool(_ r: Reform, _ base: Edition, _ reformed: Edition, quota: Int) throws {
        guard format != .csv else { throw ValidationError("whatif prints text or json") }
        let fm = try ForecastModel.resolve(base, population: population, uncertainty, rules, pool: pool)
        let (model, path) = (fm.model, fm.path)
        let settings = try SimulationSettings(pool: pool ?? model.pool ?? 0, quota: quota, replicates: replicates, seed: seed,
                                              generator: generator, threads: threads).checked()
        let ruleDraws = ruleUncertainty ? RuleUncertainty(edition: base, reformed: reformed) : nil
        let whatIf: PoolWhatIf
        do {
            whatIf = try PoolWhatIf(model: model, baseline: base, reformed: reformed, uncertainty: ruleDraws, poolModel: fm.uncertainty)
        } catch let e as InputError { throw e } catch {
            throw InputError(file: model.file, "the pool model cannot be used with \(base.id): \(error)")
        }
        let inputs = RunInputs(seed: settings.seed, generator: settings.generator.rawValue, editions: [base, reformed], reform: r, population: path)
        try store.record("whatif", inputs, compute: {
            let result = try whatIf.run(settings)
            let report = WhatIfReport(edition: base.id, reform: r.id, reformTitle: r.title, population: path, result: result, notes: fm.notes)
            var results = RunResults()
            results.add(document: "summary", report.json)
            results.add(series: "cutoff_shift", values: result.replicates.map { $0.cutoffShift ?? .nan })
            results.add(series: "kendall_tau_b", values: result.replicates.map { $0.tau ?? .nan })
            results.add(series: "jaccard", values: result.replicates.map { $0.jaccard ?? .nan })
            return (report, results)
        }, present: { report, id in
            if let plot {
                let subtitle = "\(settings.pool) applicants × \(settings.replicates) pools, quota \(settings.quota), seed \(settings.seed)"
                try writeChart(WhatIfChart(whatIf: report.result, reformLabel: r.title, subtitle: subtitle).svg(), to: plot)
            }
            try emit(format == .json ? report.json.adding(runID: id).serialized() + "\n" : report.text)
        })
    }
}
