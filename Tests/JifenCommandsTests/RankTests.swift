import Foundation
import JifenAnalyses
import JifenPolicy
import JifenSimulation
import JifenTestSupport
import Testing

/// `rank` keeps per applicant only its standing and its formatted output row; its output must be
/// the output of the path that held every applicant's features and scores: all rows extracted
/// and scored at once, ranked by `Selection.ranking`, and written by `ScoreSheet.write`.
@Suite struct RankTests {
    static let book = Result { try Rulebook.load(directory: Fixtures.datasets.appendingPathComponent("rules")) }
    static let editions = ((try? book.get().editions) ?? []).map(\.id)
    static let today = Day("2026-11-21")!

    /// Random applicants, every fourth one also written again further down under another id, so
    /// that totals and tie-break values tie and the file order decides; two ids hold a comma and quotes.
    static func csv(_ n: Int, asOf: Day, seed: UInt64) -> String {
        var random = RandomProfiles(seed: seed)
        var profiles = (0..<n).map { _ in random.profile(asOf: asOf) }
        profiles += stride(from: 0, to: n, by: 4).map { profiles[$0] }
        return ProfileRows.csv(profiles).replacingOccurrences(of: "\np7,", with: "\n\"p,7 \"\"x\"\"\",")
            .replacingOccurrences(of: "\np8,", with: "\n\"\"\"p8\",")
    }

    /// The ranked CSV as `rank` wrote it when it kept every applicant's feature and score columns.
    static func reference(_ csv: String, _ library: RuleLibrary, _ edition: Edition, asOf: Day, quota: Int) throws -> (csv: [UInt8], ids: [String]) {
        let scorer = library.scorer(edition)
        let compiled = scorer.compiled
        let rows = try ProfileCSV.read(csv, file: "a.csv", today: today)
        var table = FeatureTable(count: rows.count, featureCount: compiled.features.count)
        for (j, r) in rows.enumerated() { compiled.extract(r.profile, asOf: asOf, into: &table, row: j) }
        var scores = ScoreColumns(compiled: compiled, count: rows.count)
        compiled.score(table, into: &scores)
        var scratch = SelectionScratch()
        var admitted: [Bool] = []
        _ = Selection.admit(scorer, scores, table, quota: quota, scratch: &scratch, admitted: &admitted)
        let order = Selection.ranking(scorer, scores, table)
        let ties = compiled.tieBreak.map { scorer.tieColumn($0, scores, table) }
        let sheet = ScoreSheet(edition)
        var out = ByteWriter()
        out.text(CSV.row(["rank", "admitted"] + sheet.header + edition.tieBreak.map { "tie:\($0.key)" }))
        let ranked = order.enumerated().map { (rank: Optional($0.offset + 1), j: $0.element) }
            + rows.indices.filter { !scores.isEligible($0) }.map { (rank: nil as Int?, j: $0) }
        for (rank, j) in ranked {
            if let rank { out.integer(Int64(rank)) }
            out.ascii(admitted[j] ? ",true," : ",false,")
            sheet.write(id: rows[j].id, scores, j, to: &out)
            for c in ties {
                out.byte(UInt8(ascii: ","))
                out.number(c[j])
            }
            out.byte(UInt8(ascii: "\n"))
        }
        return (out.array, rows.map(\.id))
    }

    @Test(arguments: editions)
    func rankingKeepingOnlyStandingsAndRowsEqualsTheWholeTablePath(_ id: String) throws {
        let book = try Self.book.get()
        let library = RuleLibrary(book)
        let edition = try book.edition(id)
        let asOf = edition.inForceFrom.adding(months: 6)
        let text = Self.csv(300, asOf: asOf, seed: 29)
        for quota in [1, 120, 10_000] {
            let expected = try Self.reference(text, library, edition, asOf: asOf, quota: quota)
            for (chunkBytes, threads) in [(1, 1), (2_000, 2), (50_000, 3)] {
                var request = RankRequest(edition: edition, applicants: .bytes(Array(text.utf8), name: "a.csv"), asOf: asOf,
                                          quota: quota, threads: threads)
                request.chunkBytes = chunkBytes
                let ranked = try library.rank(request)
                var got: [UInt8] = []
                try ranked.csv { got += $0 }
                #expect(got == expected.csv, "\(id), quota \(quota), chunks of \(chunkBytes) bytes on \(threads) threads")
                #expect((0..<ranked.count).map(ranked.id) == expected.ids)
            }
        }
    }

    @Test func idsAreReadBackFromTheirRows() {
        var rows = RankedRows()
        for text in ["\"a,\"\"b\"\"\",1\nc,2\n", "\"\",3\nd\n"] {
            let bytes = Array(text.utf8)
            rows.append(bytes, ends: bytes.indices.filter { bytes[$0] == UInt8(ascii: "\n") }.map { UInt32($0 + 1) })
        }
        #expect((0..<rows.count).map(rows.id) == ["a,\"b\"", "c", "", "d"])
    }
}
