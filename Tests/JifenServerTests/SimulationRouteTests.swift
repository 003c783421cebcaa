import Foundation
import Hummingbird
import JifenAnalyses
import JifenPolicy
@testable import JifenServer
import JifenTestSupport
import Testing

/// `/api/v1/simulate`, `/api/v1/quota-curve` and `/api/v1/rank`: the CLI's documents byte for
/// byte, and every bound and error path.
@Suite struct SimulationRouteTests: RouteTesting {
    static let applicants = "datasets/applicants/tianjin-2018-sample.csv"

    @Test func simulateIsTheCLIsJSON() async throws {
        let expected = try cli("simulate", "--edition", "tianjin/2018", "--quota", "400", "--pool", "3000", "--replicates", "12",
                               "--seed", "5", "--format", "json", "--no-store")
        try await withClient { client in
            try await client.execute(uri: "/api/v1/simulate?edition=tianjin/2018&quota=400&pool=3000&replicates=12&seed=5", method: .get) { r in
                #expect(r.status == .ok)
                #expect(RouteTests.text(r) == expected)
            }
        }
    }

    @Test func quotaCurveIsTheCLIsJSON() async throws {
        let expected = try cli("quota-curve", "--edition", "hangzhou/2023", "--quotas", "100:900:200", "--pool", "2000", "--replicates", "10",
                               "--generator", "taus2", "--sampling-only", "--format", "json", "--no-store")
        try await withClient { client in
            let uri = "/api/v1/quota-curve?edition=hangzhou%2F2023&quotas=100:900:200&pool=2000&replicates=10&generator=taus2&sampling_only=true"
            try await client.execute(uri: uri, method: .get) { r in
                #expect(r.status == .ok)
                #expect(RouteTests.text(r) == expected)
            }
        }
    }

    @Test func rankIsTheCLIsJSONForAnUploadedList() async throws {
        let expected = try cli("rank", "--edition", "tianjin/2018", "--input", Self.applicants, "--quota", "50", "--as-of", "2019-06-01",
                               "--format", "json")
        let csv = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent(Self.applicants), encoding: .utf8)
        try await withClient { client in
            try await client.execute(uri: "/api/v1/rank?edition=tianjin/2018&quota=50&as_of=2019-06-01", method: .post,
                                     body: ByteBuffer(string: csv)) { r in
                #expect(r.status == .ok)
                #expect(RouteTests.text(r) == expected)
            }
        }
    }

    @Test func sizesPastTheBoundsAre413NamingTheBound() async throws {
        let cases: [(String, String)] = [
            ("/api/v1/simulate?edition=tianjin/2018&quota=10&pool=100001&replicates=2", "100000"),
            ("/api/v1/simulate?edition=tianjin/2018&quota=10&pool=1000&replicates=201", "200"),
            ("/api/v1/simulate?edition=tianjin/2018&quota=10&pool=50000&replicates=100", "pool × replicates"),
            ("/api/v1/quota-curve?edition=tianjin/2018&quotas=1:1000:10&pool=1000&replicates=2", "50"),
        ]
        try await withClient { client in
            for (uri, fragment) in cases {
                try await client.execute(uri: uri, method: .get) { r in
                    #expect(r.status == .contentTooLarge, "\(uri)")
                    let sentence = try RouteTests.errorSentence(r)
                    #expect(sentence.contains(fragment), "\(uri): \(sentence)")
                }
            }
            let big = "id\n" + String(repeating: "a\n", count: SimulationBudget.maxListBytes / 2 + 1)
            try await client.execute(uri: "/api/v1/rank?edition=tianjin/2018&quota=5", method: .post, body: ByteBuffer(string: big)) { r in
                #expect(r.status == .contentTooLarge)
                let sentence = try RouteTests.errorSentence(r)
                #expect(sentence.contains("2 MB"))
            }
        }
    }

    @Test func badParametersAndListsAre422Or400WithOneSentence() async throws {
        let gets: [(String, String)] = [
            ("/api/v1/simulate?edition=tianjin/2018", "quota=PLACES"),
            ("/api/v1/simulate?quota=10", "edition=EDITION"),
            ("/api/v1/simulate?edition=tianjin/2019&quota=10", "unknown edition 'tianjin/2019'"),
            ("/api/v1/simulate?edition=tianjin/2018&quota=0&pool=100", "quota must be at least 1"),
            ("/api/v1/simulate?edition=tianjin/2018&quota=10&generator=ranlux", "generator"),
            ("/api/v1/simulate?edition=tianjin/2018&quota=10&seed=-1", "seed"),
            ("/api/v1/simulate?edition=tianjin/2018&quota=10&pools=5", "unknown parameter"),
            ("/api/v1/quota-curve?edition=tianjin/2018&quotas=5:1", "FROM:TO:STEP"),
            ("/api/v1/quota-curve?edition=tianjin/2018", "quotas=FROM:TO:STEP"),
        ]
        try await withClient { client in
            for (uri, fragment) in gets {
                try await client.execute(uri: uri, method: .get) { r in
                    #expect(r.status == .unprocessableContent, "\(uri)")
                    let sentence = try RouteTests.errorSentence(r)
                    #expect(sentence.contains(fragment), "\(uri): \(sentence)")
                }
            }
            let posts: [(String, String, HTTPResponse.Status, String)] = [
                ("/api/v1/rank?edition=tianjin/2018&quota=5", "", .badRequest, "CSV"),
                ("/api/v1/rank?edition=tianjin/2018", "id\n1\n", .unprocessableContent, "quota=PLACES"),
                ("/api/v1/rank?edition=tianjin/2018&quota=5&as_of=2019-06-01", "id,birth_date\n1,thirty\n", .unprocessableContent, "applicants:2"),
                ("/api/v1/rank?edition=tianjin/2018&quota=5&as_of=2019-06-01", "id,places.tianjn.insured_months\n1,3\n", .unprocessableContent, "did you mean 'tianjin'"),
            ]
            for (uri, body, status, fragment) in posts {
                try await client.execute(uri: uri, method: .post, body: ByteBuffer(string: body)) { r in
                    #expect(r.status == status, "\(uri) \(body)")
                    let sentence = try RouteTests.errorSentence(r)
                    #expect(sentence.contains(fragment), "\(uri) \(body): \(sentence)")
                }
            }
        }
    }

    @Test func aSecondSimulationWhileOneRunsIs429() async throws {
        let budget = SimulationBudget()
        let inner: Result<Int, Error> = try await budget.run {
            // Synchronously inside the first run: the budget is held.
            let semaphore = DispatchSemaphore(value: 0)
            let box = ResultBox()
            Task {
                do { box.result = .success(try await budget.run { 1 }) } catch { box.result = .failure(error) }
                semaphore.signal()
            }
            semaphore.wait()
            return box.result!
        }
        guard case .failure(let error as RequestFailure) = inner else { Issue.record("expected a refusal, got \(inner)"); return }
        #expect(error.status == .tooManyRequests)
        #expect(try await budget.run { 2 } == 2)
    }

    private final class ResultBox: @unchecked Sendable {
        var result: Result<Int, Error>?
    }
}
