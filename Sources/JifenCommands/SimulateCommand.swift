import ArgumentParser
import Foundation
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

    /// The edition and its pool model.
    func load(_ rules: RulesOptions) throws -> (Edition, PoolModel, String) {
        let e = try rules.load().edition(edition)
        let path = population ?? rules.directory.deletingLastPathComponent()
            .appendingPathComponent("populations/\(e.city).yaml").path
        guard population != nil || FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("no pool model for \(e.city) at \(path); pass --population FILE")
        }
        let model = try PoolModel.load(URL(fileURLWithPath: path), displayName: path)
        return (e, model, path)
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
    @Option(name: .customLong("export-pool"), help: "Write replicate 0's pool as score-batch CSV to FILE.") var exportPool: String?
    @OptionGroup var date: DateOption
    @Option(help: "text or json") var format: OutputFormat = .text
    @OptionGroup var reformOption: ReformOption
    @Flag(name: .customLong("rule-uncertainty"), help: "Also draw every inferred or assumed rule value from its range per replicate and split the cutoff's variance into rules and sampling.")
    var ruleUncertainty = false

    func run() throws {
        let (published, model, path) = try options.load(rules)
        let book = try rules.load()
        let e = try reformOption.load()?.apply(to: published.id, in: book) ?? published
        let sim = try simulation(model, e)
        let settings = SimulationSettings(pool: pool ?? model.pool ?? 0, quota: quota, replicates: replicates, seed: options.seed,
                                          generator: try options.generatorKind(), threads: options.threads)
        let result: SimulationResult
        do { result = try sim.run(settings) } catch { throw ValidationError(error.description) }
        if let exportPool {
            // Every attribute, so the rows are complete profiles (replicate 0's stream).
            let full = try PoolGenerator(model: model, plan: sim.scorer.plan, allAttributes: true)
            var buffers = PoolGenerator.Buffers(generator: full, count: settings.pool)
            full.generate(into: &buffers, from: RandomStream(kind: settings.generator, seed: settings.seed, stream: 0))
            let asOf = try date.asOf == nil ? e.inForceFrom : date.day()
            try emit(PoolExport.csv(buffers, generator: full, asOf: asOf), to: exportPool)
        }
        let report = SimulationReport(edition: e.id, population: path, result: result)
        let split = ruleUncertainty
            ? try RuleUncertainty(book: book, edition: published, reformed: e, reformFile: reformOption.reform)
                .run(model: model, reformed: e.id == published.id ? nil : e, settings)
            : nil
        switch format {
        case .json:
            guard let split, case .object(var pairs) = report.json else { return try emit(report.json.serialized() + "\n") }
            pairs.insert(("rule_uncertainty", split.json), at: pairs.count - 1)
            try emit(JSON.object(pairs).serialized() + "\n")
        case .csv: throw ValidationError("simulate prints text or json; use --export-pool for the pool as CSV")
        case .text: try emit(report.text + (split.map { "\n" + $0.text } ?? ""))
        }
    }
}
