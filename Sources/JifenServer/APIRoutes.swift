import Hummingbird
import JifenAnalyses
import JifenPolicy

/// `/api/v1/…`, `/healthz` and `/openapi.json`: the CLI's `--format json` documents over HTTP.
/// Options the CLI takes as flags travel as query parameters; a profile travels as the body.
struct APIRoutes {
    let service: WebService
    var library: RuleLibrary { service.library }

    func add(to router: Router<ServerContext>) {
        router.get("/healthz") { _, _ in
            JSONResponse(.object([("status", .string("ok")), ("editions", .number(Double(library.book.editions.count)))])).response
        }
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.text)))
        }
        let api = router.group("/api/v1")
        api.post("score") { request, context in
            let q = try QueryParameters(request.uri.query, allowed: ["city", "edition", "as_of"])
            let profile = try await ProfileBody.decode(request, context: context, today: service.today(), districts: service.districts)
            guard q["city"] != nil || q["edition"] != nil else {
                throw InputError(file: "query", "give city=CITY or edition=EDITION")
            }
            let asOf = try q.day(default: service.today())
            return JSONResponse(try library.score(ScoreRequest(profile: profile, city: q["city"], edition: q["edition"], asOf: asOf))).response
        }
        api.post("compare") { request, context in
            let q = try QueryParameters(request.uri.query, allowed: ["cities", "as_of"])
            let profile = try await ProfileBody.decode(request, context: context, today: service.today(), districts: service.districts)
            let asOf = try q.day(default: service.today())
            return JSONResponse(try library.compare(CompareRequest(profile: profile, cities: q.list("cities"), asOf: asOf, chances: service.rounds))).response
        }
        api.post("plan") { request, context in
            let q = try QueryParameters(request.uri.query, allowed: ["cities", "as_of", "years"])
            let profile = try await ProfileBody.decode(request, context: context, today: service.today(), districts: service.districts)
            let asOf = try q.day(default: service.today())
            let request = PlanRequest(profile: profile, years: try q.integer("years", default: 10), cities: q.list("cities"), asOf: asOf)
            return JSONResponse(try library.plan(request).json).response
        }
        api.get("rules") { request, _ in
            _ = try QueryParameters(request.uri.query, allowed: [])
            return JSONResponse(library.listing.json).response
        }
        api.get("rules/diff") { request, _ in
            let q = try QueryParameters(request.uri.query, allowed: ["from", "to"])
            guard let from = q["from"], let to = q["to"] else { throw InputError(file: "query", "give from=EDITION and to=EDITION") }
            return JSONResponse(try library.diff(from: from, to: to).json).response
        }
        api.get("rules/matrix") { request, _ in
            let q = try QueryParameters(request.uri.query, allowed: ["editions", "all", "as_of"])
            return JSONResponse(try library.matrix(try Self.matrixSelection(q, today: service.today())).json).response
        }
        api.get("rules/:city/:edition") { request, context in
            _ = try QueryParameters(request.uri.query, allowed: [])
            let id = "\(context.parameters.get("city") ?? "")/\(context.parameters.get("edition") ?? "")"
            return JSONResponse(try library.table(id).json).response
        }
        SimulationRoutes(service: service).add(to: api)
    }

    /// `all=true`, `editions=a,b`, or the editions in force on `as_of` (the CLI's precedence).
    static func matrixSelection(_ q: QueryParameters, today: Day) throws -> MatrixSelection {
        if try q.flag("all") { return .all }
        if let ids = q.list("editions") { return .named(ids) }
        return .inForce(try q.day(default: today))
    }
}
