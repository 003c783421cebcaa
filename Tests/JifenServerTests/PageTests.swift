import Foundation
import Hummingbird
import JifenAnalyses
import JifenPolicy
import JifenServer
import JifenTestSupport
import Testing

/// The applicant page and the rule explorer: forms, results against the CLI, sizes, no scripts.
@Suite struct PageTests {
    func withClient(_ body: (RouteClient) async throws -> Void) async throws {
        let service = WebService(library: try RouteTests.library.get(), today: { Day("2024-06-01")! })
        try await body(RouteClient(responder: service.router().buildResponder()))
    }

    /// A form submission and the profile file it stands for, written by hand.
    static let query = "birth_date=1990-03-01&education=master&full_time=on&diploma=on&degree=on&title=intermediate&skill=none"
        + "&married=true&place=tianjin&insured_months=60&provident_fund_months=60&residence_months=60&employed=on"
        + "&employed_months=60&employer_months=36&occupation_tier=none&income_tax_yuan=&rented_months=&home_since=2019-05-01"
        + "&home_district=hexi&settle_district=&volunteer_hours=&blood_donation_cc=800&donation_yuan=&as_of=2024-06-01&years=10"
    static let profileYAML = """
        birth_date: 1990-03-01
        education: {level: master, full_time: true, diploma: true, degree: true}
        title: intermediate
        skill: none
        married: true
        places:
          tianjin:
            insured_months: 60
            provident_fund_months: 60
            residence_months: 60
            employed: true
            employed_months: 60
            employer_months: 36
            occupation_tier: none
            home: {since: 2019-05-01, district: hexi}
        blood_donation_cc: 800

        """

