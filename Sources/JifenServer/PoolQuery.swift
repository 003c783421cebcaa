import Foundation
import JifenAnalyses
import JifenPolicy
import JifenSimulation
import JifenStatistics

/// The edition, pool model and simulation sizes a simulation request names in its query:
/// `edition`, `pool`, `replicates`, `seed`, `generator`, `sampling_only`, with the CLI's defaults
/// (the model's pool, 100 replicates, seed 1, mt19937) and this server's bounds.
struct PoolQuery {
    static let names: Set<String> = ["edition", "pool", "replicates", "seed", "generator", "sampling_only"]

    var edition: Edition
    var model: ForecastModel
    var settings: SimulationSettings

    /// Reads the parameters, loads the edition's standard pool model from `populations`, and
    /// checks the sizes (422 for a bad value, 413 past `SimulationBudget`'s bounds).
    init(_ q: QueryParameters, service: WebService, quota: Int, quotaCount: Int = 1) throws {
        let library = service.library, populations = service.populations
        guard let id = q["edition"] else { throw InputError(file: "query", "give edition=EDITION, e.g. edition=tianjin/2018") }
        edition = try library.book.edition(id)
        let pool = try q["pool"].map { _ in try q.integer("pool", default: 0) }
        let replicates = try q.integer("replicates", default: 100)
        var seed: UInt64 = 1
        if let s = q["seed"] {
            guard let n = UInt64(s) else { throw InputError(file: "query", key: "seed", "expected a whole number ≥ 0, found '\(excerpt(s))'") }
            seed = n
        }
        let name = q["generator"] ?? GeneratorKind.mt19937.rawValue
        guard let generator = GeneratorKind(rawValue: name) else {
            throw InputError(file: "query", key: "generator", "unknown generator '\(excerpt(name))'; expected mt19937 or taus2")
        }
        guard let populations,
              let model = try ForecastModel.standard(for: edition, populations: populations, samplingOnly: try q.flag("sampling_only"), pool: pool)
        else { throw InputError(file: "query", key: "edition", "no pool model for \(edition.city) on this server") }
        self.model = model
        settings = SimulationSettings(pool: pool ?? model.model.pool ?? 0, quota: quota, replicates: replicates, seed: seed,
                                      generator: generator, threads: SimulationBudget.threads)
        do { try settings.validate() } catch { throw InputError(file: "query", error.description) }
        try service.budget.check(pool: settings.pool, replicates: replicates, quotas: quotaCount)
    }
}
