import ArgumentParser
import Foundation
import JifenPolicy
import JifenSimulation
import JifenStatistics
import JifenStore

struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit a pool model's free parameters to published figures (count, cutoff, quartiles).",
        discussion: "Example: jifen calibrate --edition tianjin/2018 --target datasets/history/tianjin.csv --period 2018 --batch 1")
    @OptionGroup var rules: RulesOptions
    @OptionGroup var options: PoolOptions
    @Option(help: "History CSV with city, period, batch, measure, value columns.") var target: String
    @Option(help: "Period to fit (default: the edition's year).") var period: String?
    @Option(help: "Batch to fit (default: 1 if the period has one, else none).") var batch: String?
    @Option(help: "Replicates per evaluation.") var replicates: Int = 8
    @Option(help: "text or json") var format: OutputFormat = .text
    @OptionGroup var store: StoreOptions

    func run() throws {
        guard (1...SimulationSettings.maxReplicates).contains(replicates) else {
            throw ValidationError("replicates must be between 1 and \(SimulationSettings.maxReplicates), got \(replicates)")
        }
        let (e, model, path) = try options.load(rules)
        guard !model.free.isEmpty else { throw InputError(file: path, key: "free", "the model declares no free parameters to fit") }
        let text = try readText(target)
        let year = period ?? String(e.id.split(separator: "/").last ?? "")
        let targets: CalibrationTargets
        if let batch {
            targets = try CalibrationTargets.read(csv: text, file: target, city: e.city, period: year, batch: batch)
        } else if let t = try? CalibrationTargets.read(csv: text, file: target, city: e.city, period: year, batch: "1") {
            targets = t
        } else {
            targets = try CalibrationTargets.read(csv: text, file: target, city: e.city, period: year, batch: "")
        }
        let inputs = RunInputs(seed: options.seed, generator: GeneratorKind.mt19937.rawValue, editions: [e], population: path)
        try store.record("calibrate", inputs, compute: {
            let fit = try Calibration(edition: e, targets: targets, replicates: replicates, seed: options.seed, threads: options.threads).fit(model)
            var results = RunResults()
            results.add(document: "summary", summary(fit, e, path))
            results.add(document: "target_file", .object([("path", .string(target)), ("sha256", .string(ContentHash.sha256(text)))]))
            // x = the published figure, value = the fitted model's median over replicates.
            results.add(series: "target_vs_simulated", points: fit.rows.enumerated().map {
                SeriesPoint(index: $0.offset, x: $0.element.target, value: $0.element.simulated ?? .nan)
            })
            return (fit, results)
        }, present: { fit, id in try present(fit, e, path, id) })
    }

    /// The JSON output, which is also the run's `summary` document.
    func summary(_ fit: CalibrationFit, _ e: Edition, _ path: String) -> JSON {
        JSON.object([
            ("edition", .string(e.id)), ("population", .string(path)), ("seed", .number(Double(options.seed))),
            ("replicates", .number(Double(replicates))), ("evaluations", .number(Double(fit.evaluations))),
            ("parameters", .object(fit.parameters.map { ($0.name, .number($0.value)) })),
            ("targets", .array(fit.rows.map { .object([("measure", .string($0.name)), ("target", .number($0.target)), ("simulated", .optional($0.simulated))]) })),
            ("distance", .number(fit.distance)),
            ("distance_definition", .string("root mean square of (simulated − target) / target; simulated = median over replicates")),
        ])
    }

    func present(_ fit: CalibrationFit, _ e: Edition, _ path: String, _ id: RunID?) throws {
        switch format {
        case .json:
            try emit(summary(fit, e, path).adding(runID: id).serialized() + "\n")
        default:
            var out = "\(e.id) · pool model \(path) · \(fit.evaluations) evaluations, \(replicates) replicates each, seed \(options.seed)\n\n"
            out += "fitted parameters\n"
            for (name, value) in fit.parameters { out += "  \(name) = \(fmt((value * 1000).rounded() / 1000))\n" }
            out += "\n  measure      target   simulated\n"
            for r in fit.rows {
                out += "  " + r.name.padding(toLength: 8, withPad: " ", startingAt: 0) + fmt(r.target).leftPadded(10)
                    + fmt(r.simulated.map { ($0 * 100).rounded() / 100 }).leftPadded(12) + "\n"
            }
            out += "\ndistance (RMS relative difference): \(fmt((fit.distance * 10000).rounded() / 10000))\n"
            try emit(out)
        }
    }
}
