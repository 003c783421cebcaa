import Foundation
@testable import JifenPolicy
import JifenTestSupport
import Testing

/// The columnar scorer's fused loops: ranges, table fallbacks and the inline floor.
@Suite struct BatchScoringTests {
    static let book = Result { try Rulebook.load(directory: Fixtures.datasets.appendingPathComponent("rules")) }
    static let editions = ((try? book.get().editions) ?? []).map(\.id)

    /// Every column as bit patterns, so that −0 and +0 differ.
    static func bits(_ c: ScoreColumns) -> [[UInt64]] {
        (c.indicator + c.groupRaw + c.group + [c.total]).map { $0.map(\.bitPattern) }
            + [c.failedGate, c.veto].map { $0.map { UInt64(UInt32(bitPattern: $0)) } }
    }

    @Test(arguments: editions)
    func scoringInPiecesEqualsScoringAtOnce(_ id: String) throws {
        let compiled = CompiledEdition(try Self.book.get().edition(id))
        let asOf = compiled.edition.inForceFrom.adding(months: 6)
        var random = RandomProfiles(seed: 5)
        let n = 700
        var table = FeatureTable(count: n, featureCount: compiled.features.count)
        for j in 0..<n { compiled.extract(random.profile(asOf: asOf), asOf: asOf, into: &table, row: j) }
        var whole = ScoreColumns(compiled: compiled, count: n)
        compiled.score(table, into: &whole)

        var pieces = ScoreColumns(compiled: compiled, count: n)
        var lo = 0
        for size in [1, 2, 3, 64, 129, 1, 500] where lo < n {
            let hi = min(n, lo + size)
            compiled.score(table, rows: lo..<hi, into: &pieces)
            lo = hi
        }
        #expect(lo == n)
        #expect(Self.bits(pieces) == Self.bits(whole))

        // Rows outside the range keep what ScoreColumns.init put there.
        var middle = ScoreColumns(compiled: compiled, count: n)
        let untouched = Self.bits(middle)
        compiled.score(table, rows: 100..<200, into: &middle)
        let (got, all) = (Self.bits(middle), Self.bits(whole))
        for c in got.indices {
            #expect(Array(got[c][..<100]) == Array(untouched[c][..<100]), "\(id) column \(c) before the range")
            #expect(Array(got[c][100..<200]) == Array(all[c][100..<200]), "\(id) column \(c) in the range")
            #expect(Array(got[c][200...]) == Array(untouched[c][200...]), "\(id) column \(c) after the range")
        }
    }

    @Test func inputsOutsideTheTableUseTheFormula() throws {
        let compiled = CompiledEdition(try Self.book.get().edition("tianjin/2018"))
        let k = try #require(compiled.edition.indicators.firstIndex { $0.id == "pension" })
        let step = try #require(compiled.indicators[k].step as? RateStep, "pension is not a tiered rate")
        let f = step.feature
        #expect(step.wholeNumbers.values.count == 1201)
        let months = [12, 60.5, 1500, -3]
        var table = FeatureTable(count: months.count, featureCount: compiled.features.count)
        table.columns[f] = months
        var out = ScoreColumns(compiled: compiled, count: months.count)
        compiled.score(table, into: &out)
        // 4 points a year for the first 60 months, 6 after, pro rata (tianjin/2018 pension):
        // 12 months: 4 (from the table); 60.5: 20 + 6 × 0.5 / 12 = 20.25; 1500 (past the table's
        // 1200): 20 + 6 × 1440 / 12 = 740; −3: nothing.
        let expected = [4, 20.25, 740, 0]
        for (j, e) in expected.enumerated() {
            #expect(abs(out.indicator[k][j] - e) < 1e-9, "\(months[j]) months")
        }
    }

    @Test func roundedDownIsFloor() {
        let values: [Double] = [0, -0.0, 0.3, -0.3, 1, -1, 2.999, -2.5, 0x1p52 - 0.5, -0x1p52 + 0.5, 0x1p52 + 2, -0x1p53,
                                1e300, -1e300, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude]
        for v in values {
            #expect(CompiledEdition.roundedDown(v).bitPattern == Foundation.floor(v).bitPattern, "\(v)")
        }
        #expect(CompiledEdition.roundedDown(.nan).isNaN)
    }

    @Test func tableIndexHitsOnlyWholeNumbersInTheTable() {
        let top = 10.0
        #expect(CompiledEdition.tableIndex(0, top: top) == (0, true))
        #expect(CompiledEdition.tableIndex(-0.0, top: top) == (0, true))
        #expect(CompiledEdition.tableIndex(7, top: top) == (7, true))
        #expect(CompiledEdition.tableIndex(10, top: top) == (10, true))
        for miss in [7.5, 11, 1e300, -1, -0.5, .nan, .infinity, -.infinity] {
            let (i, hit) = CompiledEdition.tableIndex(miss, top: top)
            #expect(!hit, "\(miss)")
            #expect((0...10).contains(i), "\(miss) gives slot \(i)")
        }
    }
}
