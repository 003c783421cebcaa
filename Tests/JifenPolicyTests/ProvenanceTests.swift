import Foundation
@testable import JifenPolicy
import JifenTestSupport
import Testing

/// What `rules check` enforces on citations (docs/rulebook-format.md, "Bibliography"): each rule
/// with a book that breaks it, rejected with file, line and key.
@Suite struct ProvenanceTests {
    /// The fixture without its own `sources:`, citing `doc` from a bibliography instead.
    static let book = TestRules.base.replacingOccurrences(
        of: "sources:\n  doc: {title: Test table, url: \"https://example.org/table\", kind: official_text, language: en}\n", with: "")

    static let bibliography = """
    # The test bibliography.
    doc:
      title: 测试积分表
      title_en: Test table
      issuer: Test city
      url: https://example.org/table
      kind: reproduction
      language: zh
      covers: [testcity/2020]
    mt:
      title: Test table, machine translation
      title_en: Test table (machine translation)
      issuer: translating page
      url: https://example.org/mt
      kind: machine_translation
      language: en
      covers: [testcity/2020]
    later:
      title: 2022 summary
      title_en: Summary of the 2022 rules
      issuer: a third-party page
      url: https://example.org/2022
      kind: secondary_page
      language: zh
      covers: [testcity/2022]
    """

    /// Loads a folder with the bibliography and the given books; the error it gives, if any.
    static func error(_ files: [String: String]) throws -> InputError? {
        var all = files
        if all["sources.yaml"] == nil { all["sources.yaml"] = bibliography }
        do {
            _ = try TestRules(all).load()
            return nil
        } catch let e as InputError {
            return e
        }
    }

    static func edit(_ old: String, _ new: String) -> String {
        let text = book.replacingOccurrences(of: old, with: new)
        #expect(text != book, "the replacement must change the fixture")
        return text
    }

    @Test func shippedFixtureLoadsFromTheBibliography() throws {
        let folder = try TestRules(["testcity/2020.yaml": Self.book, "sources.yaml": Self.bibliography])
        let e = try folder.load().edition("testcity/2020")
        #expect(e.sources.map(\.id) == ["doc"], "an edition lists the entries it cites")
        #expect(e.source("doc")?.title == "测试积分表")
        #expect(e.source("doc")?.document == "Test table")
        #expect(e.flags.isEmpty)
    }

