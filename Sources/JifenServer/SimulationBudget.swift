import Foundation
import JifenPolicy

/// What one simulation request may cost: bounded sizes, bounded work, and one simulation at a
/// time, so a request cannot occupy the server for long or starve the pages and the API.
///
/// A run cannot be stopped half-way, so the time budget is kept by bounding the work before it
/// starts: at most `maxDraws` applicants drawn and scored per request (`jifen serve --max-draws`).
public final class SimulationBudget: @unchecked Sendable {
    /// The most applicants in one pool.
    public static let maxPool = 100_000
    /// The most pools (replicates) in one run.
    public static let maxReplicates = 200
    /// The most quotas on one curve.
    public static let maxQuotas = 50
    /// The default for `maxDraws`.
    public static let defaultMaxDraws = 2_000_000
    /// The largest applicant list `rank` accepts.
    public static let maxListBytes = 2 * 1024 * 1024
    /// Worker threads per simulation (results do not depend on it).
    public static let threads = min(2, ProcessInfo.processInfo.activeProcessorCount)

    // Guarded by `lock`.
    private let lock = NSLock()
    private var running = false

    /// The most applicants drawn and scored in one request (pool × replicates).
    public let maxDraws: Int

    public init(maxDraws: Int = defaultMaxDraws) { self.maxDraws = maxDraws }

    /// Checks the sizes: past a bound is a `RequestFailure` with status 413 naming the parameter.
    func check(pool: Int, replicates: Int, quotas: Int = 1) throws {
        func refuse(_ message: String) -> RequestFailure { RequestFailure(status: .contentTooLarge, message: message) }
        if pool > Self.maxPool { throw refuse("query: pool: \(pool) applicants is more than this server simulates (\(Self.maxPool)); run jifen simulate locally for larger pools") }
        if replicates > Self.maxReplicates { throw refuse("query: replicates: \(replicates) is more than this server runs (\(Self.maxReplicates)); run jifen locally for more") }
        if quotas > Self.maxQuotas { throw refuse("query: quotas: \(quotas) quotas is more than one curve on this server holds (\(Self.maxQuotas)); use a larger STEP") }
        if pool * replicates > maxDraws {
            throw refuse("query: pool × replicates = \(pool * replicates) applicants is more than one request may draw (\(maxDraws)); use fewer replicates or a smaller pool")
        }
    }

    /// Runs `body` on a thread of its own (the request handlers' threads stay free for other
    /// requests) unless another simulation is running, in which case the request is refused with
    /// 429 (try again shortly) rather than queued behind it.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let free = lock.withLock { () -> Bool in
            defer { running = true }
            return !running
        }
        guard free else {
            throw RequestFailure(status: .tooManyRequests, message: "another simulation is running on this server; try again in a few seconds")
        }
        defer { lock.withLock { running = false } }
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }
}
