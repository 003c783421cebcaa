import ArgumentParser
import Dispatch
import Foundation
import JifenPolicy
import JifenSimulation
import JifenStatistics

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Throughput: batch scoring (applicant-scores per second per core) and simulation timing.",
        discussion: "Build with -c release first. Example: jifen bench --pool 100000 --threads 2 (about 15 s)")
    @OptionGroup var rules: RulesOptions
    @Option(help: "Edition to score.") var edition: String = "tianjin/2018"
    @Option(help: "Pool model file (default: datasets/populations/<city>.yaml).") var population: String?
    @Option(help: "Applicants per pool.") var pool: Int = 100_000
    @Option(help: "Replicates of the simulation timing (the budget is stated for 1,000; the first pools of a run are slower, so fewer replicates overstate the cost).") var replicates: Int = 1000
    @Option(help: "GSL generator of the simulation timings.") var generator: GeneratorKind = .mt19937
    @Option(help: "Worker threads.") var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(name: .customLong("batch-rows"), help: "Applicants in the CSV timed end to end through score-batch (0 skips it).")
    var batchRows: Int = 1_000_000
    @Option(help: "text or json") var format: OutputFormat = .text

    func run() throws {
        guard pool >= 2, replicates >= 1, threads >= 1, batchRows >= 0 else {
            throw ValidationError("pool must be ≥ 2, replicates and threads ≥ 1, batch rows ≥ 0")
        }
        let options = try PoolOptions.parse(["--edition", edition] + (population.map { ["--population", $0] } ?? []))
        let (e, model, _) = try options.load(rules)
        let sim = try simulation(model, e)
        let settings = try SimulationSettings(pool: pool, quota: pool / 10, replicates: replicates, seed: 1, generator: generator, threads: threads).checked()
        // Scoring alone: one drawn pool scored repeatedly on one core. The fastest of several
        // timings, since a shared machine can only slow a timing down.
        let drawn = sim.scoredPool(0, settings)
        var scores = drawn.scores
        let rounds = 10
        var scoreSeconds = Double.infinity
        for _ in 0..<5 {
            let t0 = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<rounds { sim.scorer.compiled.score(drawn.pool.table, into: &scores) }
            scoreSeconds = min(scoreSeconds, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        }
        let perCore = Double(rounds * pool) / scoreSeconds
        let t1 = DispatchTime.now().uptimeNanoseconds
        _ = try sim.run(settings)
        let simSeconds = Double(DispatchTime.now().uptimeNanoseconds - t1) / 1e9
        let nsPerApplicant = simSeconds * 1e9 * Double(threads) / Double(pool * replicates)
        let projected = simSeconds * 1000 / Double(replicates)
        // Median of three runs: the end-to-end figure includes start-up and disk, so the
        // middle run is the fairer one to quote.
        let batch = batchRows == 0 ? nil : try BatchTiming.measure(rows: batchRows, model: model, compiled: sim.scorer.compiled, edition: e,
                                                                    rulesDirectory: try rules.directory(), threads: threads, runs: 3)
        // The same run with the model's free parameters drawn per pair of replicates (the pool size
        // held at --pool so that both timings draw as many applicants).
        let forecast = Forecast(simulation: sim, pools: model.free.isEmpty ? nil : PoolUncertainty(base: model, source: .declaredRanges, fixedPool: pool),
                                rules: nil)
        let t2 = DispatchTime.now().uptimeNanoseconds
        _ = try forecast.run(settings)
        let forecastSeconds = Double(DispatchTime.now().uptimeNanoseconds - t2) / 1e9
        let ratio = forecastSeconds / simSeconds
        if format == .json {
            try emit(JSON.object([
                ("edition", .string(e.id)), ("pool", .number(Double(pool))), ("threads", .number(Double(threads))), ("generator", .string(generator.rawValue)),
                ("scores_per_second_per_core", .number(perCore.rounded())),
                ("simulate_replicates", .number(Double(replicates))), ("simulate_seconds", .number((simSeconds * 1000).rounded() / 1000)),
                ("simulate_ns_per_applicant_core", .number(nsPerApplicant.rounded())),
                ("projected_seconds_1000_replicates", .number((projected * 100).rounded() / 100)),
                ("score_batch", batch.map { b in JSON.object([
                    ("rows", .number(Double(b.rows))), ("csv_bytes", .number(Double(b.bytes))),
                    ("median_seconds", .number((b.seconds * 1000).rounded() / 1000)),
                    ("median_cpu_seconds", .number((b.cpuSeconds * 1000).rounded() / 1000)),
                    ("rows_per_second", .number(b.rowsPerSecond.rounded())),
                    ("megabytes_per_second", .number((b.megabytesPerSecond * 10).rounded() / 10)),
                    ("peak_memory_bytes", .number(Double(b.peakBytes))),
                ]) } ?? .null),
                ("model_uncertainty_seconds", .number((forecastSeconds * 1000).rounded() / 1000)),
                ("model_uncertainty_ratio", .number((ratio * 100).rounded() / 100)),
            ]).serialized() + "\n")
        } else {
            try emit("""
            \(e.id), pool \(pool), \(threads) threads, \(generator.rawValue)
              batch scoring:      \(String(format: "%.1f", perCore / 1e6)) million applicant-scores per second per core, fastest of 5 timings (target ≥ 20)
              simulate:           \(replicates) replicates in \(String(format: "%.2f", simSeconds)) s (generate + score + select), \(Int(nsPerApplicant)) ns per applicant per core
              projected:          \(String(format: "%.1f", projected)) s for 1,000 replicates (target ≤ 10 s on 2 cores)
              model uncertainty:  \(String(format: "%.2f", forecastSeconds)) s with the pool model's \(model.free.filter { $0.name != "pool" }.count) free parameters drawn per pair of replicates, \(String(format: "%.2f", ratio))× the sampling-only run (target ≤ 1.5×)

            """)
            if let b = batch {
                try emit("""
                  score-batch:        \(b.rows) rows (\(String(format: "%.0f", Double(b.bytes) / 1e6)) MB of CSV) in \(String(format: "%.2f", b.seconds)) s end to end (\(String(format: "%.2f", b.cpuSeconds)) s of CPU), median of 3: \(Int(b.rowsPerSecond)) rows/s, \(String(format: "%.0f", b.megabytesPerSecond)) MB/s, peak memory \(b.peakBytes / 1_000_000) MB (targets for 1,000,000 rows: ≤ 1.5 s, ≤ 100 MB)

                """)
            }
        }
    }
}
