import Foundation
@testable import JifenPolicy
import JifenTestSupport
import Testing

/// Explanations are traces of the computation that produced the points: for every shipped
/// edition and many random applicants, each indicator line agrees with the batch scorer and
/// names the citation of each value it used.
@Suite struct ExplanationTests {
    static let book = Result { try Rulebook.load(directory: Fixtures.datasets.appendingPathComponent("rules")) }
    static let editions = ((try? book.get().editions) ?? []).map(\.id)

    /// The applicants of a test, and the batch scorer's columns for all of them at once.
    struct Batch {
        var profiles: [Profile]
        var columns: ScoreColumns
        var table: FeatureTable

        init(_ compiled: CompiledEdition, seed: UInt64, count: Int, asOf: Day) {
            var random = RandomProfiles(seed: seed)
            profiles = (0..<count).map { _ in random.profile(asOf: asOf) }
            table = FeatureTable(count: count, featureCount: compiled.features.count)
            for (j, p) in profiles.enumerated() { _ = compiled.extract(p, asOf: asOf, into: &table, row: j) }
            columns = ScoreColumns(compiled: compiled, count: count)
            compiled.score(table, into: &columns)
        }
    }

    @Test(arguments: editions)
    func everyLineHasTheBatchScorersPoints(_ id: String) throws {
        let edition = try Self.book.get().edition(id)
        let scorer = Scorer(edition)
        let compiled = scorer.compiled
        let asOf = edition.inForceFrom.adding(months: 3)
        let batch = Batch(compiled, seed: 17, count: 200, asOf: asOf)
        var traced = 0
        for (j, p) in batch.profiles.enumerated() {
            let card = try scorer.score(p, asOf: asOf)
            #expect(card.total == batch.columns.total[j], "\(id) applicant \(j): total")
            let (one, _) = compiled.table(for: p, asOf: asOf)
            for (k, ind) in edition.indicators.enumerated() {
                let line = card.lines[k]
                try #require(line.indicator == ind.id)
                let points = batch.columns.indicator[k][j]
                let counted = line.note?.hasPrefix("not counted") != true
                #expect(line.points == (counted ? points : 0), "\(id) applicant \(j) \(ind.id): card \(line.points), batch \(points)")
                // The traced points, through the indicator's condition, cap and rounding (the
                // parts every kind shares), are the batch kernel's.
                var expected = compiled.holds(compiled.indicators[k].when, one) ? line.rawPoints : 0
                if let cap = ind.cap?.value { expected = ind.kind.rule.deducts ? max(expected, -cap) : min(expected, cap) }
                if compiled.indicators[k].rounded, let q = compiled.quantum { expected = q.apply(expected) }
                #expect(expected == points, "\(id) applicant \(j) \(ind.id): traced \(line.rawPoints) → \(expected), batch \(points)")
                if line.rawPoints != 0 { traced += 1 }
            }
        }
        #expect(traced > 0, "\(id): no applicant scored any points")
    }

    @Test(arguments: editions)
    func everyLineNamesTheCitationOfEachValueItUsed(_ id: String) throws {
        let edition = try Self.book.get().edition(id)
        let scorer = Scorer(edition)
        let asOf = edition.inForceFrom.adding(months: 3)
        var random = RandomProfiles(seed: 19)
        for _ in 0..<200 {
            let card = try scorer.score(random.profile(asOf: asOf), asOf: asOf)
            for (k, ind) in edition.indicators.enumerated() {
                let line = card.lines[k]
                // Values of this indicator, as the rule book cites them.
                let own = ind.kind.parameters + [ind.cap, edition.rounding?.places].compactMap { $0 }
                for value in line.values {
                    #expect(own.contains(value), "\(id) \(ind.id): \(value.path) is not one of its cited values")
                }
                // The line's citation is the least certain of them (the indicator's own when it used none).
                if let weakest = line.values.max(by: { $0.citation.confidence < $1.citation.confidence }) {
                    #expect(line.citation == weakest.citation, "\(id) \(ind.id)")
                } else {
                    #expect(line.citation == ind.citation, "\(id) \(ind.id)")
                }
                let assumed = line.values.filter { $0.citation.confidence.isAssumption }.map(\.path)
                #expect(line.assumptions.map(\.path) == assumed, "\(id) \(ind.id): assumed values not listed")
            }
        }
    }

    /// The values a line names are the ones its points depend on: nudging any other number of
    /// the indicator leaves the points as they were.
    @Test(arguments: editions)
    func valuesALineLeavesOutDoNotChangeItsPoints(_ id: String) throws {
        let edition = try Self.book.get().edition(id)
        let scorer = Scorer(edition)
        let asOf = edition.inForceFrom.adding(months: 3)
        let batch = Batch(scorer.compiled, seed: 23, count: 40, asOf: asOf)
        let cards = try batch.profiles.map { try scorer.score($0, asOf: asOf) }
        for (k, ind) in edition.indicators.enumerated() {
            for value in ind.kind.parameters + [ind.cap].compactMap({ $0 }) {
                let nudged = try edition.setting(value.location, to: value.value == 0 ? 1e-6 : value.value * (1 + 1e-6))
                let columns = Batch(CompiledEdition(nudged), seed: 23, count: cards.count, asOf: asOf).columns
                for (j, card) in cards.enumerated() where columns.indicator[k][j] != batch.columns.indicator[k][j] {
                    #expect(card.lines[k].values.map(\.path).contains(value.path),
                            "\(id) \(ind.id) applicant \(j): the points depend on \(value.path), which the line does not name")
                }
            }
        }
    }
}