    static func write(_ text: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-pages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("profile.yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// Each city's total from `jifen compare --format json` on `profile`.
    static func cliTotals(_ profile: URL) throws -> [String: Double] {
        let r = try Fixtures.run("jifen", ["compare", "--profile", profile.path, "--as-of", "2024-06-01", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let cities = try #require(object["cities"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: cities.map { ($0["city"] as! String, $0["total"] as! Double) })
    }

    static func assertSelfContained(_ html: String, _ what: String) {
        #expect(html.utf8.count < 100_000, "\(what) is \(html.utf8.count) bytes")
        #expect(!html.contains("<script"), "\(what)")
        #expect(!html.contains("src=\"http") && !html.contains("href=\"//"), "\(what)")
        #expect(!html.contains("stylesheet\" href=\"http"), "\(what)")
    }

    @Test func theEmptyFormHasALabelAndDefaultForEveryField() async throws {
        try await withClient { client in
            try await client.execute(uri: "/", method: .get) { r in
                #expect(r.status == .ok)
                let html = String(buffer: r.body)
                Self.assertSelfContained(html, "/")
                for name in ["birth_date", "education", "title", "skill", "married", "place", "insured_months", "residence_months",
                             "rented_months", "home_since", "as_of", "years"] {
                    #expect(html.contains("<label for=\"f-\(name)\">"), "\(name) has no label")
                    #expect(html.contains("id=\"f-\(name)\""), "\(name) has no control")
                }
                #expect(html.contains("name=\"as_of\" value=\"2024-06-01\""))
                #expect(!html.contains("id=\"results\""))
            }
        }
    }

    @Test func aSubmittedFormGivesTheCLIsTotalsPerCity() async throws {
        let totals = try Self.cliTotals(try Self.write(Self.profileYAML))
        try await withClient { client in
            try await client.execute(uri: "/?" + Self.query, method: .get) { r in
                #expect(r.status == .ok)
                let html = String(buffer: r.body)
                Self.assertSelfContained(html, "the result page")
                #expect(!totals.isEmpty)
                for (city, total) in totals {
                    let card = try #require(html.range(of: "id=\"city-\(city)\""), "no card for \(city)")
                    let rest = html[card.upperBound...]
                    #expect(rest.contains("<span class=\"total\">\(JSON.format(total))</span>"), "\(city): \(total)")
                }
                #expect(html.contains(ScoreCard.disclaimer))
                #expect(html.contains("tianjin/2022"), "the disclaimer names each edition")
                #expect(html.contains("id=\"plan\""))
                #expect(html.contains("conf-verbatim") || html.contains("conf-paraphrased"))
                // The form keeps what was entered.
                #expect(html.contains("name=\"insured_months\" value=\"60\""))
            }
        }
    }

    @Test func theExportedProfileScoresTheSameThroughTheCLI() async throws {
        let expected = try Self.cliTotals(try Self.write(Self.profileYAML))
        try await withClient { client in
            let yaml = try await client.execute(uri: "/profile.yaml?" + Self.query, method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentDisposition]?.contains("attachment") == true)
                return String(buffer: r.body)
            }
            #expect(try Self.cliTotals(try Self.write(yaml)) == expected)
        }
    }

    @Test func anImportedFileScoresLikeTheFileLessWhatTheFormCannotShow() async throws {
        let text = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent(RouteTests.profilePath), encoding: .utf8)
        // The form has no field for these three values; the CLI scores the file without them.
        let dropped = ["foreign_certified: false", "permit_endorsements: 4", "invested_enterprise: false"]
        var trimmed = text.replacingOccurrences(of: ", foreign_certified: false", with: "")
        for line in dropped.dropFirst() { trimmed = trimmed.replacingOccurrences(of: "    \(line)\n", with: "") }
        #expect(trimmed.count < text.count - 40)
        let expected = try Self.cliTotals(try Self.write(trimmed))
        let body = "profile=" + text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        try await withClient { client in
            try await client.execute(uri: "/import", method: .post, body: ByteBuffer(string: body)) { r in
                #expect(r.status == .ok)
                let html = String(buffer: r.body)
                #expect(html.contains("so they were left out: education.foreign_certified, places.hangzhou.permit_endorsements, places.hangzhou.invested_enterprise."))
                for (city, total) in expected {
                    let card = try #require(html.range(of: "id=\"city-\(city)\""), "no card for \(city)")
                    #expect(html[card.upperBound...].contains("<span class=\"total\">\(JSON.format(total))</span>"), "\(city)")
                }
            }
            try await client.execute(uri: "/import", method: .post, body: ByteBuffer(string: "profile=title%3A+professor")) { r in
                #expect(r.status == .unprocessableContent)
                #expect(String(buffer: r.body).contains("profile.yaml:1: title: unknown level 'professor'"))
            }
        }
    }

    @Test func aBadFieldReshowsTheFormWithTheSentence() async throws {
        try await withClient { client in
            let query = Self.query.replacingOccurrences(of: "insured_months=60", with: "insured_months=-3")
            try await client.execute(uri: "/?" + query, method: .get) { r in
                #expect(r.status == .unprocessableContent)
                let html = String(buffer: r.body)
                #expect(html.contains("role=\"alert\">form: places.tianjin.insured_months: months cannot be negative (found -3)</p>"))
                #expect(html.contains("<form class=\"profile\""))
            }
            try await client.execute(uri: "/?place=atlantis", method: .get) { r in
                #expect(r.status == .unprocessableContent)
                #expect(String(buffer: r.body).contains("form: place: choose one of"))
            }
            try await client.execute(uri: "/?nickname=x", method: .get) { r in
                #expect(r.status == .unprocessableContent)
                #expect(String(buffer: r.body).contains("query: nickname: unknown parameter"))
            }
        }
    }

    @Test func theRuleExplorerShowsEveryValueWithItsSource() async throws {
        let library = try RouteTests.library.get()
        try await withClient { client in
            try await client.execute(uri: "/rules", method: .get) { r in
                #expect(r.status == .ok)
                let html = String(buffer: r.body)
                Self.assertSelfContained(html, "/rules")
                for e in library.book.editions { #expect(html.contains("href=\"/rules/\(e.id)\"")) }
            }
            for e in library.book.editions {
                try await client.execute(uri: "/rules/\(e.id)", method: .get) { r in
                    #expect(r.status == .ok, "\(e.id)")
                    let html = String(buffer: r.body)
                    Self.assertSelfContained(html, e.id)
                    for p in e.parameters {
                        #expect(html.contains("<td>\(escaped(p.path))</td>"), "\(e.id) \(p.path)")
                        if let range = p.range {
                            #expect(html.contains("\(JSON.format(range.lowerBound))–\(JSON.format(range.upperBound))"), "\(e.id) \(p.path)")
                        }
                    }
                }
            }
            try await client.execute(uri: "/rules/diff?from=tianjin/2018&to=tianjin/2020", method: .get) { r in
                #expect(r.status == .ok)
                let html = String(buffer: r.body)
                Self.assertSelfContained(html, "diff")
                let diff = try library.diff(from: "tianjin/2018", to: "tianjin/2020")
                #expect(html.contains("\(diff.entries.count) 处不同"))
            }
            try await client.execute(uri: "/rules/matrix?all=true", method: .get) { r in
                #expect(r.status == .ok)
                Self.assertSelfContained(String(buffer: r.body), "matrix")
            }
            try await client.execute(uri: "/rules/tianjin/1999", method: .get) { r in
                #expect(r.status == .unprocessableContent)
                #expect(r.headers[.contentType]?.hasPrefix("text/html") == true)
            }
        }
    }

    func escaped(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// The applicant page's chart and chance of admission, and the planner page.
@Suite struct SimulationPageTests: RouteTesting {
    /// A Tianjin couple (datasets/profiles/family-couple-tianjin.yaml as far as the form goes):
    /// eligible in Tianjin, which ranks applicants against a quota.
    static let query = "birth_date=1987-11-05&education=bachelor&full_time=on&diploma=on&degree=on&title=intermediate&skill=none"
        + "&married=true&place=tianjin&insured_months=84&provident_fund_months=84&residence_months=90&employed=on&employed_months=84"
        + "&employer_months=84&occupation_tier=short&income_tax_yuan=45000&rented_months=24&home_since=2021-05-20&home_district=binhai"
        + "&settle_district=binhai&volunteer_hours=16&blood_donation_cc=&donation_yuan=&as_of=2024-06-01&years=10"

    @Test func theResultPageDrawsTheCompareChartAndTheCLIsChances() async throws {
        try await withClient { client in
            let yaml = try await client.execute(uri: "/profile.yaml?" + Self.query, method: .get) { r in
                #expect(r.status == .ok)
                return String(buffer: r.body)
            }
            let r = try Fixtures.run("jifen", ["compare", "--profile", try PageTests.write(yaml).path, "--as-of", "2024-06-01", "--format", "json"])
            #expect(r.status == 0, "\(r.stderr)")
            let object = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            let chances = try #require(object["chances"] as? [[String: Any]])
            #expect(!chances.isEmpty, "the example applicant is eligible in a city that ranks against a quota")
            try await client.execute(uri: "/?" + Self.query, method: .get) { r in
                #expect(r.status == .ok)
                let html = String(buffer: r.body)
                PageTests.assertSelfContained(html, "the result page with its chart")
                #expect(html.contains("<svg") && html.contains("role=\"img\"") && html.contains("<title>"))
                #expect(!html.contains("<?xml"), "the SVG is inline, without an XML declaration")
                #expect(html.contains("不符合条件 not eligible"), "ineligible cities are marked on the chart")
                for chance in chances {
                    #expect(html.contains(chance["text"] as! String), "\(chance)")
                }
            }
        }
    }

    @Test func thePlannerShowsTheCLIsQuotaCurve() async throws {
        let r = try Fixtures.run("jifen", ["quota-curve", "--edition", "tianjin/2018", "--quotas", "200:1200:200", "--pool", "3000",
                                           "--replicates", "12", "--seed", "7", "--format", "json", "--no-store"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let medians = try #require(object["points"] as? [[String: Any]]).map { $0["median"] as! Double }
        try await withClient { client in
            try await client.execute(uri: "/planner", method: .get) { r in
                #expect(r.status == .ok)
                let html = String(buffer: r.body)
                PageTests.assertSelfContained(html, "/planner")
                for name in ["edition", "pool", "replicates", "seed", "from", "to", "step"] {
                    #expect(html.contains("<label for=\"p-\(name)\">"), "\(name) has no label")
                }
                #expect(html.contains("not recorded"))
            }
            let uri = "/planner?edition=tianjin%2F2018&pool=3000&replicates=12&seed=7&from=200&to=1200&step=200"
            try await client.execute(uri: uri, method: .get) { r in
                #expect(r.status == .ok)
                let html = String(buffer: r.body)
                PageTests.assertSelfContained(html, "the planner's result")
                let cells = html.components(separatedBy: "<td class=\"num cutoff\">").dropFirst().map { String($0.prefix { $0 != "<" }) }
                #expect(cells == medians.map { JSON.format(($0 * 100).rounded() / 100) })
                #expect(html.contains("<svg") && html.contains("covers"))
                #expect(html.contains(ScoreCard.disclaimer) || html.contains("Simulation, not an official result"))
            }
        }
    }

    @Test func thePlannerRefusesBadAndOversizedRequestsWithTheForm() async throws {
        try await withClient { client in
            for (uri, status, fragment) in [
                ("/planner?edition=tianjin%2F2018&from=5&to=1&step=1", HTTPResponse.Status.unprocessableContent, "FROM:TO:STEP"),
                ("/planner?edition=tianjin%2F2018&from=100&to=200&step=100&pool=200000", .contentTooLarge, "100000"),
                ("/planner?edition=tianjin%2F2018&from=100&to=200&step=100&pools=2", .unprocessableContent, "unknown parameter"),
            ] {
                try await client.execute(uri: uri, method: .get) { r in
                    #expect(r.status == status, "\(uri)")
                    let html = String(buffer: r.body)
                    #expect(html.contains("role=\"alert\"") && html.contains(fragment), "\(uri)")
                }
            }
        }
    }
}
