import Foundation
import Hummingbird
import NIOPosix
import JifenAnalyses
import JifenPolicy
import JifenStore
import Logging

/// jifen over HTTP: the applicant page, the rule explorer and the JSON API, all answered from
/// rule books loaded and compiled once at start. Nothing an applicant sends is stored or logged,
/// and no request names a file; planner runs (rules and quotas, no person) are recorded in the
/// run store when there is one.
public struct WebService: Sendable {
    /// The largest request body accepted (a profile).
    public static let maxBodyBytes = 64 * 1024

    public let library: RuleLibrary
    /// Each place's district ids, for checking profiles (found once, not per request).
    public let districts: [String: [String]]
    /// The data folder's `populations/` (pool models for simulations), or nil: no simulations.
    public let populations: URL?
    /// Each city's latest published round simulated once, for the chance of admission; nil
    /// without a data folder.
    public let rounds: AdmissionRounds?
    /// Sizes and concurrency of simulation requests.
    public let budget: SimulationBudget
    /// The evaluation date when a request names none (a test pins it).
    public let today: @Sendable () -> Day
    /// Where planner runs are recorded (`jifen serve --db`); nil: not recorded.
    public let store: RunStore?

    /// `datasets` is the data folder holding `populations/` and `history/`.
    /// `maxDraws` bounds the applicants one simulation request may draw (pool × replicates);
    /// `store` records planner runs.
    public init(library: RuleLibrary, datasets: URL? = nil, maxDraws: Int = SimulationBudget.defaultMaxDraws, store: RunStore? = nil,
                today: @escaping @Sendable () -> Day = { Day.today }) {
        self.store = store
        budget = SimulationBudget(maxDraws: maxDraws)
        self.library = library
        districts = library.book.districtsByPlace
        populations = datasets?.appendingPathComponent("populations")
        rounds = datasets.map { AdmissionRounds(datasets: $0) }
        self.today = today
    }

    /// Simulates every edition's round for the chance of admission now, so that the first result
    /// page answers as fast as any other (`jifen serve` calls this before it listens).
    public func prepare() throws {
        try rounds?.prepare(library.book.editions)
    }

    /// Every route, behind the error and security-header middleware.
    public func router() -> Router<ServerContext> {
        let router = Router(context: ServerContext.self)
        router.add(middleware: SecurityHeaders())
        router.add(middleware: ErrorDocument())
        APIRoutes(service: self).add(to: router)
        PageRoutes(service: self).add(to: router)
        return router
    }

    /// The application bound to `host:port`; `onListening` is told the address once bound.
    public func application(host: String, port: Int, onListening: @escaping @Sendable (String) -> Void = { _ in })
        -> some ApplicationProtocol
    {
        var logger = Logger(label: "jifen-serve")
        // Requests are never logged: a profile travels in the page URL and the API body.
        logger.logLevel = .warning
        return Application(
            router: router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "jifen"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? port
                onListening("http://\(host.contains(":") ? "[\(host)]" : host):\(port)/")
            },
            eventLoopGroupProvider: .shared(Self.eventLoops),
            logger: logger
        )
    }

    /// NIO's event loops: half the cores, at least one. The handlers run on Swift's cooperative
    /// pool (a thread per core), so the loops only move bytes; a loop per core as well put four
    /// busy threads on two cores, and their switching set the tail of the latencies (compare's
    /// p99 about 85 ms with two loops, about 40 ms with one; docs/serve.md).
    static let eventLoops = MultiThreadedEventLoopGroup(numberOfThreads: max(1, ProcessInfo.processInfo.activeProcessorCount / 2))

    /// Serves until SIGTERM or SIGINT, then finishes the requests in flight and returns.
    public func run(host: String, port: Int, onListening: @escaping @Sendable (String) -> Void) async throws {
        try await application(host: host, port: port, onListening: onListening).runService()
    }
}
