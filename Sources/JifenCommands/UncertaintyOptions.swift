import ArgumentParser
import Foundation
import JifenAnalyses
import JifenPolicy
import JifenSimulation

/// `--posterior FILE` and `--sampling-only`: where a forecast draws the pool model's parameters.
struct UncertaintyOptions: ParsableArguments {
    @Option(help: "Posterior from `calibrate --save` (default: the one fitted to this edition in the populations folder, if any, when no --population is given).")
    var posterior: String?
    @Flag(name: .customLong("sampling-only"), help: "Keep the pool model fixed: the band then covers only the draw of one pool from it (with a posterior: its particle nearest the published figures).")
    var samplingOnly = false
}

extension ForecastModel {
    /// Resolves `--population`, `--posterior`, `--sampling-only` and `--pool` for `--edition`,
    /// read from `book` (by default only its own rule book).
    static func resolve(_ options: PoolOptions, _ u: UncertaintyOptions, _ rules: RulesOptions, book: Rulebook? = nil,
                        pool: Int?) throws -> (Edition, ForecastModel) {
        let e = try (book ?? rules.load(edition: options.edition)).edition(options.edition)
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
            return .population(model, path: path, samplingOnly: u.samplingOnly, pool: pool)
        }
        if u.posterior != nil, population != nil {
            throw ValidationError("give --population or --posterior, not both: a posterior names its own pool model")
        }
        let file = try PosteriorFile.load(URL(fileURLWithPath: posteriorPath), displayName: posteriorPath)
        return try .posterior(file, path: posteriorPath, edition: e, samplingOnly: u.samplingOnly, pool: pool)
    }
}

/// A path relative to the working folder when it lies inside it, else as it is.
func displayPath(_ url: URL) -> String {
    let cwd = FileManager.default.currentDirectoryPath + "/"
    let path = url.standardizedFileURL.path
    return path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
}
