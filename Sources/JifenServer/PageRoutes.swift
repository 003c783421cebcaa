import Hummingbird
import JifenAnalyses
import JifenPolicy

/// The HTML pages: the applicant page (profile in the query string, so a result is a link) and
/// the rule explorer; plus the stylesheet and the profile export.
struct PageRoutes {
    let service: WebService
    var library: RuleLibrary { service.library }

    /// Paths answered with HTML (errors there are pages too).
    static func isPage(_ path: String) -> Bool {
        !(path.hasPrefix("/api/") || path == "/healthz" || path == "/openapi.json" || path == "/profile.yaml")
    }

    func form() -> ApplicantForm {
        let today = service.today()
        return ApplicantForm(cities: Comparison.defaultCities(library.book, on: today), today: today)
    }

    func add(to router: Router<ServerContext>) {
        router.get("/style.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: StyleSheet.css)))
        }
        router.get("/") { request, _ in try applicant(query: request.uri.query) }
        router.get("/profile.yaml") { request, _ in
            let form = form()
            let query = try QueryParameters(request.uri.query, allowed: form.names)
            let document = try form.document(form.values(query))
            _ = try Profile.decode(document, today: service.today(), districts: service.districts)
            return Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8",
                                                   .contentDisposition: "attachment; filename=\"profile.yaml\""],
                            body: .init(byteBuffer: ByteBuffer(string: ProfileYAML.text(document))))
        }
        router.post("/import") { request, context in
            let buffer = try await request.body.collect(upTo: context.maxUploadSize)
            let fields = try QueryParameters(String(buffer: buffer), allowed: ["profile"])
            let form = form()
            let today = service.today()
            let imported = try ProfileImport(text: fields["profile"] ?? "", form: form, today: today, districts: service.districts)
            return try applicant(query: imported.query(form, asOf: today), leftOut: imported.leftOut)
        }
        router.get("/planner") { request, _ in try await PlannerPage(service: service).response(query: request.uri.query) }
        let explorer = RuleExplorerPages(library: library)
        router.get("/rules") { request, _ in
            _ = try QueryParameters(request.uri.query, allowed: [])
            return explorer.index.response()
        }
        router.get("/rules/diff") { request, _ in
            let q = try QueryParameters(request.uri.query, allowed: ["from", "to"])
            guard let from = q["from"], let to = q["to"] else { throw InputError(file: "query", "give from=EDITION and to=EDITION") }
            return explorer.diff(try library.diff(from: from, to: to)).response()
        }
        router.get("/rules/matrix") { request, _ in
            let q = try QueryParameters(request.uri.query, allowed: ["editions", "all", "as_of"])
            return explorer.matrix(try library.matrix(APIRoutes.matrixSelection(q, today: service.today()))).response()
        }
        router.get("/rules/:city/:edition") { request, context in
            _ = try QueryParameters(request.uri.query, allowed: [])
            let id = "\(context.parameters.get("city") ?? "")/\(context.parameters.get("edition") ?? "")"
            return explorer.edition(try library.table(id)).response()
        }
    }

    /// The form, and for a submitted one the results; bad input re-shows the form with the sentence (422).
    /// `leftOut` names the values of an imported file that the form cannot show.
    func applicant(query text: String?, leftOut: [String] = []) throws -> Response {
        let form = form()
        let query = try QueryParameters(text, allowed: form.names)
        let values = form.values(query)
        let page = ApplicantPage(form: form, values: values)
        guard !query.isEmpty else { return HTMLPage(title: "积分测算 Points check", body: page.formHTML()).response() }
        do {
            let profile = try Profile.decode(try form.document(values), today: service.today(), districts: service.districts)
            let asOf = try query.day(default: service.today())
            let years = try query.integer("years", default: 10)
            let compare = try library.compare(CompareRequest(profile: profile, asOf: asOf, chances: service.rounds))
            let plan = try library.plan(PlanRequest(profile: profile, years: years, asOf: asOf))
            var notice = ""
            if !leftOut.isEmpty {
                notice = "<p class=\"disclaimer\" role=\"status\">表单不含以下字段，已略去 The form has no field for these values of your file, "
                    + "so they were left out: \(HTMLPage.escape(leftOut.joined(separator: ", "))). "
                    + "Use <code>jifen compare --profile</code> or the API for the whole file. "
                    + "<a href=\"/?\(HTMLPage.escape(text ?? ""))\">本页网址 This result's address</a></p>\n"
            }
            let results = ApplicantPage.results(compare: compare, plan: plan, exportQuery: text ?? "")
            return HTMLPage(title: "积分测算结果 Your results", body: notice + results + page.formHTML(underResults: true)).response()
        } catch let error as InputError {
            let body = "<p class=\"error\" role=\"alert\">\(HTMLPage.escape(error.description))</p>\n" + page.formHTML()
            return HTMLPage(title: "请检查输入 Please check the form", body: body).response(status: .unprocessableContent)
        }
    }
}
