import Foundation
import JifenPolicy
import JifenTestSupport
import Testing

/// The hand-worked cases in datasets/cases, each scored by the engine; cases under
/// `datasets/cases/reforms/<reform id>/` score the edition with that reform applied.
@Suite struct CaseTests {
    static let rulebook = Result { try Rulebook.load(directory: Fixtures.datasets.appendingPathComponent("rules")) }
    static let cases = (try? RuleCase.all()) ?? []

    @Test func everyCaseFileLoads() throws {
        let all = try RuleCase.all()
        #expect(all.count >= 8 * 9, "at least 8 cases for each of the 9 editions")
        let book = try Self.rulebook.get()
        for edition in book.editions {
            #expect(all.filter { $0.edition == edition.id && $0.reform == nil }.count >= 8, "\(edition.id) has fewer than 8 cases")
        }
    }

    @Test func everyShippedReformHasHandWorkedCases() throws {
        let all = try RuleCase.all()
        let folder = Fixtures.datasets.appendingPathComponent("reforms")
        let reforms = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
        #expect(reforms.count >= 6)
        for file in reforms {
            let id = String(file.dropLast(".yaml".count))
            let cases = all.filter { $0.reform == id }
            #expect(cases.count >= 2, "reform \(id) has fewer than 2 hand-worked cases")
            // Filed under the reform's own folder, so that a reader finds them next to each other.
            #expect(cases.allSatisfy { $0.file.contains("/cases/reforms/\(id)/") }, "\(id): cases outside cases/reforms/\(id)/")
        }
    }

    @Test(arguments: cases)
    func caseMatchesHandWorkedCard(_ c: RuleCase) throws {
        let book = try Self.rulebook.get()
        let edition = try c.reform.map { id in
            try Reform.load(Fixtures.datasets.appendingPathComponent("reforms/\(id).yaml").path).apply(to: c.edition, in: book)
        } ?? book.edition(c.edition)
        let card = try Scorer(edition).score(c.profile, asOf: c.asOf)
        let byID = Dictionary(card.lines.map { ($0.indicator, $0) }, uniquingKeysWith: { a, _ in a })
        for expected in c.lines {
            let got = byID[expected.id]?.points ?? 0
            #expect(abs(got - expected.points) < 1e-9,
                    "\(c.name): \(expected.id) = \(got), expected \(expected.points) (\(expected.clause)); detail: \(byID[expected.id]?.detail ?? "no such line")")
            if let source = expected.source {
                #expect(byID[expected.id]?.citation.source == source,
                        "\(c.name): \(expected.id) cites \(byID[expected.id]?.citation.source ?? "nothing"), expected \(source)")
            }
        }
        let pinned = Set(c.lines.map(\.id))
        for line in card.lines where line.points != 0 && !pinned.contains(line.indicator) && line.indicator != "floor" {
            Issue.record("\(c.name): unexpected line \(line.indicator) = \(line.points) (\(line.detail))")
        }
        #expect(abs(card.total - c.total) < 1e-9, "\(c.name): total \(card.total), expected \(c.total)")
        #expect(card.eligible == c.eligible, "\(c.name): eligible \(card.eligible), reasons \(card.ineligibleReasons)")
        #expect(card.vetoed == c.vetoed, "\(c.name): vetoed \(card.vetoed)")
        #expect(abs(card.lines.map(\.points).reduce(0, +) - card.total) < 1e-9, "lines add up to the total")
    }
}

extension RuleCase: CustomTestStringConvertible {
    public var testDescription: String { description }
}
