import ArgumentParser
import Foundation
import JifenAnalyses
import JifenCharts
import JifenPolicy
import JifenSimulation
import JifenStatistics

/// Which analysis `sensitivity` runs.
enum SensitivityMethod: String, ExpressibleByArgument, CaseIterable {
    case tornado, morris, sobol
}

struct SensitivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensitivity",
        abstract: "Which rule values and pool knobs move the cutoff and the rankings most (tornado, Morris, Sobol).",
        discussion: """
        Example: jifen sensitivity --edition tianjin/2018 --pool 5000 --quota 1000 --method tornado
        tornado perturbs every numeric rule value one at a time on the baseline's pools (inferred
        and assumed values across their declared range; cited values by ±20%, whole values kept
        whole, positive counts at least 1, band boundaries kept ordered) and lists them by how much
        they reorder the applicants (Kendall tau-b distance) and by how much they move the cutoff;
        morris screens the 10 that reorder most (or --parameters); sobol varies quota, pool size,
        the pool model's free parameters and two rule rates (or --parameters), listing rule values
        and pool settings apart. Output names follow SALib (S1, S1_conf, ST, ST_conf, mu, mu_star, sigma,
        mu_star_conf).
        """)
    @OptionGroup var rules: RulesOptions
    @OptionGroup var options: PoolOptions
    @Option(help: "Applicants per pool (default: the model's pool).") var pool: Int?
    @Option(help: "Places to fill.") var quota: Int
    @Option(help: "tornado, morris or sobol") var method: SensitivityMethod = .tornado
    @Option(help: "Pools per design point (default: tornado 10, morris 4, sobol 4).") var replicates: Int?
    @Option(help: "Comma-separated parameter paths (e.g. threshold,indicators.age.bands[0].points).") var parameters: String?
    @Option(name: .customLong("group-by"), help: "morris: `indicator` moves an indicator's parameters together.") var groupBy: String?
    @Option(help: "morris: number of trajectories.") var trajectories: Int = 10
    @Option(help: "sobol: base samples N (N·(k+2) design rows).") var samples: Int = 64
    @Option(help: "text or json") var format: OutputFormat = .text
    @OptionGroup var store: StoreOptions
    @Option(help: "tornado: also draw the tornado chart as an SVG to FILE.") var plot: String?

    func run() throws {
        guard format != .csv else { throw ValidationError("sensitivity prints text or json") }
        try OutputPaths.check([("--plot", plot)], inputs: [rules.input, options.populationInput(rules)], store: store.recordedIn)
        if let groupBy, groupBy != "indicator" { throw ValidationError("--group-by takes `indicator`, found '\(groupBy)'") }
        let (e, model, path) = try options.load(rules)
        let defaultReplicates = method == .tornado ? 10 : 4
        let settings = try SimulationSettings(pool: pool ?? model.pool ?? 0, quota: quota, replicates: replicates ?? defaultReplicates,
                                              seed: options.seed, generator: options.generator, threads: options.threads).checked()
        let analysis = Sensitivity(edition: e, model: model)
        let candidates = analysis.perturbations().candidates
        let chosen = try parameters.map { list in
            try list.split(separator: ",").map { name in
                let p = name.trimmingCharacters(in: .whitespaces)
                guard let c = candidates.first(where: { $0.path == p }) else {
                    throw InputError(file: "--parameters", key: p, "no numeric rule value at this path in \(e.id) that can be perturbed; see `jifen rules show \(e.id)`")
                }
                return c
            }
        }
        let inputs = RunInputs(seed: settings.seed, generator: settings.generator.rawValue, editions: [e], population: path)
        try store.record("sensitivity", inputs, compute: {
            let body: SensitivityReport.Body
            do { body = try analyse(analysis, settings, chosen) } catch let error as SimulationError {
                throw ValidationError(error.description)
            } catch let error as StatisticsError {
                throw ValidationError("the analysis cannot be computed: \(error)")
            }
            let report = SensitivityReport(edition: e.id, population: path, settings: settings, body: body)
            var results = RunResults()
            results.add(document: "summary", report.json)
            return (report, results)
        }, present: { report, id in
            if let plot {
                guard case .tornado(let tornado) = report.body else { throw ValidationError("--plot draws the tornado method's chart") }
                let subtitle = "\(settings.pool) applicants × \(settings.replicates) pools, quota \(settings.quota), seed \(settings.seed)"
                try writeChart(TornadoChart(tornado: tornado, edition: e.id, subtitle: subtitle).svg(), to: plot)
            }
            try emit(format == .json ? report.json.adding(runID: id).serialized() + "\n" : report.text)
        })
    }

    func analyse(_ analysis: Sensitivity, _ settings: SimulationSettings, _ chosen: [PerturbedParameter]?) throws -> SensitivityReport.Body {
        switch method {
        case .tornado:
            return .tornado(try analysis.tornado(settings, only: chosen?.map(\.path)))
        case .morris:
            let set: [PerturbedParameter]
            if let chosen { set = chosen } else {
                set = try analysis.tornado(settings).rows.prefix(10).map(\.parameter)
            }
            return .morris(try analysis.morris(settings, parameters: set, trajectories: trajectories, groupByIndicator: groupBy != nil))
        case .sobol:
            return .sobol(try analysis.sobol(settings, knobs: try analysis.knobs(settings, rules: chosen ?? analysis.defaultRates()), baseSamples: samples))
        }
    }
}