    @Test func citedIdMustBeInTheBibliography() throws {
        let e = try Self.error(["testcity/2020.yaml": Self.edit(#"{source: doc, clause: "art. 8""#, #"{source: dox, clause: "art. 8""#)])
        #expect(e?.file.hasSuffix("testcity/2020.yaml") == true)
        #expect(e?.line == 81)
        #expect(e?.key == "indicators[6].cite.source")
        #expect(e?.message.contains("did you mean 'doc'") == true, "\(String(describing: e))")
    }

    @Test func aBookInAFolderWithABibliographyDeclaresNoSources() throws {
        let e = try Self.error(["testcity/2020.yaml": TestRules.base])
        #expect(e?.file.hasSuffix("testcity/2020.yaml") == true)
        #expect(e?.line == 9)
        #expect(e?.key == "sources")
        #expect(e?.message.contains("bibliography") == true, "\(String(describing: e))")
    }

    /// Names of documents outside the repository, for the checks that must refuse them. They are
    /// assembled from parts so that the repository itself never spells one out.
    static let outside = (
        seedFile: ["004", "eb13da44e51d249a"].joined(separator: "_") + ".txt",
        seedLower: ["se", "ed 004"].joined(),
        seedTight: ["Se", "ed004"].joined(),
        survey: ["Re", "search doc"].joined(),
        surveyFile: ["policy", "sources"].joined(separator: "-")
    )

    @Test(arguments: [
        ("# values from /home/ann/notes/tables.md §3.1", "an absolute path"),
        ("# see ../notes/tables.md", "a path outside the folder"),
        ("# item 3 of " + ProvenanceTests.outside.seedFile, "a local seed file name"),
        ("# as " + ProvenanceTests.outside.seedLower + " says", "a local seed document"),
        ("# values from the " + ProvenanceTests.outside.survey + ", 3.4", "an unpublished survey"),
    ])
    func commentsMustNotPointOutsideTheRepository(comment: String, what: String) throws {
        let e = try Self.error(["testcity/2020.yaml": Self.edit("city: testcity\n", "city: testcity\n\(comment)\n")])
        #expect(e?.file.hasSuffix("testcity/2020.yaml") == true)
        #expect(e?.line == 3)
        #expect(e?.message.contains(what) == true, "\(String(describing: e))")
    }

    /// The regular expressions run only on lines with a marker: every line a pattern matches has
    /// one (crafted lines, and every line of the shipped rule books).
    @Test func aLineWithoutAMarkerMatchesNoPattern() throws {
        let regexes = OutsideReference.patterns.map { try! Regex($0.regex) }
        let o = Self.outside
        let crafted = ["see /home/a/b", "x=\"/tmp/y", "\t/opt/z/", "a ../b", "file:///c", o.seedFile,
                       o.seedTight, "as " + o.seedLower + " says", o.survey, "the " + o.survey.lowercased(), o.surveyFile, "need 3 more",
                       "exceed 12", "seeds 004", "/workshop/", "home/x/", "a.tx", "policy sources", "国家 /srv/ 目录"]
        let books = Rulebook.editionFiles(in: Fixtures.datasets.appendingPathComponent("rules"))
            + [Fixtures.datasets.appendingPathComponent("rules/sources.yaml")]
        let shipped = try books.flatMap { try String(contentsOf: $0, encoding: .utf8).split(separator: "\n").map(String.init) }
        var matched = 0
        for line in crafted + shipped where regexes.contains(where: { line.firstMatch(of: $0) != nil }) {
            matched += 1
            #expect(OutsideReference.mayRefer(line[...]), "\(line)")
        }
        #expect(matched == 12)
    }

    @Test func theBibliographyMustNotPointOutsideTheRepository() throws {
        let bib = Self.bibliography.replacingOccurrences(of: "issuer: Test city", with: "issuer: Test city\n  site: /home/someone/notes")
        let e = try Self.error(["testcity/2020.yaml": Self.book, "sources.yaml": bib])
        #expect(e?.file.hasSuffix("sources.yaml") == true)
        #expect(e?.line == 6)
        #expect(e?.message.contains("an absolute path") == true, "\(String(describing: e))")
    }

    @Test func aVerbatimClauseIsInItsSourcesLanguage() throws {
        let e = try Self.error(["testcity/2020.yaml": Self.edit(#"{source: doc, clause: "art. 5", confidence: verbatim}"#,
                                                                  #"{source: mt, clause: "第五条 每年1分", confidence: verbatim}"#)])
        #expect(e?.line == 52)
        #expect(e?.key == "indicators[3].cite.clause")
        #expect(e?.message.contains("'mt' is en") == true, "\(String(describing: e))")
        // The same words labelled paraphrased are a reading, not a quote: accepted.
        #expect(try Self.error(["testcity/2020.yaml": Self.edit(#"{source: doc, clause: "art. 5", confidence: verbatim}"#,
                                                                  #"{source: mt, clause: "第五条 每年1分", confidence: paraphrased}"#)]) == nil)
    }

    @Test func aVerbatimClauseQuotesOneSource() throws {
        let e = try Self.error(["testcity/2020.yaml": Self.edit(#"{source: doc, clause: "art. 5", confidence: verbatim}"#,
                                                                  #"{source: doc, clause: "art. 5 (also mt art. 5)", confidence: verbatim}"#)])
        #expect(e?.key == "indicators[3].cite.clause")
        #expect(e?.line == 52)
        #expect(e?.message.contains("also names 'mt'") == true, "\(String(describing: e))")
    }

    @Test(arguments: [
        ("art. 5 (also mt art. 5)", "mt", true), ("mt", "mt", true), ("see mt.", "mt", true), ("第五条 mt 第五条", "mt", true),
        ("smt art. 5", "mt", false), ("mt_2 art. 5", "mt", false), ("mt-b art. 5", "mt", false), ("第五条mt", "mt", false),
        ("mt2, then mt", "mt", true), ("", "mt", false), ("mt", "", false),
    ])
    func aSourceIdIsNamedOnlyAsAWholeWord(text: String, id: String, named: Bool) {
        // Letters (any script), digits, `_` and `-` continue a name; anything else ends it.
        #expect(EditionDecoder.mentions(text, id) == named)
    }

    @Test func anInferredValueCarriesARange() throws {
        let e = try Self.error(["testcity/2020.yaml": Self.edit(
            "  - id: volunteering\n    name: Volunteering\n    group: bonus\n    kind: steps\n    input: volunteer_hours\n    start: 20",
            "  - id: volunteering\n    name: Volunteering\n    group: bonus\n    kind: steps\n    input: volunteer_hours\n    start: {value: 20, cite: {source: doc, clause: \"art. 7\", confidence: inferred}}")])
        #expect(e?.key == "indicators[5].start.value")
        #expect(e?.line == 68)
        #expect(e?.message.contains("an inferred value needs `range") == true, "\(String(describing: e))")
    }

    static let child = """
    id: testcity/2022
    extends: testcity/2020
    in_force: {from: 2022-01-01}
    threshold: {value: 60, cite: {source: later, clause: "2022 guidance score", confidence: paraphrased}}
    """

    @Test func aValueWrittenForAnEditionItsSourceDoesNotDocumentIsRejected() throws {
        let child = Self.child + "\nfloor: {value: 0, cite: {source: doc, clause: \"art. 2\", confidence: verbatim}}\n"
        let e = try Self.error(["testcity/2020.yaml": Self.book, "testcity/2022.yaml": child])
        #expect(e?.file.hasSuffix("testcity/2022.yaml") == true)
        #expect(e?.line == 5)
        #expect(e?.key == "floor.cite.source")
        #expect(e?.message.contains("'doc' documents testcity/2020, not testcity/2022") == true, "\(String(describing: e))")
        // Labelled inferred, with a range, it is accepted.
        let inferred = Self.child + "\nfloor: {value: 0, range: [0, 0], cite: {source: doc, clause: \"art. 2\", confidence: inferred}}\n"
        #expect(try Self.error(["testcity/2020.yaml": Self.book, "testcity/2022.yaml": inferred]) == nil)
    }

    @Test func aValueInheritedWithoutASourceForTheEditionIsFlagged() throws {
        let folder = try TestRules(["testcity/2020.yaml": Self.book, "testcity/2022.yaml": Self.child, "sources.yaml": Self.bibliography])
        let book = try folder.load()
        #expect(try book.edition("testcity/2020").flags.isEmpty)
        let flags = try book.edition("testcity/2022").flags
        #expect(flags.contains { $0.contains("testcity/2020.yaml:23: indicators[0].cite") && $0.contains("'doc'") }, "\(flags)")
        #expect(!flags.contains { $0.contains("threshold") }, "the child's own threshold cites a source for 2022")
    }

    @Test(arguments: [
        ("  url: https://example.org/table\n  kind: reproduction", "  url: https://example.org/table\n  kind: system_code", "at a commit"),
        ("  kind: reproduction", "  kind: rumour", "unknown kind 'rumour'"),
        ("  covers: [testcity/2020]\nmt:", "mt:", "needs `covers`"),
        ("  url: https://example.org/table\n", "", "needs a `url`, or a `site`"),
    ])
    func bibliographyEntriesAreComplete(old: String, new: String, message: String) throws {
        let bib = Self.bibliography.replacingOccurrences(of: old, with: new)
        #expect(bib != Self.bibliography)
        let e = try Self.error(["testcity/2020.yaml": Self.book, "sources.yaml": bib])
        #expect(e?.file.hasSuffix("sources.yaml") == true)
        #expect(e?.line != nil)
        #expect(e?.message.contains(message) == true, "\(String(describing: e))")
    }

    /// Shipped data: every rule book and the bibliography pass, nothing under datasets/ points
    /// outside the repository, and the docs name no local seed file or unpublished survey (their
    /// shell examples may use paths such as /tmp).
    @Test func shippedBooksAndDatasetsStayInsideTheRepository() throws {
        let book = try Rulebook.load(directory: Fixtures.datasets.appendingPathComponent("rules"))
        #expect(book.bibliography != nil)
        let fm = FileManager.default
        for dir in ["datasets", "docs"] {
            let root = Fixtures.packageRoot.appendingPathComponent(dir)
            for case let path as String in fm.enumerator(atPath: root.path)! where path.hasSuffix(".yaml") || path.hasSuffix(".csv") || path.hasSuffix(".md") {
                let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
                for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    guard let hit = OutsideReference.first(in: String(line)) else { continue }
                    if Self.staysInside(String(line), file: root.appendingPathComponent(path)) { continue }
                    let pathLike = hit.found.hasPrefix("an absolute path") || hit.found.hasPrefix("a path outside")
                    #expect(dir == "docs" && pathLike, "\(dir)/\(path):\(n + 1): \(hit.found)")
                }
            }
        }
    }

    /// True when every `../` path on the line resolves, from the file's folder, to a file inside
    /// the repository (a posterior naming its pool model as `../tianjin.yaml`).
    static func staysInside(_ line: String, file: URL) -> Bool {
        let paths = line.matches(of: #/(?:\.\./)+[\w./-]+/#).map { String(line[$0.range]) }
        guard !paths.isEmpty, !line.contains("/work"), !line.contains("shared") else { return false }
        let root = Fixtures.packageRoot.standardizedFileURL.path + "/"
        return paths.allSatisfy { p in
            let resolved = file.deletingLastPathComponent().appendingPathComponent(p).standardizedFileURL
            return resolved.path.hasPrefix(root) && FileManager.default.fileExists(atPath: resolved.path)
        }
    }
}
