import Foundation
import Hummingbird
import JifenAnalyses
import JifenPolicy
import JifenServer
import JifenTestSupport
import Testing

/// Every route and error path of `jifen serve`, in process: status codes, the one-sentence
/// messages, the security headers, and the API's documents against the CLI's `--format json`.
@Suite struct RouteTests: RouteTesting {
    static let library = Result { try RuleLibrary.load(directory: Fixtures.datasets.appendingPathComponent("rules"), compileAll: true) }
    static let asOf = "2024-06-01"
    static let profilePath = "datasets/profiles/young-graduate-renting.yaml"

    /// The example profile as the JSON body a client sends.
    static func profileJSON(_ path: String = profilePath) throws -> String {
        let tree = try Tree.load(Fixtures.packageRoot.appendingPathComponent(path))
        return Self.json(tree).serialized()
    }

    static func json(_ tree: Tree) -> JSON {
        switch tree.value {
        case .null: return .null
        case .list(let items): return .array(items.map(json))
        case .map(let pairs): return .object(pairs.map { ($0.key, json($0.value)) })
        case .scalar(let s, let quoted):
            if !quoted, s == "true" || s == "false" { return .bool(s == "true") }
            if !quoted, let d = Double(s) { return .number(d) }
            return .string(s)
        }
    }

    static func text(_ r: RouteClient.Reply) -> String { String(buffer: r.body) }

