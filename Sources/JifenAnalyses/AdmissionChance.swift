import Foundation
import JifenPolicy
import JifenSimulation

/// How likely a profile that is eligible in a city is to be admitted where the city ranks
/// applicants against a quota: the share of simulated pools whose cutoff the profile's total
/// reaches, at the city's last published quota (the number admitted in its latest batch).
///
/// A simulation on an assumed pool model, not a forecast: the text says which quota, which
/// model and how many pools.
public struct AdmissionChance: Sendable {
    var quota: Int
    /// The period and batch whose admitted count is the quota ("2018 batch 1").
    var round: String
    /// The pool model's file name.
    var model: String
    var pools: Int
    /// Pools whose cutoff the profile's total reaches (or which admit every eligible applicant).
    var reached: Int

    /// Pools drawn per estimate: enough for steps of 5 percentage points, few enough for `compare`
    /// to answer in about a second.
    static let pools = 20

    public var probability: Double { Double(reached) / Double(pools) }

    var percent: String { "\(Int((probability * 100).rounded())) %" }

    /// "about 70 % chance at the 2018 batch 1 quota of 4694 (14 of 20 simulated pools, model …)".
    public var phrase: String {
        "about \(percent) chance at the \(round) quota of \(quota) (\(reached) of \(pools) simulated pools, pool model \(model))"
    }

    /// The chance for `card`, or nil when the city has no published quota or no pool model.
    ///
    /// The pool model is the one calibrated to that round when there is one
    /// (`populations/<city>-<period>-calibrated.yaml`), else `populations/<city>.yaml`.
    public static func estimate(_ card: ScoreCard, edition: Edition, datasets: URL) throws -> AdmissionChance? {
        guard card.eligible, let (quota, period, batch) = try lastQuota(city: edition.city, datasets: datasets) else { return nil }
        let populations = datasets.appendingPathComponent("populations")
        let calibrated = populations.appendingPathComponent("\(edition.city)-\(period)-calibrated.yaml")
        let plain = populations.appendingPathComponent("\(edition.city).yaml")
        guard let url = [calibrated, plain].first(where: { FileManager.default.fileExists(atPath: $0.path) }) else { return nil }
        let model = try PoolModel.load(url, displayName: "datasets/populations/\(url.lastPathComponent)")
        let simulation = try Simulation(model: model, edition: edition)
        let settings = SimulationSettings(pool: model.pool ?? max(quota * 4, 1000), quota: quota, replicates: pools, seed: 1)
        let result: SimulationResult
        do { result = try simulation.run(settings) } catch { return nil }
        let reached = result.outcomes.filter { outcome in outcome.cutoff.map { card.total >= $0 - 1e-9 } ?? true }.count
        return AdmissionChance(quota: quota, round: batch.isEmpty ? period : "\(period) batch \(batch)", model: url.lastPathComponent,
                               pools: pools, reached: reached)
    }

    /// The number admitted in the city's latest published round (`admitted` rows of
    /// `history/<city>.csv`), with its period and batch.
    static func lastQuota(city: String, datasets: URL) throws -> (Int, String, String)? {
        let file = datasets.appendingPathComponent("history/\(city).csv")
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        let rows = try CSV.parse(String(decoding: data, as: UTF8.self), file: "datasets/history/\(city).csv")
        guard let header = rows.first?.fields, let m = header.firstIndex(of: "measure"), let v = header.firstIndex(of: "value"),
              let p = header.firstIndex(of: "period"), let b = header.firstIndex(of: "batch") else { return nil }
        let admitted = rows.dropFirst().filter { $0.fields.count == header.count && $0.fields[m] == "admitted" }
        guard let last = admitted.max(by: { ($0.fields[p], $0.fields[b]) < ($1.fields[p], $1.fields[b]) }),
              let quota = Double(last.fields[v]), quota >= 1 else { return nil }
        return (Int(quota), last.fields[p], last.fields[b])
    }
}
