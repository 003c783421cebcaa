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
