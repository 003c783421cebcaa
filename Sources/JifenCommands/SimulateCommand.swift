import ArgumentParser
import Foundation
import JifenCharts
import JifenPolicy
import JifenSimulation
import JifenStatistics

/// Options shared by the simulation commands.
struct PoolOptions: ParsableArguments {
    @Option(help: "Edition id, e.g. tianjin/2018.") var edition: String
    @Option(help: "Pool model file (default: datasets/populations/<city>.yaml).") var population: String?
    @Option(help: "Run seed.") var seed: UInt64 = 1
    @Option(help: "GSL generator: mt19937 or taus2.") var generator: String = "mt19937"
    @Option(help: "Worker threads (results do not depend on it).") var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func generatorKind() throws -> GeneratorKind {
        guard let g = GeneratorKind(rawValue: generator) else {
            throw ValidationError("unknown generator '\(generator)'; expected mt19937 or taus2")
        }
        return g
    }

    /// `--population`, or the folder the default pool models are read from.
    func populationInput(_ rules: RulesOptions) -> (option: String, path: String?) {
        ("--population", population ?? (try? rules.directory().deletingLastPathComponent().appendingPathComponent("populations").path))
    }

    /// The edition and its pool model.
    func load(_ rules: RulesOptions) throws -> (Edition, PoolModel, String) {
        let e = try rules.load().edition(edition)
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
    do { return try Simulation(model: model, edition: e) } catch let error as InputError { throw error } catch {
        throw InputError(file: model.file, "the pool model cannot be used with \(e.id): \(error)")
    }
}

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
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
        let (published, fm) = try ForecastModel.resolve(options, uncertainty, rules, pool: pool)
        let book = try rules.load()
        let reform = try reformOption.load()
        let e = try reform?.apply(to: published.id, in: book) ?? published
        let sim = try simulation(fm.model, e)
        let settings = try SimulationSettings(pool: pool ?? fm.model.pool ?? 0, quota: quota, replicates: replicates, seed: options.seed,
                                              generator: try options.generatorKind(), threads: options.threads).checked()
        let rules = ruleUncertainty ? RuleUncertainty(edition: published, reformed: e) : nil
        let forecast = Forecast(simulation: sim, pools: fm.uncertainty, rules: rules, reformed: e.id != published.id)
        let inputs = RunInputs(seed: settings.seed, generator: settings.generator.rawValue, editions: [e], reform: reform, population: fm.path)
        try store.record("simulate", inputs, compute: {
            let run: ForecastResult
            do { run = try forecast.run(settings) } catch let error as SimulationError { throw ValidationError("\(error)") }
            var sampled: String?
            if exportPool != nil || storePool {
                // Replicate 0's pool itself (its model, its stream), then the attributes the
                // edition does not read from a stream of their own, so the rows are complete.
                let model = try fm.uncertainty?.model(group: 0, settings) ?? fm.model
                let drawn = try PoolGenerator(model: model, plan: sim.scorer.plan)
                var buffers = PoolGenerator.Buffers(generator: drawn, count: fm.uncertainty == nil ? settings.pool : model.pool ?? settings.pool)
                drawn.generate(into: &buffers, from: RandomStream(kind: settings.generator, seed: settings.seed, stream: 0))
                drawn.complete(&buffers, from: RandomStream(kind: settings.generator, seed: settings.seed, stream: PoolExport.completionStream))
                sampled = PoolExport.csv(buffers, generator: drawn, asOf: try date.day())
            }
            var report = SimulationReport(edition: e.id, population: fm.path, result: run.result,
                                          covers: SimulationReport.covers(forecast), split: run.split, notes: fm.notes)
            report.poolDrawn = forecast.drawsPoolSize
            var results = RunResults(sampledPool: sampled)
            results.add(document: "summary", report.json)
            results.add(series: "cutoff", values: run.result.outcomes.map(\.cutoff))
            results.add(series: "eligible", values: run.result.outcomes.map { Double($0.eligible) })
            return ((report, sampled), results)
        }, present: { output, id in
            if let exportPool, let csv = output.1 {
                try emit(csv, to: exportPool)
                FileHandle.standardError.write(Data("pool written to \(exportPool), dated as of \(try date.day()) (its as_of column; rank and score-batch use it when no --as-of is given)\n".utf8))
            }
            if let plot {
                if let rules {
                    // The rule spread: every pool's cutoff with the rules as stated against the rules drawn.
                    let spread = try rules.run(model: fm.model, reformed: e.id == published.id ? nil : e, settings)
                    try writeChart(OverlaidHistogramChart(ruleSpread: spread, edition: e.id, settings: settings).svg(), to: plot)
                } else {
                    try drawPool(sim, settings, output.0.result, e, to: plot)
                }
            }
            switch format {
            case .json: try emit(output.0.json.adding(runID: id).serialized() + "\n")
            case .text, .csv: try emit(output.0.text)
            }
        })
    }

    /// Redraws replicate 0's pool (same stream, so the same applicants as the run) and charts its
    /// scores; the marked cutoff is that pool's, the median over all pools is in the subtitle.
    func drawPool(_ sim: Simulation, _ settings: SimulationSettings, _ result: SimulationResult, _ e: Edition, to file: String) throws {
        var w = Simulation.Workspace(sim, count: settings.pool)
        sim.drawAndScore(0, settings, &w)
        var scratch = SelectionScratch()
        var admitted: [Bool] = []
        let round = Selection.admit(w.standings, quota: settings.quota, scratch: &scratch, admitted: &admitted)
        let scores = w.standings.total
        let median = result.cutoff.map { " · median cutoff over \(settings.replicates) pools \(fmt(($0.median * 100).rounded() / 100))" } ?? ""
        let subtitle = "pool 1 of \(settings.replicates): \(settings.pool) applicants, quota \(settings.quota), seed \(settings.seed)" + median
        let chart = OverlaidHistogramChart(poolScores: scores, admittedScores: scores.indices.filter { admitted[$0] }.map { scores[$0] },
                                           cutoff: round.cutoff, edition: e.id, subtitle: subtitle)
        try writeChart(chart.svg(), to: file)
    }
}
