import Foundation
import JifenPolicy
import JifenTestSupport
import Testing

/// The hand-worked cases in datasets/cases, each scored by the engine.
@Suite struct CaseTests {
    static let rulebook = Result { try Rulebook.load(directory: Fixtures.datasets.appendingPathComponent("rules")) }
    static let cases = (try? RuleCase.all()) ?? []

    @Test func everyCaseFileLoads() throws {
        let all = try RuleCase.all()
        #expect(all.count >= 8 * 9, "at least 8 cases for each of the 9 editions")
        let book = try Self.rulebook.get()
        for edition in book.editions {
            #expect(all.filter { $0.edition == edition.id }.count >= 8, "\(edition.id) has fewer than 8 cases")
        }
    }

    @Test(arguments: cases)
    func caseMatchesHandWorkedCard(_ c: RuleCase) throws {
        let edition = try Self.rulebook.get().edition(c.edition)
        let card = try Scorer(edition).score(c.profile, asOf: c.asOf)
        let byID = Dictionary(card.lines.map { ($0.indicator, $0) }, uniquingKeysWith: { a, _ in a })
        for expected in c.lines {
            let got = byID[expected.id]?.points ?? 0
            #expect(abs(got - expected.points) < 1e-9,
                    "\(c.name): \(expected.id) = \(got), expected \(expected.points) (\(expected.clause)); detail: \(byID[expected.id]?.detail ?? "no such line")")
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
