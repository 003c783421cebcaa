import Foundation
import Hummingbird
import JifenAnalyses
import JifenPolicy
import JifenSimulation

/// `/api/v1/simulate`, `/api/v1/quota-curve` and `/api/v1/rank`: the CLI's `--format json`
/// documents for the simulation commands, within `SimulationBudget`'s bounds. Pool models are
/// the edition's standard ones in the server's data folder; no request names a file. Nothing
/// is recorded, so `run_id` is null, as with the CLI's `--no-store`.
struct SimulationRoutes {
    let service: WebService

    func add(to api: RouterGroup<ServerContext>) {
        api.get("simulate") { request, _ in
            let q = try QueryParameters(request.uri.query, allowed: PoolQuery.names.union(["quota", "rule_uncertainty"]))
            guard q["quota"] != nil else { throw InputError(file: "query", "give quota=PLACES, the number of places to fill") }
            let pool = try PoolQuery(q, service: service, quota: try q.integer("quota", default: 0))
            let analysis = try SimulateAnalysis(SimulateRequest(published: pool.edition, model: pool.model, settings: pool.settings,
                                                                ruleUncertainty: try q.flag("rule_uncertainty")),
                                                book: service.library.book)
            let result = try await service.budget.run { try Self.simulated { try analysis.run() } }
            return JSONResponse(Self.unrecorded(result.json)).response
        }
        api.get("quota-curve") { request, _ in
            let q = try QueryParameters(request.uri.query, allowed: PoolQuery.names.union(["quotas"]))
            guard let text = q["quotas"] else { throw InputError(file: "query", "give quotas=FROM:TO:STEP, e.g. quotas=1000:5000:500") }
            let quotas = try QuotaCurveRequest.quotas(text, name: "query: quotas", limit: QuotaCurveRequest.maxQuotas)
            let pool = try PoolQuery(q, service: service, quota: quotas[0], quotaCount: quotas.count)
            let analysis = try QuotaCurveAnalysis(QuotaCurveRequest(edition: pool.edition, model: pool.model, quotas: quotas, settings: pool.settings))
            let result = try await service.budget.run { try Self.simulated { try analysis.run() } }
            return JSONResponse(Self.unrecorded(result.json)).response
        }
        api.post("rank") { request, _ in
            let q = try QueryParameters(request.uri.query, allowed: ["edition", "quota", "as_of"])
            guard let id = q["edition"] else { throw InputError(file: "query", "give edition=EDITION, e.g. edition=tianjin/2018") }
            let quota = try q.integer("quota", default: 0)
            guard quota >= 1 else { throw InputError(file: "query", key: "quota", "give a positive number of places (quota=PLACES)") }
            let edition = try service.library.book.edition(id)
            let asOf = try q.day(default: service.today())
            let bytes = try await Self.applicantList(request)
            let rank = RankRequest(edition: edition, applicants: .bytes(bytes, name: "applicants"), asOf: asOf, quota: quota,
                                   threads: SimulationBudget.threads)
            let library = service.library
            return JSONResponse(try await service.budget.run { try library.rank(rank).json }).response
        }
    }

    /// The CSV body of a rank request: 400 when empty or not UTF-8, 413 past `maxListBytes`.
    static func applicantList(_ request: Request) async throws -> [UInt8] {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: SimulationBudget.maxListBytes)
        } catch let error as HTTPResponseError where error.status == .contentTooLarge {
            throw RequestFailure(status: .contentTooLarge, message: "applicants: the list is larger than \(SimulationBudget.maxListBytes / 1024 / 1024) MB, the most this server ranks; run jifen rank locally")
        }
        let bytes = Array(buffer.readableBytesView)
        guard !bytes.isEmpty else {
            throw RequestFailure(status: .badRequest, message: "applicants: expected the applicant list as CSV (text/csv) in the request body")
        }
        guard String(bytes: bytes, encoding: .utf8) != nil else {
            throw RequestFailure(status: .badRequest, message: "applicants: the request body is not UTF-8 text")
        }
        return bytes
    }

    /// Runs a simulation; a run that cannot go ahead is bad input (422), as the CLI exits 2.
    static func simulated<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as SimulationError { throw InputError(file: "query", error.description) }
    }

    /// The document with `"run_id": null`, as the CLI prints it under `--no-store`.
    static func unrecorded(_ json: JSON) -> JSON {
        guard case .object(let pairs) = json else { return json }
        return .object(pairs + [("run_id", .null)])
    }
}
