import Foundation
import Hummingbird
import JifenPolicy
import JifenServer
import JifenStore
import JifenTestSupport
import Testing

/// `jifen serve --db`: planner runs recorded as `jifen quota-curve --db` records them, and
/// nothing an applicant sends ever reaching the store.
@Suite struct PlannerRecordingTests {
    static let curve = ["--edition", "tianjin/2018", "--quotas", "200:1200:200", "--pool", "3000", "--replicates", "12", "--seed", "7"]
    static let planner = "/planner?edition=tianjin%2F2018&pool=3000&replicates=12&seed=7&from=200&to=1200&step=200"

    func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-serve-db-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    func client(_ store: RunStore) throws -> RouteClient {
        let service = WebService(library: try RouteTests.library.get(), datasets: Fixtures.datasets, store: store, today: { Day("2024-06-01")! })
        return RouteClient(responder: service.router().buildResponder())
    }

    @Test func aPlannerRunIsRecordedAsTheCLIRecordsItAndRerunsIdentically() async throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let served = folder.appendingPathComponent("served.sqlite").path
        let client = try client(try RunStore(path: served))
        try await client.execute(uri: Self.planner, method: .get) { r in
            #expect(r.status == .ok)
            #expect(String(buffer: r.body).contains("Recorded as run 1 in this server's run store (served.sqlite)"))
        }
        let cliStore = folder.appendingPathComponent("cli.sqlite").path
        let cli = try Fixtures.run("jifen", ["quota-curve"] + Self.curve + ["--format", "json", "--db", cliStore])
        #expect(cli.status == 0, "\(cli.stderr)")

        let server = try RunStore(path: served, createIfMissing: false, readOnly: true).run(id: RunID(rawValue: 1))
        let command = try RunStore(path: cliStore, createIfMissing: false, readOnly: true).run(id: RunID(rawValue: 1))
        #expect(server.record.status == .complete)
        #expect(server.record.start.command == "quota-curve")
        #expect(server.record.start.arguments == Self.curve)
        #expect(server.record.start.editions == command.record.start.editions)
        #expect(server.record.start.populationHash == command.record.start.populationHash)
        #expect(server.record.start.seed == 7 && server.record.start.generator == command.record.start.generator)
        #expect(server.documents == command.documents)
        #expect(server.series == command.series)
        #expect(!server.series.isEmpty)

        let rerun = try Fixtures.run("jifen", ["runs", "rerun", "1", "--db", served, "--format", "json"])
        #expect(rerun.status == 0, "\(rerun.stdout) \(rerun.stderr)")
    }

    @Test func applicantRequestsLeaveTheStoreUnchanged() async throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("served.sqlite").path
        let client = try client(try RunStore(path: path))
        // The file and its write-ahead log, byte for byte: nothing may be written, not even an empty run.
        func snapshot() -> [Data?] { ["", "-wal", "-journal"].map { FileManager.default.contents(atPath: path + $0) } }
        let before = snapshot()
        #expect(before[0] != nil)
        let profile = #"{"birth_date": "2000-05-12", "education": {"level": "bachelor", "full_time": true}, "places": {"hangzhou": {"insured_months": 52, "residence_months": 52, "employed": true}}}"#
        for endpoint in ["/api/v1/compare?as_of=2024-06-01", "/api/v1/score?city=hangzhou&as_of=2024-06-01", "/api/v1/plan?as_of=2024-06-01"] {
            try await client.execute(uri: endpoint, method: .post, body: ByteBuffer(string: profile)) { r in #expect(r.status == .ok, "\(endpoint)") }
        }
        try await client.execute(uri: "/?birth_date=2000-05-12&education=bachelor&place=hangzhou&insured_months=52&as_of=2024-06-01", method: .get) { r in
            #expect(r.status == .ok)
            #expect(String(buffer: r.body).contains("id=\"results\""))
        }
        #expect(snapshot() == before)
        #expect(try RunStore(path: path, createIfMissing: false, readOnly: true).list().isEmpty)
    }

    @Test func withoutAStoreThePlannerSaysItsRunIsNotRecorded() async throws {
        let service = WebService(library: try RouteTests.library.get(), datasets: Fixtures.datasets, today: { Day("2024-06-01")! })
        try await RouteClient(responder: service.router().buildResponder()).execute(uri: Self.planner, method: .get) { r in
            #expect(r.status == .ok)
            #expect(String(buffer: r.body).contains("Not recorded: this server keeps no run store"))
        }
    }
}
