import ArgumentParser
import Foundation
import JifenAnalyses
import JifenCharts
import JifenPolicy
import JifenSimulation
import JifenStatistics

/// Options shared by the simulation commands.
struct PoolOptions: ParsableArguments {
    @Option(help: "Edition id, e.g. tianjin/2018.") var edition: String
    @Option(help: "Pool model file (default: datasets/populations/<city>.yaml).") var population: String?
    @Option(help: "Run seed.") var seed: UInt64 = 1
    @Option(help: "GSL generator.") var generator: GeneratorKind = .mt19937
    @Option(help: "Worker threads (results do not depend on it).") var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    /// `--population`, or the folder the default pool models are read from.
    func populationInput(_ rules: RulesOptions) -> (option: String, path: String?) {
        ("--population", population ?? (try? rules.directory().deletingLastPathComponent().appendingPathComponent("populations").path))
    }

    /// The edition, read from `book` (by default only its own rule book), and its pool model.
    func load(_ rules: RulesOptions, book: Rulebook? = nil) throws -> (Edition, PoolModel, String) {
        let e = try (book ?? rules.load(edition: edition)).edition(edition)
        let path = try rules.populationPath(population, city: e.city)
        let model = try PoolModel.load(URL(fileURLWithPath: dataPath(path)), displayName: path)
        return (e, model, path)
    }
}

extension SimulationSettings {
    /// The settings, once checked against their bounds: every simulation command checks before
    /// it loads, allocates or records anything.
    func checked() throws -> SimulationSettings {
        do { try validate() } catch { throw ValidationError(error.description) }
        return self
    }
}

func simulation(_ model: PoolModel, _ e: Edition) throws -> Simulation {
    try Simulation(fitting: model, to: e)
}

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Monte Carlo: the cutoff score for a quota over many synthetic applicant pools.",
        discussion: "Example: jifen simulate --edition tianjin/2018 --pool 20000 --quota 4694 --replicates 200")
    @OptionGroup var rules: RulesOptions
    @OptionGroup var options: PoolOptions
    @Option(help: "Applicants per pool (default: the model's pool).") var pool: Int?
    @Option(help: "Places to fill.") var quota: Int
    @Option(help: "Number of pools drawn.") var replicates: Int = 100
    @Option(name: .customLong("export-pool"), help: "Write replicate 0's pool as score-batch CSV to FILE, dated as of --as-of (default today); the date is written in its as_of column, which rank and score-batch use.") var exportPool: String?
    @OptionGroup var date: DateOption
    @Option(help: "text or json") var format: OutputFormat = .text
    @OptionGroup var store: StoreOptions
    @Flag(name: .customLong("store-pool"), help: "Keep replicate 0's pool (as --export-pool writes it) in the run store.") var storePool = false
    @Option(help: "Also draw an SVG chart to FILE: replicate 0's scores, pool against admitted, with its cutoff; with --rule-uncertainty, every pool's cutoff with the rules as stated against the rules drawn from their ranges.") var plot: String?
    @OptionGroup var reformOption: ReformOption
    @Flag(name: .customLong("rule-uncertainty"), help: "Also draw every inferred or assumed rule value from its range per group of replicates, and split the cutoff's variance into sampling, pool model and rules.")
    var ruleUncertainty = false
    @OptionGroup var uncertainty: UncertaintyOptions

    func validate() throws {
        if format == .csv { throw ValidationError("simulate prints text or json; use --export-pool for the pool as CSV") }
    }

    func run() throws {
        try OutputPaths.check([("--export-pool", exportPool), ("--plot", plot)],
                              inputs: [rules.input, options.populationInput(rules), ("--reform", reformOption.reform)], store: store.recordedIn)
        let book = try rules.load()
        let (published, fm) = try ForecastModel.resolve(options, uncertainty, rules, book: book, pool: pool)
        let reform = try reformOption.load()
        let e = try reform?.apply(to: published.id, in: book) ?? published
        let settings = try SimulationSettings(pool: pool ?? fm.model.pool ?? 0, quota: quota, replicates: replicates, seed: options.seed,
                                              generator: options.generator, threads: options.threads).checked()
        let poolAsOf = exportPool != nil || storePool ? date.day() : nil
        let analysis = try SimulateAnalysis(SimulateRequest(published: published, edition: e, model: fm, settings: settings,
                                                            ruleUncertainty: ruleUncertainty, reformFile: reformOption.reform, poolAsOf: poolAsOf),
                                            book: book)
        let inputs = RunInputs(seed: settings.seed, generator: settings.generator.rawValue, editions: [e], reform: reform, population: fm.path)
        try store.record("simulate", inputs, compute: {
            let output: SimulateResult
            do { output = try analysis.run() } catch let error as SimulationError { throw ValidationError("\(error)") }
            var results = RunResults(sampledPool: output.sampledPool)
            results.add(document: "summary", output.json)
            results.add(series: "cutoff", values: output.report.result.outcomes.map(\.cutoff))
            results.add(series: "eligible", values: output.report.result.outcomes.map { Double($0.eligible) })
            return (output, results)
        }, present: { output, id in
            if let exportPool, let csv = output.sampledPool {
                try emit(csv, to: exportPool)
                FileHandle.standardError.write(Data("pool written to \(exportPool), dated as of \(date.day()) (its as_of column; rank and score-batch use it when no --as-of is given)\n".utf8))
            }
            if let plot {
                if let spread = try analysis.ruleSpread() {
                    // The rule spread: every pool's cutoff with the rules as stated against the rules drawn.
                    try writeChart(OverlaidHistogramChart(ruleSpread: spread, edition: e.id, settings: settings).svg(), to: plot)
                } else {
                    try drawPool(analysis, output.report.result, to: plot)
                }
            }
            switch format {
            case .json: try emit(output.json.adding(runID: id).serialized() + "\n")
            case .text, .csv: try emit(output.report.text)
            }
        })
    }

    /// Charts replicate 0's scores; the marked cutoff is that pool's, the median over all pools
    /// is in the subtitle.
    func drawPool(_ analysis: SimulateAnalysis, _ result: SimulationResult, to file: String) throws {
        let settings = analysis.request.settings
        let (scores, admitted, cutoff) = analysis.firstPool()
        let median = result.cutoff.map { " · median cutoff over \(settings.replicates) pools \(fmt(($0.median * 100).rounded() / 100))" } ?? ""
        let subtitle = "pool 1 of \(settings.replicates): \(settings.pool) applicants, quota \(settings.quota), seed \(settings.seed)" + median
        let chart = OverlaidHistogramChart(poolScores: scores, admittedScores: scores.indices.filter { admitted[$0] }.map { scores[$0] },
                                           cutoff: cutoff, edition: analysis.request.edition.id, subtitle: subtitle)
        try writeChart(chart.svg(), to: file)
    }
}
