import Foundation
import JifenPolicy
import JifenSimulation

/// The pool model a forecast uses and how its parameters are drawn.
public struct ForecastModel: Sendable {
    /// The model as fixed for a sampling-only run (with a posterior: its nearest particle).
    public var model: PoolModel
    /// The file shown in output and pinned in the run store: the posterior if one is used.
    public var path: String
    public var uncertainty: PoolUncertainty?
    /// Sentences the output must carry (a fixed pool against the posterior's, a stale fit).
    public var notes: [String]

    /// A pool model file: its free parameters are drawn from their declared ranges unless
    /// `samplingOnly`; `pool` fixes the number of applicants.
    public static func population(_ model: PoolModel, path: String, samplingOnly: Bool, pool: Int?) -> ForecastModel {
        let uncertainty = samplingOnly || model.free.isEmpty ? nil : PoolUncertainty(base: model, source: .declaredRanges, fixedPool: pool)
        return ForecastModel(model: model, path: path, uncertainty: uncertainty, notes: [])
    }

    /// A posterior from `calibrate --save`, used for `edition`: parameters are drawn from its
    /// particles unless `samplingOnly` (then its particle nearest the published figures).
    public static func posterior(_ file: PosteriorFile, path: String, edition: Edition, samplingOnly: Bool, pool: Int?) throws -> ForecastModel {
        let p = file.posterior
        var notes: [String] = []
        if p.provenance.edition != edition.id {
            notes.append("The posterior was fitted to \(p.provenance.edition) and is used here for \(edition.id).")
        } else if !p.provenance.editionHash.isEmpty, p.provenance.editionHash != edition.contentHash {
            notes.append("The rule book of \(edition.id) changed since the posterior was fitted; refit with calibrate.")
        }
        if file.modelChanged { notes.append("The pool model \(file.modelReference) changed since the posterior was fitted; refit with calibrate.") }
        let nearest = p.distances.indices.min { p.distances[$0] < p.distances[$1] } ?? 0
        var fixed = try p.model(file.model, particle: nearest)
        if let pool { fixed.pool = pool }
        let uncertainty = samplingOnly ? nil : PoolUncertainty(base: file.model, source: .posterior(p), fixedPool: pool)
        if let pool, let range = (uncertainty ?? PoolUncertainty(base: file.model, source: .posterior(p))).poolRange {
            notes.append("--pool \(pool) fixes the number of applicants; the published round had about \(Int(range.low.rounded()))–\(Int(range.high.rounded())) (posterior 90%), so this forecasts a round of another size, not the one fitted.")
        }
        return ForecastModel(model: fixed, path: path, uncertainty: uncertainty, notes: notes)
    }

    /// The model a forecast for `edition` uses when none is named: the posterior fitted to the
    /// edition in `populations` if there is one, else `populations/<city>.yaml`; nil when neither
    /// exists. Files are shown as `datasets/populations/<name>`.
    public static func standard(for edition: Edition, populations: URL, samplingOnly: Bool, pool: Int?) throws -> ForecastModel? {
        if let url = PosteriorFile.find(in: populations, edition: edition.id).first {
            let path = "datasets/populations/\(url.lastPathComponent)"
            return try posterior(try PosteriorFile.load(url, displayName: path), path: path, edition: edition, samplingOnly: samplingOnly, pool: pool)
        }
        let url = populations.appendingPathComponent("\(edition.city).yaml")
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let path = "datasets/populations/\(url.lastPathComponent)"
        return population(try PoolModel.load(url, displayName: path), path: path, samplingOnly: samplingOnly, pool: pool)
    }

    /// The simulation of this model's pools under `edition`.
    public func simulation(_ edition: Edition) throws -> Simulation { try Simulation(fitting: model, to: edition) }
}

extension Simulation {
    /// The simulation of `model`'s pools under `edition`; a model that does not fit the edition
    /// is an `InputError` naming the model file.
    public init(fitting model: PoolModel, to edition: Edition) throws {
        do { try self.init(model: model, edition: edition) } catch let error as InputError { throw error } catch {
            throw InputError(file: model.file, "the pool model cannot be used with \(edition.id): \(error)")
        }
    }
}
