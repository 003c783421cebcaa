import Foundation
import JifenPolicy
import JifenTestSupport
import Testing

/// `rules diff` and `rules matrix` on the test city: expected entries read off the two fixture
/// files by hand.
@Suite struct EditionComparisonTests {
    /// The fixture revised: threshold 50 → 60, the level-3 skill value relabelled (same 15 points,
    /// now paraphrased), volunteering dropped, a residence gate added.
    static let revised = withoutIndicator("volunteering", TestRules.base)
        .replacingOccurrences(of: "id: testcity/2020", with: "id: testcity/2024")
        .replacingOccurrences(of: "in_force: {from: 2020-01-01}", with: "in_force: {from: 2024-01-01}")
        .replacingOccurrences(of: "threshold: {value: 50,", with: "threshold: {value: 60,")
        .replacingOccurrences(of: "level3: 15", with: "level3: {value: 15, cite: {source: doc, clause: \"art. 4\", confidence: paraphrased}}")
        .replacingOccurrences(of: "eligibility:\n", with: """
            eligibility:
              - id: resident
                rule: Six months of residence
                when: [{input: here.residence_months, gte: 6}]
                cite: {source: doc, clause: "art. 11a", confidence: verbatim}

            """)

    /// The text with one indicator's block (from its `- id:` line to the next) removed.
    static func withoutIndicator(_ id: String, _ text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "  - id: \(id)") else { return text }
        let end = lines[(start + 1)...].firstIndex { !$0.hasPrefix("    ") } ?? lines.endIndex
        lines.removeSubrange(start..<end)
        return lines.joined(separator: "\n")
    }

    let book: Rulebook
    init() throws {
        book = try TestRules(["testcity/2020.yaml": TestRules.base, "testcity/2024.yaml": Self.revised]).load()
    }

    @Test func diffListsChangedRelabelledDroppedAndAddedEntriesOnce() throws {
        let diff = EditionDiff(from: try book.edition("testcity/2020"), to: try book.edition("testcity/2024"))
        let summary = diff.entries.map { "\($0.change.rawValue) \($0.key)" }
        #expect(summary == [
            "changed threshold",
            "relabelled indicators.skill.points.level3",
            "dropped volunteering",
            "added eligibility.resident",
            "added eligibility.resident.when[0].gte",
        ])
        let threshold = try #require(diff.entries.first)
        #expect(threshold.before?.text == "50" && threshold.after?.text == "60")
        #expect(threshold.after?.citation?.clause == "art. 1")
        let skill = diff.entries[1]
        #expect(skill.before?.citation?.confidence == .verbatim && skill.after?.citation?.confidence == .paraphrased)
        #expect(!diff.acrossCities)
    }

    @Test func anEditionDiffedWithItselfHasNoEntries() throws {
        let e = try book.edition("testcity/2020")
        #expect(EditionDiff(from: e, to: e).entries.isEmpty)
    }

    @Test func matrixGivesTheMostPointsAndTheWeakestConfidence() throws {
        let m = IndicatorMatrix(editions: [try book.edition("testcity/2020"), try book.edition("testcity/2024")])
        func cell(_ id: String, _ column: Int) throws -> IndicatorMatrix.Cell? {
            try #require(m.rows.first { $0.indicator == id }).cells[column]
        }
        // Age: 20 up to 35; the taper 20 − 2 × (36 − 35) = 18 at its open-ended top is lower.
        #expect(try cell("age", 0)?.most == 20)
        #expect(try cell("insurance", 0)?.most == 40)           // capped rate
        #expect(try cell("home", 0)?.most == nil)               // uncapped rate
        #expect(try cell("honours", 0)?.most == nil)            // national honours have no cap
        #expect(try cell("married_here", 0)?.most == 10)
        let skill = try #require(try cell("skill", 0))
        #expect(skill.most == 25 && skill.confidence == .assumed && skill.assumedValues == 1)
        #expect(try cell("volunteering", 0) != nil && cell("volunteering", 1) == nil)
        #expect(m.rows.map(\.indicator).count == Set(m.rows.map(\.indicator)).count)
    }
}