    static func errorSentence(_ r: RouteClient.Reply) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(text(r).utf8)) as? [String: Any]
        return try #require(object?["error"] as? String)
    }

    // MARK: The API answers with the CLI's documents, byte for byte

    @Test func compareIsTheCLIsJSON() async throws {
        let expected = try cli("compare", "--profile", Self.profilePath, "--as-of", Self.asOf, "--format", "json")
        let body = try Self.profileJSON()
        try await withClient { client in
            try await client.execute(uri: "/api/v1/compare?as_of=\(Self.asOf)", method: .post, body: ByteBuffer(string: body)) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType] == "application/json; charset=utf-8")
                #expect(Self.text(r) == expected)
            }
        }
    }

    @Test func scoreIsTheCLIsJSONForACityAndForAnEdition() async throws {
        let body = try Self.profileJSON("datasets/profiles/skilled-worker-homeowner.yaml")
        let byCity = try cli("score", "--profile", "datasets/profiles/skilled-worker-homeowner.yaml", "--city", "tianjin",
                             "--as-of", "2019-06-01", "--format", "json")
        let byEdition = try cli("score", "--profile", "datasets/profiles/skilled-worker-homeowner.yaml", "--edition", "tianjin/2016",
                                "--as-of", "2019-06-01", "--format", "json")
        try await withClient { client in
            try await client.execute(uri: "/api/v1/score?city=tianjin&as_of=2019-06-01", method: .post, body: ByteBuffer(string: body)) { r in
                #expect(r.status == .ok)
                #expect(Self.text(r) == byCity)
            }
            try await client.execute(uri: "/api/v1/score?edition=tianjin%2F2016&as_of=2019-06-01", method: .post, body: ByteBuffer(string: body)) { r in
                #expect(Self.text(r) == byEdition)
            }
        }
    }

    @Test func planIsTheCLIsJSON() async throws {
        let expected = try cli("plan", "--profile", Self.profilePath, "--as-of", Self.asOf, "--years", "6", "--cities", "hangzhou,tianjin", "--format", "json")
        let body = try Self.profileJSON()
        try await withClient { client in
            try await client.execute(uri: "/api/v1/plan?as_of=\(Self.asOf)&years=6&cities=hangzhou,tianjin", method: .post, body: ByteBuffer(string: body)) { r in
                #expect(r.status == .ok)
                #expect(Self.text(r) == expected)
            }
        }
    }

    @Test func rulesEndpointsAreTheCLIsJSON() async throws {
        let list = try cli("rules", "list", "--format", "json")
        let show = try cli("rules", "show", "tianjin/2018", "--format", "json")
        let diff = try cli("rules", "diff", "tianjin/2018", "tianjin/2020", "--format", "json")
        let matrix = try cli("rules", "matrix", "--as-of", Self.asOf, "--format", "json")
        let named = try cli("rules", "matrix", "--editions", "tianjin/2016,tianjin/2022", "--format", "json")
        let all = try cli("rules", "matrix", "--all", "--format", "json")
        try await withClient { client in
            for (uri, expected) in [("/api/v1/rules", list), ("/api/v1/rules/tianjin/2018", show),
                                    ("/api/v1/rules/diff?from=tianjin/2018&to=tianjin/2020", diff),
                                    ("/api/v1/rules/matrix", matrix), ("/api/v1/rules/matrix?editions=tianjin/2016,tianjin/2022", named),
                                    ("/api/v1/rules/matrix?all=true", all)] {
                try await client.execute(uri: uri, method: .get) { r in
                    #expect(r.status == .ok, "\(uri)")
                    #expect(Self.text(r) == expected, "\(uri)")
                }
            }
        }
    }

    @Test func hugeAmountsAreRefusedWithTheirBound() async throws {
        // Found by schemathesis: amounts of 1e15 and more printed as "5970334825455306." and
        // past 1e302 as "inf" (neither is JSON). Profiles now cap amounts at 1e12 yuan (the JSON
        // writer's own fix is tested with the writer), so such a body is a 422 naming the field.
        let body = #"{"volunteer_hours": 5.970334825455306e+16, "donation_yuan": 8.283319189150783e+307}"#
        try await withClient { client in
            try await client.execute(uri: "/api/v1/score?edition=hangzhou/2018&as_of=2019-01-01", method: .post, body: ByteBuffer(string: body)) { r in
                #expect(r.status == .unprocessableContent)
                #expect(Self.text(r).contains("volunteer_hours") || Self.text(r).contains("donation_yuan"), "\(Self.text(r))")
            }
        }
    }

    // MARK: Errors: one sentence, the right status

    @Test func aBadProfileFieldIs422WithTheCLIsSentence() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("profile")
        let body = #"{"education": {"level": "bachelors"}, "places": {"tianjin": {"insured_months": -3}}}"#
        try body.write(to: file, atomically: true, encoding: .utf8)
        // The CLI names the file as given; the API names the body "profile": the same sentence.
        let r = try Fixtures.run("jifen", ["compare", "--profile", "profile", "--as-of", Self.asOf], in: dir)
        #expect(r.status == 2)
        try await withClient { client in
            try await client.execute(uri: "/api/v1/compare?as_of=\(Self.asOf)", method: .post, body: ByteBuffer(string: body)) { resp in
                #expect(resp.status == .unprocessableContent)
                let sentence = try Self.errorSentence(resp)
                #expect("jifen: " + sentence + "\n" == r.stderr)
                #expect(sentence.contains("education.level") && sentence.contains("did you mean 'bachelor'"))
            }
        }
    }

    @Test func malformedJSONIs400() async throws {
        try await withClient { client in
            for body in [#"{"education": {"level": "bachelor"}"#, "[1, 2]", "", "birth_date: 2000-01-01"] {
                try await client.execute(uri: "/api/v1/compare", method: .post, body: ByteBuffer(string: body)) { r in
                    #expect(r.status == .badRequest, "\(body)")
                    let sentence = try Self.errorSentence(r)
                    #expect(sentence.hasPrefix("profile"), "\(sentence)")
                }
            }
        }
    }

    @Test func aBodyPastTheLimitIs413() async throws {
        let big = "{\"volunteer_hours\": 1" + String(repeating: " ", count: WebService.maxBodyBytes) + "}"
        try await withClient { client in
            try await client.execute(uri: "/api/v1/score?city=tianjin", method: .post, body: ByteBuffer(string: big)) { r in
                #expect(r.status == .contentTooLarge)
                let sentence = try Self.errorSentence(r)
                #expect(sentence.contains("64 KB"))
            }
        }
    }

    @Test func badQueryParametersAre422NamingTheParameter() async throws {
        let body = try Self.profileJSON()
        let cases: [(String, String)] = [
            ("/api/v1/compare?as_of=2024-13-01", "as_of"),
            ("/api/v1/compare?asof=2024-06-01", "asof"),
            ("/api/v1/compare?cities=hangzou", "did you mean 'hangzhou'"),
            ("/api/v1/score", "city=CITY or edition=EDITION"),
            ("/api/v1/score?edition=tianjin/2019", "unknown edition 'tianjin/2019'"),
            ("/api/v1/plan?years=41", "between 0 and 40"),
            ("/api/v1/plan?years=ten", "years"),
            ("/api/v1/compare?as_of=2024-06-01&as_of=2024-07-01", "more than once"),
        ]
        try await withClient { client in
            for (uri, fragment) in cases {
                try await client.execute(uri: uri, method: .post, body: ByteBuffer(string: body)) { r in
                    #expect(r.status == .unprocessableContent, "\(uri)")
                    let sentence = try Self.errorSentence(r)
                    #expect(sentence.contains(fragment), "\(uri): \(sentence)")
                }
            }
            for (uri, fragment) in [("/api/v1/rules/tianjin/2019", "unknown edition"), ("/api/v1/rules/diff?from=tianjin/2018", "from=EDITION"),
                                    ("/api/v1/rules/matrix?as_of=1990-01-01", "no edition is in force"), ("/api/v1/rules?x=1", "unknown parameter")] {
                try await client.execute(uri: uri, method: .get) { r in
                    #expect(r.status == .unprocessableContent, "\(uri)")
                    let sentence = try Self.errorSentence(r)
                    #expect(sentence.contains(fragment), "\(uri): \(sentence)")
                }
            }
        }
    }

    @Test func unknownRoutesAre404AndNoRouteReadsAFile() async throws {
        try await withClient { client in
            for uri in ["/api/v1/nothing", "/api/v1/rules/..%2F..%2Fetc/passwd", "/datasets/rules/tianjin/2018.yaml", "/../Package.swift"] {
                try await client.execute(uri: uri, method: .get) { r in
                    #expect(r.status == .notFound || r.status == .unprocessableContent, "\(uri)")
                    #expect(!Self.text(r).contains("root:"), "\(uri)")
                }
            }
            try await client.execute(uri: "/api/v1/compare", method: .get) { r in
                #expect(r.status.code >= 400 && r.status.code < 500)
            }
        }
    }

    // MARK: Headers, health, the OpenAPI document

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        try await withClient { client in
            for uri in ["/", "/rules", "/healthz", "/api/v1/rules", "/nowhere", "/style.css"] {
                try await client.execute(uri: uri, method: .get) { r in
                    let csp = try #require(r.headers[.contentSecurityPolicy], "\(uri)")
                    #expect(csp.contains("default-src 'none'") && !csp.contains("unsafe"), "\(uri)")
                    #expect(r.headers[.xContentTypeOptions] == "nosniff")
                    #expect(r.headers[.init("Referrer-Policy")!] == "no-referrer")
                    #expect(r.headers[.init("X-Frame-Options")!] == "DENY")
                }
            }
            try await client.execute(uri: "/", method: .get) { r in #expect(r.headers[.cacheControl] == "no-store") }
        }
    }

    @Test func healthzCountsTheLoadedEditions() async throws {
        let count = try Self.library.get().book.editions.count
        try await withClient { client in
            try await client.execute(uri: "/healthz", method: .get) { r in
                #expect(r.status == .ok)
                let object = try JSONSerialization.jsonObject(with: Data(Self.text(r).utf8)) as? [String: Any]
                #expect(object?["status"] as? String == "ok")
                #expect(object?["editions"] as? Int == count)
            }
        }
    }

    @Test func theOpenAPIDocumentListsExactlyTheAPIRoutes() async throws {
        try await withClient { client in
            let document = try await client.execute(uri: "/openapi.json", method: .get) { r in
                #expect(r.status == .ok)
                return try #require(JSONSerialization.jsonObject(with: Data(Self.text(r).utf8)) as? [String: Any])
            }
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            #expect(Set(paths.keys) == ["/healthz", "/api/v1/score", "/api/v1/compare", "/api/v1/plan", "/api/v1/rules",
                                        "/api/v1/rules/{city}/{edition}", "/api/v1/rules/diff", "/api/v1/rules/matrix",
                                        "/api/v1/simulate", "/api/v1/quota-curve", "/api/v1/rank"])
            let profile = try Self.profileJSON()
            let list = "id,birth_date,places.tianjin.insured_months\na1,1990-01-01,60\n"
            let queries = ["diff": "?from=tianjin/2018&to=tianjin/2020", "score": "?city=tianjin",
                           "simulate": "?edition=tianjin/2018&quota=100&pool=1000&replicates=4",
                           "quota-curve": "?edition=tianjin/2018&quotas=100:300:100&pool=1000&replicates=4",
                           "rank": "?edition=tianjin/2018&quota=1&as_of=2019-06-01"]
            for (path, operations) in paths {
                let uri = path.replacingOccurrences(of: "{city}", with: "tianjin").replacingOccurrences(of: "{edition}", with: "2018")
                    + (queries[String(path.split(separator: "/").last!)] ?? "")
                let body = path.hasSuffix("rank") ? list : profile
                for method in operations.keys {
                    try await client.execute(uri: uri, method: method == "post" ? .post : .get,
                                             body: method == "post" ? ByteBuffer(string: body) : nil) { r in
                        #expect(r.status == .ok, "\(method) \(uri)")
                    }
                }
            }
        }
    }
}
