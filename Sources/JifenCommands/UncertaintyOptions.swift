import ArgumentParser
import Foundation
import JifenPolicy
import JifenSimulation

/// `--posterior FILE` and `--sampling-only`: where a forecast draws the pool model's parameters.
struct UncertaintyOptions: ParsableArguments {
    @Option(help: "Posterior from `calibrate --save` (default: the one fitted to this edition in the populations folder, if any, when no --population is given).")
    var posterior: String?
    @Flag(name: .customLong("sampling-only"), help: "Keep the pool model fixed: the band then covers only the draw of one pool from it (with a posterior: its particle nearest the published figures).")
    var samplingOnly = false
}

/// The pool model a forecast uses and how its parameters are drawn.
struct ForecastModel {
    /// The model as fixed for a sampling-only run (with a posterior: its nearest particle).
    var model: PoolModel
    /// The file shown in output and pinned in the run store: the posterior if one is used.
    var path: String
    var uncertainty: PoolUncertainty?
    /// Sentences the output must carry (a fixed pool against the posterior's, a stale fit).
    var notes: [String]

    /// Resolves `--population`, `--posterior`, `--sampling-only` and `--pool` for `edition`.
    static func resolve(_ options: PoolOptions, _ u: UncertaintyOptions, _ rules: RulesOptions, pool: Int?) throws -> (Edition, ForecastModel) {
        let e = try rules.load().edition(options.edition)
        return (e, try resolve(e, population: options.population, u, rules, pool: pool))
    }

    /// Resolves `--population`, `--posterior`, `--sampling-only` and `--pool` for edition `e`.
    static func resolve(_ e: Edition, population: String?, _ u: UncertaintyOptions, _ rules: RulesOptions, pool: Int?) throws -> ForecastModel {
        var posteriorPath = u.posterior
        if posteriorPath == nil, population == nil {
            let folder = try rules.directory().deletingLastPathComponent().appendingPathComponent("populations")
            posteriorPath = PosteriorFile.find(in: folder, edition: e.id).first.map(displayPath)
        }
        guard let posteriorPath else {
            let path = try rules.populationPath(population, city: e.city)
            let model = try PoolModel.load(URL(fileURLWithPath: dataPath(path)), displayName: path)
            let uncertainty = u.samplingOnly || model.free.isEmpty ? nil : PoolUncertainty(base: model, source: .declaredRanges, fixedPool: pool)
            return ForecastModel(model: model, path: path, uncertainty: uncertainty, notes: [])
        }
        if u.posterior != nil, population != nil {
            throw ValidationError("give --population or --posterior, not both: a posterior names its own pool model")
        }
        let file = try PosteriorFile.load(URL(fileURLWithPath: posteriorPath), displayName: posteriorPath)
        let p = file.posterior
        var notes: [String] = []
        if p.provenance.edition != e.id {
            notes.append("The posterior was fitted to \(p.provenance.edition) and is used here for \(e.id).")
        } else if !p.provenance.editionHash.isEmpty, p.provenance.editionHash != e.contentHash {
            notes.append("The rule book of \(e.id) changed since the posterior was fitted; refit with calibrate.")
        }
        if file.modelChanged { notes.append("The pool model \(file.modelReference) changed since the posterior was fitted; refit with calibrate.") }
        let nearest = p.distances.indices.min { p.distances[$0] < p.distances[$1] } ?? 0
        var fixed = try p.model(file.model, particle: nearest)
        if let pool { fixed.pool = pool }
        let uncertainty = u.samplingOnly ? nil : PoolUncertainty(base: file.model, source: .posterior(p), fixedPool: pool)
        if let pool, let range = (uncertainty ?? PoolUncertainty(base: file.model, source: .posterior(p))).poolRange {
            notes.append("--pool \(pool) fixes the number of applicants; the published round had about \(Int(range.low.rounded()))–\(Int(range.high.rounded())) (posterior 90%), so this forecasts a round of another size, not the one fitted.")
        }
        return ForecastModel(model: fixed, path: posteriorPath, uncertainty: uncertainty, notes: notes)
    }
}

/// A path relative to the working folder when it lies inside it, else as it is.
func displayPath(_ url: URL) -> String {
    let cwd = FileManager.default.currentDirectoryPath + "/"
    let path = url.standardizedFileURL.path
    return path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
}
