import ArgumentParser
import Foundation
import JifenCharts
import JifenPolicy
import JifenSimulation
import JifenStore

struct QuotaCurve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quota-curve",
        abstract: "The cutoff against the quota, on the same pools for every quota, with the slope per 1,000 places.",
        discussion: "Example: jifen quota-curve --edition tianjin/2018 --pool 20000 --quotas 2000:8000:1000 --replicates 100")
    @OptionGroup var rules: RulesOptions
    @OptionGroup var options: PoolOptions
    @Option(help: "Applicants per pool (default: the model's pool).") var pool: Int?
    @Option(help: "Quotas FROM:TO:STEP.") var quotas: String
    @Option(help: "Number of pools drawn.") var replicates: Int = 100
    @Option(help: "text or json") var format: OutputFormat = .text
    @OptionGroup var store: StoreOptions
    @Option(help: "Also draw the median cutoff and its 5–95% band against the quota as an SVG chart to FILE.") var plot: String?
    @OptionGroup var uncertainty: UncertaintyOptions

    func quotaList() throws -> [Int] {
        let parts = quotas.split(separator: ":").map { Int($0) }
        guard parts.count == 3, let from = parts[0], let to = parts[1], let step = parts[2], step > 0, from >= 1, to >= from else {
            throw ValidationError("--quotas takes FROM:TO:STEP with 1 ≤ FROM ≤ TO and STEP > 0, e.g. 1000:5000:500; got \(excerpt(quotas))")
        }
        guard (to - from) / step < Self.maxQuotas else {
            throw ValidationError("--quotas \(quotas) gives more than \(Self.maxQuotas) quotas, the most one curve holds; use a larger STEP")
        }
        return Array(stride(from: from, through: to, by: step))
    }

    /// The most points on one curve.
    static let maxQuotas = 10_000

    func run() throws {
        try OutputPaths.check([("--plot", plot)], inputs: [rules.input, options.populationInput(rules)], store: store.recordedIn)
        let list = try quotaList()
        let (e, fm) = try ForecastModel.resolve(options, uncertainty, rules, pool: pool)
        let path = fm.path
        let forecast = Forecast(simulation: try simulation(fm.model, e), pools: fm.uncertainty, rules: nil)
        let settings = try SimulationSettings(pool: pool ?? fm.model.pool ?? 0, quota: list[0], replicates: replicates, seed: options.seed,
                                              generator: try options.generatorKind(), threads: options.threads).checked()
        var covers = SimulationReport(edition: e.id, population: path, result: SimulationResult(settings: settings, outcomes: []),
                                      covers: SimulationReport.covers(forecast), notes: fm.notes)
        covers.poolDrawn = forecast.drawsPoolSize
        let inputs = RunInputs(seed: settings.seed, generator: settings.generator.rawValue, editions: [e], population: path)
        try store.record("quota-curve", inputs, compute: {
            let curve: JifenSimulation.QuotaCurve
            do { curve = try forecast.quotaCurve(quotas: list, settings) } catch let error as SimulationError { throw ValidationError("\(error)") }
            return (curve, results(curve, summary: summary(curve, e, path, settings, covers)))
        }, present: { curve, id in try present(curve, e, path, settings, covers, id) })
    }

    /// The JSON output, which is also the run's `summary` document.
    func summary(_ curve: JifenSimulation.QuotaCurve, _ e: Edition, _ path: String, _ settings: SimulationSettings,
                 _ covers: SimulationReport) -> JSON {
        let list = curve.quotas
        let overall = curve.filledSlope
        return JSON.object([
            ("edition", .string(e.id)), ("population", .string(path)), ("pool", .number(Double(settings.pool))),
            ("replicates", .number(Double(replicates))), ("seed", .number(Double(options.seed))),
            ("generator", .string(settings.generator.rawValue)),
            ("points", .array(list.indices.map { i in
                let s = curve.summary(at: i)
                return .object([("quota", .number(Double(list[i]))), ("median", .optional(s?.median)), ("mean", .optional(s?.mean)),
                                ("p05", .optional(s?.p05)), ("p95", .optional(s?.p95)),
                                ("unfilled", .bool(curve.isUnfilled(i))), ("unfilled_share", .number(curve.unfilledShare(at: i))),
                                ("slope_per_1000", .optional(i + 1 < list.count ? curve.slope(from: i, to: i + 1) : nil))])
            })),
            ("slope_per_1000", .optional(overall)),
            ("slope_definition", .string("change of the median cutoff per 1,000 places from the smallest to the largest filled quota; a quota larger than the eligible count in at least half of the pools is unfilled and left out")),
            ("interval", .string("p05/p95: quantiles of the per-replicate cutoffs across replicates; all quotas on the same pools. " + covers.bandSentence)),
            ("band_covers", .array(covers.covers.map { .string($0) })),
            ("notes", .array(covers.notes.map { .string($0) })),
            ("disclaimer", .string("Simulation, not an official result.")),
        ])
    }

    /// The curve with p05/p95 as lo/hi, the slope per segment, and each quota's per-replicate cutoffs.
    func results(_ curve: JifenSimulation.QuotaCurve, summary: JSON) -> RunResults {
        let list = curve.quotas
        var results = RunResults()
        results.add(document: "summary", summary)
        results.add(series: "quota_curve", points: list.indices.map { i in
            let s = curve.summary(at: i)
            return SeriesPoint(index: i, x: Double(list[i]), value: s?.median ?? .nan, lo: s?.p05, hi: s?.p95)
        })
        results.add(series: "slope_per_1000", points: list.indices.dropLast().map { i in
            SeriesPoint(index: i, x: Double(list[i]), value: curve.slope(from: i, to: i + 1) ?? .nan)
        })
        for i in list.indices { results.add(series: "cutoff_q\(list[i])", values: curve.cutoffs.map { $0[i] }) }
        return results
    }

    func present(_ curve: JifenSimulation.QuotaCurve, _ e: Edition, _ path: String, _ settings: SimulationSettings,
                 _ covers: SimulationReport, _ id: RunID?) throws {
        let list = curve.quotas
        let overall = curve.filledSlope
        if let plot {
            let subtitle = "\(settings.pool) applicants × \(replicates) pools · seed \(options.seed) · \(URL(fileURLWithPath: path).lastPathComponent)"
            try writeChart(BandLineChart(quotaCurve: curve, edition: e.id, subtitle: subtitle).svg(), to: plot)
        }
        switch format {
        case .json:
            try emit(summary(curve, e, path, settings, covers).adding(runID: id).serialized() + "\n")
        case .csv:
            var out = CSV.row(["quota", "median", "mean", "p05", "p95", "unfilled"])
            for i in list.indices {
                let s = curve.summary(at: i)
                out += CSV.row(["\(list[i])", fmt(s?.median), fmt(s?.mean), fmt(s?.p05), fmt(s?.p95), curve.isUnfilled(i) ? "true" : "false"])
            }
            try emit(out)
        case .text:
            let size = covers.poolDrawn ? "pool size drawn with the model's parameters" : "\(settings.pool) applicants"
            var out = "\(e.id) · pool model \(path)\n\(size), \(replicates) replicates, seed \(options.seed), \(settings.generator.rawValue)\n\n"
            out += "   quota   median     p05     p95   slope/1000\n"
            for i in list.indices {
                let s = curve.summary(at: i)
                let slope = i + 1 < list.count ? curve.slope(from: i, to: i + 1).map { fmt(($0 * 100).rounded() / 100) } ?? "—" : ""
                let values: String = [s?.median, s?.p05, s?.p95].map { fmt($0.map { ($0 * 100).rounded() / 100 }).leftPadded(8) }.joined()
                let flag = curve.isUnfilled(i) ? "  unfilled" : ""
                out += String(format: "%8d", list[i]) + " " + values + " " + slope.leftPadded(12) + flag + "\n"
            }
            out += "\nOverall: \(overall.map { fmt(($0 * 100).rounded() / 100) } ?? "—") points per 1,000 more places (median cutoff, filled quotas only).\n"
            if list.indices.contains(where: curve.isUnfilled) {
                out += "unfilled: in most pools fewer applicants are eligible than the quota, so the cutoff is just the lowest eligible score; left out of the slopes.\n"
            }
            out += "Every quota is evaluated on the same pools, so within a pool the cutoff never rises as the quota grows.\n"
            out += SimulationReport.wrap(covers.bandSentence) + "\n"
            for note in covers.notes { out += SimulationReport.wrap("Note: " + note) + "\n" }
            out += "Simulation, not an official result.\n"
            try emit(out)
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
