import ArgumentParser
import Foundation
import JifenAnalyses
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
    @Option(help: ArgumentHelp("Quotas from FROM to TO in steps of STEP (1 ≤ FROM ≤ TO, STEP > 0).", valueName: "FROM:TO:STEP"))
    var quotas: QuotaRange
    @Option(help: "Number of pools drawn.") var replicates: Int = 100
    @Option(help: "text or json") var format: OutputFormat = .text
    @OptionGroup var store: StoreOptions
    @Option(help: "Also draw the median cutoff and its 5–95% band against the quota as an SVG chart to FILE.") var plot: String?
    @OptionGroup var uncertainty: UncertaintyOptions

    func quotaList() throws -> [Int] {
        do { return try quotas.quotas(limit: QuotaCurveRequest.maxQuotas, name: "--quotas") } catch let error as InputError {
            throw ValidationError("\(error.file) \(error.message)")
        }
    }

    func run() throws {
        try OutputPaths.check([("--plot", plot)], inputs: [rules.input, options.populationInput(rules)], store: store.recordedIn)
        let list = try quotaList()
        let (e, fm) = try ForecastModel.resolve(options, uncertainty, rules, pool: pool)
        let settings = try SimulationSettings(pool: pool ?? fm.model.pool ?? 0, quota: list[0], replicates: replicates, seed: options.seed,
                                              generator: options.generator, threads: options.threads).checked()
        let analysis = try QuotaCurveAnalysis(QuotaCurveRequest(edition: e, model: fm, quotas: list, settings: settings))
        try store.record("quota-curve", analysis.request.runInputs, compute: {
            let output: QuotaCurveResult
            do { output = try analysis.run() } catch let error as SimulationError { throw ValidationError("\(error)") }
            return (output, output.runResults)
        }, present: { output, id in try present(output, id) })
    }

    func present(_ output: QuotaCurveResult, _ id: RunID?) throws {
        let curve = output.curve, list = curve.quotas, covers = output.covers, settings = output.request.settings
        let e = output.request.edition, path = output.request.model.path
        let overall = curve.filledSlope
        if let plot {
            let subtitle = "\(settings.pool) applicants × \(replicates) pools · seed \(options.seed) · \(URL(fileURLWithPath: path).lastPathComponent)"
            try writeChart(BandLineChart(quotaCurve: curve, edition: e.id, subtitle: subtitle).svg(), to: plot)
        }
        switch format {
        case .json:
            try emit(output.json.adding(runID: id).serialized() + "\n")
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
