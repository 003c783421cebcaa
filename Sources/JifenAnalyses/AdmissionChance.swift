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

/// A city's latest published round simulated once: the cutoffs of `AdmissionChance.pools` pools
/// at its quota, against which any total can be read.
public struct AdmissionRound: Sendable {
    var quota: Int
    var round: String
    var model: String
    /// Each pool's cutoff; nil where the pool admits every eligible applicant.
    var cutoffs: [Double?]

    /// The round of `edition`'s city, or nil when it has no published quota or no pool model.
    ///
    /// The pool model is the one calibrated to that round when there is one
    /// (`populations/<city>-<period>-calibrated.yaml`), else `populations/<city>.yaml`.
    public static func simulate(_ edition: Edition, datasets: URL) throws -> AdmissionRound? {
        guard let (quota, period, batch) = try AdmissionChance.lastQuota(city: edition.city, datasets: datasets) else { return nil }
        let populations = datasets.appendingPathComponent("populations")
        let calibrated = populations.appendingPathComponent("\(edition.city)-\(period)-calibrated.yaml")
        let plain = populations.appendingPathComponent("\(edition.city).yaml")
        guard let url = [calibrated, plain].first(where: { FileManager.default.fileExists(atPath: $0.path) }) else { return nil }
        let model = try PoolModel.load(url, displayName: "datasets/populations/\(url.lastPathComponent)")
        let simulation = try Simulation(model: model, edition: edition)
        let settings = SimulationSettings(pool: model.pool ?? max(quota * 4, 1000), quota: quota, replicates: AdmissionChance.pools, seed: 1)
        let result: SimulationResult
        do { result = try simulation.run(settings) } catch { return nil }
        return AdmissionRound(quota: quota, round: batch.isEmpty ? period : "\(period) batch \(batch)", model: url.lastPathComponent,
                              cutoffs: result.outcomes.map(\.cutoff))
    }

    /// The chance of an eligible applicant with `total` points.
    public func chance(for total: Double) -> AdmissionChance {
        let reached = cutoffs.filter { cutoff in cutoff.map { total >= $0 - 1e-9 } ?? true }.count
        return AdmissionChance(quota: quota, round: round, model: model, pools: cutoffs.count, reached: reached)
    }
}

/// Simulated rounds kept per edition for a long-running process: each city's round is simulated
/// once (at start with `prepare`, else the first time a page asks for it), then read for every total.
public final class AdmissionRounds: @unchecked Sendable {
    let datasets: URL
    // Guarded by `lock`; a nil entry is a city without a published quota or a pool model.
    private let lock = NSLock()
    private var rounds: [String: AdmissionRound?] = [:]

    /// `datasets` holds `populations/` and `history/`.
    public init(datasets: URL) { self.datasets = datasets }

    /// Simulates the round of each of `editions` not simulated yet, so that a server can do the
    /// work at start rather than inside the first request that needs it.
    public func prepare(_ editions: [Edition]) throws {
        for edition in editions where !lock.withLock({ rounds.keys.contains(edition.id) }) {
            let round = try AdmissionRound.simulate(edition, datasets: datasets)
            lock.withLock { rounds[edition.id] = round }
        }
    }

    /// The chance for `card` under `edition`; nil when the card is not eligible or the city has no round.
    public func chance(_ card: ScoreCard, edition: Edition) throws -> AdmissionChance? {
        guard card.eligible else { return nil }
        if let known = lock.withLock({ rounds[edition.id] }) { return known?.chance(for: card.total) }
        let round = try AdmissionRound.simulate(edition, datasets: datasets)
        lock.withLock { rounds[edition.id] = round }
        return round?.chance(for: card.total)
    }
}
