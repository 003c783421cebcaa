import ArgumentParser
import Foundation
import JifenAnalyses
import JifenPolicy
import JifenSimulation
import JifenStatistics
import JifenStore

/// How `calibrate` fits.
enum CalibrationMethod: String, ExpressibleByArgument, CaseIterable {
    /// A posterior by ABC-SMC (the default).
    case abc
    /// One best-fitting point by a deterministic search.
    case search
}

struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Infer a pool model's free parameters from published figures (count, cutoff, quartiles): a posterior, saved for later forecasts.",
        discussion: """
        Example: jifen calibrate --edition tianjin/2018 --target datasets/history/tianjin.csv --period 2018 --batch 1 \\
                   --save datasets/populations/tianjin-2018.posterior.yaml
        The default method is ABC-SMC (docs/statistics.md); --method search finds one best-fitting point instead.
        """)
    @OptionGroup var rules: RulesOptions
    @OptionGroup var options: PoolOptions
    @Option(help: "History CSV with city, period, batch, measure, value columns.") var target: String
    @Option(help: "Period to fit (default: the edition's year).") var period: String?
    @Option(help: "Batch to fit (default: 1 if the period has one, else none).") var batch: String?
    @Option(help: "abc (a posterior, the default) or search (one best point).") var method: CalibrationMethod = .abc
    @Option(help: "Fit only these published measures, comma-separated (e.g. cutoff, to forecast the others as a check).") var measures: String?
    @Option(help: "Pools per evaluation, the same streams for every evaluation (default: 4 for abc, 8 for search).") var replicates: Int?
    @Option(help: "abc: particles per generation.") var particles: Int = 200
    @Option(help: "abc: at most this many generations.") var generations: Int = 20
    @Option(help: "abc: stop once the tolerance (RMS distance in noise sds) reaches this.") var tolerance: Double = 1
    @Option(help: "abc: write the posterior to FILE (next to the model, so later commands find it).") var save: String?
    @Option(help: "text or json") var format: OutputFormat = .text
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if let replicates, !(1...SimulationSettings.maxReplicates).contains(replicates) {
            throw ValidationError("replicates must be between 1 and \(SimulationSettings.maxReplicates), got \(replicates)")
        }
        guard particles >= 10 else { throw ValidationError("--particles must be at least 10, got \(particles)") }
        guard generations >= 1 else { throw ValidationError("--generations must be at least 1, got \(generations)") }
        guard tolerance > 0, tolerance.isFinite else { throw ValidationError("--tolerance must be a positive number") }
        if save != nil, method == .search { throw ValidationError("--save writes a posterior: use it with --method abc") }
        if format == .csv { throw ValidationError("calibrate prints text or json") }
        // Both methods draw every pool from mt19937 streams and a saved posterior records no
        // generator: another one is refused rather than silently ignored.
        if options.generator != .mt19937 {
            throw ValidationError("calibrate draws its pools with the mt19937 generator only (a saved posterior records no generator); drop --generator \(options.generator.rawValue)")
        }
    }

    func run() throws {
        let (e, model, path) = try options.load(rules)
        // Before minutes of fitting: a posterior that cannot be written is refused now.
        try OutputPaths.check([("--save", save)], inputs: [rules.input, ("--population", dataPath(path)), ("--target", dataPath(target))])
        guard !model.free.isEmpty else { throw InputError(file: path, key: "free", "the model declares no free parameters to fit") }
        let text = try readText(target)
        let year = period ?? String(e.id.split(separator: "/").last ?? "")
        var chosenBatch = batch ?? ""
        var targets: CalibrationTargets
        if let batch {
            targets = try CalibrationTargets.read(csv: text, file: target, city: e.city, period: year, batch: batch)
        } else if let t = try? CalibrationTargets.read(csv: text, file: target, city: e.city, period: year, batch: "1") {
            targets = t
            chosenBatch = "1"
        } else {
            targets = try CalibrationTargets.read(csv: text, file: target, city: e.city, period: year, batch: "")
        }
        if let measures {
            let names = measures.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            for name in names where !targets.scores.contains(where: { $0.name == name }) {
                throw ValidationError("--measures: '\(name)' is not a published figure of this round; it has \(targets.scores.map(\.name).joined(separator: ", "))")
            }
            targets.scores = targets.scores.filter { names.contains($0.name) }
        }
        let inputs = RunInputs(seed: options.seed, generator: GeneratorKind.mt19937.rawValue, editions: [e], population: path)
        switch method {
        case .search: try runSearch(e, model, path, targets, text, inputs)
        case .abc: try runPosterior(e, model, path, targets, text, inputs, period: year, batch: chosenBatch)
        }
    }

    func targetDocument(_ text: String) -> JSON {
        .object([("path", .string(target)), ("sha256", .string(ContentHash.sha256(text)))])
    }

    func runPosterior(_ e: Edition, _ model: PoolModel, _ path: String, _ targets: CalibrationTargets, _ text: String,
                      _ inputs: RunInputs, period: String, batch: String) throws {
        let abc = PosteriorCalibration(edition: e, targets: targets, particles: particles, generations: generations,
                                       replicates: replicates ?? 4, targetTolerance: tolerance, seed: options.seed,
                                       threads: options.threads)
        try store.record("calibrate", inputs, compute: {
            var fit = try abc.run(model) { g in
                if format == .text {
                    FileHandle.standardError.write(Data("  generation: tolerance \(fmt((g.tolerance * 1000).rounded() / 1000)), acceptance \(fmt((g.acceptance * 1000).rounded() / 10))%\n".utf8))
                }
            }
            fit.posterior.provenance.targetFile = target
            fit.posterior.provenance.period = period
            fit.posterior.provenance.batch = batch
            let report = PosteriorReport(fit: fit, edition: e.id, population: path)
            var results = RunResults()
            results.add(document: "summary", report.json)
            results.add(document: "target_file", targetDocument(text))
            // x = the published figure, value = the nearest particle's median over replicates.
            results.add(series: "target_vs_simulated", points: fit.posterior.provenance.measures.enumerated().map {
                SeriesPoint(index: $0.offset, x: $0.element.target, value: $0.offset < fit.closest.count ? fit.closest[$0.offset] : .nan)
            })
            for (k, p) in fit.posterior.parameters.enumerated() {
                results.add(series: "posterior_\(p.name)", points: fit.posterior.particles.indices.map {
                    SeriesPoint(index: $0, x: fit.posterior.weights[$0], value: fit.posterior.particles[$0][k])
                })
            }
            return (report, results)
        }, present: { report, id in
            if let save {
                let reference = relativePath(from: URL(fileURLWithPath: save).deletingLastPathComponent(), to: URL(fileURLWithPath: dataPath(path)))
                try emit(PosteriorFile.text(report.fit.posterior, modelReference: reference, modelText: try readText(path)), to: save)
            }
            switch format {
            case .json: try emit(report.json.adding(runID: id).serialized() + "\n")
            default: try emit(report.text + (save.map { "\nPosterior saved to \($0); simulate and quota-curve on \(e.id) use it when it is in the populations folder and no --population is given.\n" } ?? ""))
            }
        })
    }

    func runSearch(_ e: Edition, _ model: PoolModel, _ path: String, _ targets: CalibrationTargets, _ text: String, _ inputs: RunInputs) throws {
        let replicates = self.replicates ?? 8
        try store.record("calibrate", inputs, compute: {
            let fit = try Calibration(edition: e, targets: targets, replicates: replicates, seed: options.seed, threads: options.threads).fit(model)
            var results = RunResults()
            results.add(document: "summary", summary(fit, e, path, replicates))
            results.add(document: "target_file", targetDocument(text))
            // x = the published figure, value = the fitted model's median over replicates.
            results.add(series: "target_vs_simulated", points: fit.rows.enumerated().map {
                SeriesPoint(index: $0.offset, x: $0.element.target, value: $0.element.simulated ?? .nan)
            })
            return (fit, results)
        }, present: { fit, id in try present(fit, e, path, replicates, id) })
    }

    /// The JSON output of a search, which is also the run's `summary` document.
    func summary(_ fit: CalibrationFit, _ e: Edition, _ path: String, _ replicates: Int) -> JSON {
        JSON.object([
            ("edition", .string(e.id)), ("population", .string(path)), ("method", .string("search")), ("seed", .number(Double(options.seed))),
            ("replicates", .number(Double(replicates))), ("evaluations", .number(Double(fit.evaluations))),
            ("parameters", .object(fit.parameters.map { ($0.name, .number($0.value)) })),
            ("targets", .array(fit.rows.map { .object([("measure", .string($0.name)), ("target", .number($0.target)), ("simulated", .optional($0.simulated))]) })),
            ("distance", .number(fit.distance)),
            ("distance_definition", .string("root mean square of (simulated − target) / target; simulated = median over replicates")),
            ("disclaimer", .string("One point that fits, not the pool: other parameters fit about as well (use --method abc for a posterior). Simulation, not an official result.")),
        ])
    }

    func present(_ fit: CalibrationFit, _ e: Edition, _ path: String, _ replicates: Int, _ id: RunID?) throws {
        switch format {
        case .json:
            try emit(summary(fit, e, path, replicates).adding(runID: id).serialized() + "\n")
        default:
            var out = "\(e.id) · pool model \(path) · search: \(fit.evaluations) evaluations, \(replicates) replicates each, seed \(options.seed)\n\n"
            out += "fitted parameters (one point that fits; others may fit about as well, see --method abc)\n"
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

/// `target`'s path relative to the folder `base` (both made absolute), for files that name each other.
func relativePath(from base: URL, to target: URL) -> String {
    let from = base.standardizedFileURL.pathComponents, to = target.standardizedFileURL.pathComponents
    var common = 0
    while common < min(from.count, to.count), from[common] == to[common] { common += 1 }
    return (Array(repeating: "..", count: from.count - common) + to[common...]).joined(separator: "/")
}
