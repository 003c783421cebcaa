import Foundation
@testable import JifenPolicy
import JifenTestSupport
import Testing

/// The streaming, columnar CSV path against the profile-by-profile scorer, and its strictness.
@Suite struct ApplicantReaderTests {
    static let book = Result { try Rulebook.load(directory: Fixtures.datasets.appendingPathComponent("rules")) }
    static let editions = ((try? book.get().editions) ?? []).map(\.id)
    static let today = Day("2026-11-21")!

    /// Random applicants, some with per-type insurance months, an empty award list or nothing at all.
    static func profiles(_ n: Int, asOf: Day, seed: UInt64) -> [Profile] {
        var random = RandomProfiles(seed: seed)
        return (0..<n).map { k in
            var p = random.profile(asOf: asOf)
            if k % 5 == 1, let id = p.places.first?.id {
                p.updatePlace(id) { pl in
                    var m = InsuranceMonths()
                    m.pension = k % 60
                    m.medical = k % 7 == 0 ? nil : k % 90
                    pl.insuranceMonths = m
                }
            }
            if k % 11 == 3 { p.awards = [] }
            if k % 97 == 5 { p = Profile() }
            return p
        }
    }

    /// The CSV `score-batch` wrote before streaming: profiles decoded row by row, extracted,
    /// scored, and each field formatted with `JSON.format`.
    static func reference(_ csv: String, _ compiled: CompiledEdition, asOf: Day) throws -> [UInt8] {
        let rows = try ProfileCSV.read(csv, file: "a.csv", today: today)
        var table = FeatureTable(count: rows.count, featureCount: compiled.features.count)
        for (j, r) in rows.enumerated() { compiled.extract(r.profile, asOf: asOf, into: &table, row: j) }
        var scores = ScoreColumns(compiled: compiled, count: rows.count)
        compiled.score(table, into: &scores)
        let sheet = ScoreSheet(compiled.edition)
        let e = compiled.edition
        let top = e.groups.indices.filter { e.groups[$0].parent == nil }
        var out = ""
        for j in rows.indices {
            out += CSV.row([rows[j].id, JSON.format(scores.total[j]), "\(scores.isEligible(j))", "\(scores.veto[j] >= 0)",
                            sheet.reason(scores, j)] + top.map { JSON.format(scores.group[$0][j]) }
                           + e.indicators.indices.map { JSON.format(scores.indicator[$0][j]) })
        }
        return Array(out.utf8)
    }

    /// A small `idTable` (slots) and `runEntries` send the duplicate-id check to its spill file.
    static func streamed(_ csv: String, _ compiled: CompiledEdition, asOf: Day, chunkBytes: Int, threads: Int,
                         idTable: Int? = nil, runEntries: Int? = nil) throws -> [UInt8] {
        var reader = try ApplicantReader(bytes: Array(csv.utf8), file: "a.csv", compiled: compiled, asOf: asOf, today: today, chunkBytes: chunkBytes)
        if let idTable { reader.idTableSlots = idTable }
        if let runEntries { reader.spillRunEntries = runEntries }
        let sheet = ScoreSheet(compiled.edition)
        var out: [UInt8] = []
        try reader.read(threads: threads, work: { chunk in
            var scores = ScoreColumns(compiled: compiled, count: chunk.count)
            compiled.score(chunk.table, into: &scores)
            return sheet.rows(ids: chunk.ids, scores)
        }, deliver: { out += $0 })
        return out
    }

    @Test(arguments: editions)
    func streamingEqualsProfileByProfile(_ id: String) throws {
        let compiled = CompiledEdition(try Self.book.get().edition(id))
        let asOf = compiled.edition.inForceFrom.adding(months: 6)
        let csv = ProfileRows.csv(Self.profiles(400, asOf: asOf, seed: 11))
        let expected = try Self.reference(csv, compiled, asOf: asOf)
        for (chunkBytes, threads) in [(1, 1), (777, 2), (4096, 3), (ApplicantReader.defaultChunkBytes, 2)] {
            let got = try Self.streamed(csv, compiled, asOf: asOf, chunkBytes: chunkBytes, threads: threads)
            #expect(got == expected, "\(id): chunks of \(chunkBytes) bytes on \(threads) threads")
        }
        // Ids past a table of 16 slots go to sorted runs of 7 on disk: the same output.
        let spilled = try Self.streamed(csv, compiled, asOf: asOf, chunkBytes: 999, threads: 2, idTable: 16, runEntries: 7)
        #expect(spilled == expected, "\(id): ids spilled to disk")
    }

    @Test func lineEndingsQuotesAndBlankLinesReadAsBefore() throws {
        let compiled = CompiledEdition(try Self.book.get().edition("tianjin/2018"))
        let asOf = Day("2019-06-01")!
        let text = "\r\n\"id\",birth_date,places.tianjin.insured_months,awards\r\n"
            + "a,1990-05-01,40,\"[{\"\"kind\"\":\"\"veteran_merit\"\",\n\"\"grade\"\":\"\"third\"\",\"\"date\"\":\"\"2012-08-01\"\"}]\"\r\n"
            + "\n\"b\",,\"12\",\rc,1980-01-01,,[]"
        let expected = try Self.reference(text, compiled, asOf: asOf)
        for chunkBytes in [1, 5, 64] {
            #expect(try Self.streamed(text, compiled, asOf: asOf, chunkBytes: chunkBytes, threads: 2) == expected)
            // A spreadsheet's byte order mark before the header is not part of the first column's name.
            #expect(try Self.streamed("\u{FEFF}" + text, compiled, asOf: asOf, chunkBytes: chunkBytes, threads: 2) == expected)
        }
    }

    @Test func wholeNumbersWrittenWithAPointOrAnExponentReadAsTheProfileDecoderReadsThem() throws {
        let compiled = CompiledEdition(try Self.book.get().edition("tianjin/2018"))
        let asOf = Day("2019-06-01")!
        let text = "id,places.tianjin.insured_months,places.tianjin.residence_months,invention_patents,places.tianjin.employed\n"
            + "a,12.0,1e2,2.00,true\nb,-0,1.2e2,0.0,true\nc,1200.0,36,1E1,true\nd,7,0e5,3,false\n"
        #expect(try Self.streamed(text, compiled, asOf: asOf, chunkBytes: 1 << 20, threads: 1) == Self.reference(text, compiled, asOf: asOf))
        let e = try #require(Self.error("id,places.tianjin.insured_months,education.level\nb,12.5,\n"))
        #expect(e.description.contains("expected a whole number, found '12.5'"), "\(e)")
        let big = try #require(Self.error("id,places.tianjin.insured_months,education.level\nb,1.3e3,\n"))
        #expect(big.description.contains("1300 months is more than a lifetime"), "\(big)")
    }

    /// The error `score-batch` gives for `csv`, or nil.
    static func error(_ csv: String, chunkBytes: Int = 64, idTable: Int? = nil, runEntries: Int? = nil) -> InputError? {
        do {
            let compiled = CompiledEdition(try book.get().edition("tianjin/2018"))
            _ = try streamed(csv, compiled, asOf: Day("2019-06-01")!, chunkBytes: chunkBytes, threads: 2, idTable: idTable, runEntries: runEntries)
            return nil
        } catch let e as InputError {
            return e
        } catch {
            Issue.record("not an InputError: \(error)")
            return nil
        }
    }

    @Test func badCellsNameTheLineAndFieldAsTheProfileDecoderDoes() throws {
        let filler = String(repeating: "x1,,\n", count: 50).split(separator: "\n").enumerated().map { "r\($0.offset),," }.joined(separator: "\n")
        for (row, key, fragment) in [
            ("b,-1,", "places.tianjin.insured_months", "months cannot be negative (found -1)"),
            ("b,1e9,", "places.tianjin.insured_months", "more than a lifetime"),
            ("b,,phd", "education.level", "unknown level 'phd'"),
            ("b,0x10,", "places.tianjin.insured_months", "expected a number, found '0x10'"),
            ("b,1_6,", "places.tianjin.insured_months", "expected a number, found '1_6'"),
            ("b,01,", "places.tianjin.insured_months", "expected a number, found '01'"),
            ("b,1\u{0}33,", "places.tianjin.insured_months", "expected a number, found '1\\u{00}33'"),
        ] {
            let csv = "id,places.tianjin.insured_months,education.level\n\(filler)\n\(row)\n"
            let e = try #require(Self.error(csv), "\(row)")
            #expect(e.file == "a.csv")
            #expect(e.line == 52, "\(row): \(e)")
            #expect(e.key == key, "\(row): \(e)")
            #expect(e.message.contains(fragment), "\(row): \(e.message)")
            // The profile decoder says the same of the same cell.
            let old = try #require(throws: InputError.self) { try ProfileCSV.read(csv, file: "a.csv", today: Self.today) }
            #expect(old.message == e.message && old.line == e.line && old.key == e.key, "\(row): \(old)")
        }
    }

    @Test func headerAndRowShapeErrors() throws {
        let cases: [(String, Int?, String)] = [
            ("", nil, "the file is empty"),
            ("id,birth_date\n", nil, "has a header but no applicants"),
            ("id,title,title\na,,\n", 1, "names this column twice"),
            ("name\na\n", 1, "no `id` column"),
            ("id,educaton.level\na,bachelor\n", 1, "did you mean 'education'"),
            ("id,places.Tianjin.insured_months\na,1\n", 1, "place ids are lowercase"),
            ("id,title\na,none\nb,none,x\n", 3, "expected 2 fields as in the header, found 3"),
            ("id,title\na,none\n,none\n", 3, "every row needs an id"),
            ("id,title\na,none\nb,none\na,none\n", 4, "duplicate id 'a'"),
            ("id,title\na,none\nb,\"none\n", 3, "a quoted field is never closed"),
            ("id,title\na,no\"ne\n", 2, "a quote inside an unquoted field"),
            ("id,married,spouse.place\na,false,tianjin\n", 2, "a spouse is given but married is false"),
            ("id,awards\na,\"[{\"\"kind\"\":\"\"honour\"\"}]\"\n", 2, "missing required field"),
            ("id,awards\na,\"[{\"\"kind\"\":\"\"honour\"\",\"\"date\"\":\"\"2019-01-01\"\",\"\"level\"\":\"\"district\"\",\"\"rank\"\":01}]\"\n", 2, "malformed JSON"),
            ("id,awards\na,[1\n", 2, "malformed JSON"),
        ]
        for (csv, line, fragment) in cases {
            let e = try #require(Self.error(csv), "\(csv)")
            #expect(e.line == line, "\(csv): \(e)")
            #expect(e.message.contains(fragment), "\(csv): \(e.message)")
        }
    }

    @Test func aDuplicateIDFarApartIsFoundAtItsLine() throws {
        let rows = (1...3000).map { "a\($0),none" } + ["a17,none"]
        let e = try #require(Self.error("id,title\n" + rows.joined(separator: "\n"), chunkBytes: 512))
        #expect(e.line == 3002)
        #expect(e.message == "duplicate id 'a17'")
    }

    /// With a table of 16 slots (12 ids) and runs of 5, the ids from line 14 on are spilled to disk.
    @Test(arguments: [
        // A spilled id repeating a spilled one, found when the runs are merged at the end.
        (["a2000"], 3002, "a2000"),
        // A spilled id repeating one in the table, found as it is read.
        (["a5"], 3002, "a5"),
        // Both: the spilled repeat on the earlier line is the one reported.
        (["a60", "a3"], 3002, "a60"),
        (["a3", "a60"], 3002, "a3"),
        // Two spilled repeats: the earlier line, not the earlier first occurrence.
        (["a900", "a100"], 3002, "a900"),
    ])
    func duplicateIDsPastTheTableAreFoundAtTheFirstRepeatedLine(_ tail: [String], line: Int, id: String) throws {
        let rows = (1...3000).map { "a\($0),none" } + tail.map { "\($0),none" }
        let e = try #require(Self.error("id,title\n" + rows.joined(separator: "\n"), chunkBytes: 512, idTable: 16, runEntries: 5))
        #expect(e.line == line)
        #expect(e.message == "duplicate id '\(id)'")
    }

    @Test func profileFilesRefuseTheSameNumbers() throws {
        for text in ["places: {tianjin: {insured_months: 0x10}}", "places: {tianjin: {insured_months: 1_6}}",
                     #"{"places": {"tianjin": {"insured_months": 01}}}"#, "donation_yuan: 0x10"] {
            #expect(throws: InputError.self, "\(text)") { try Profile.decode(Tree.parse(text, file: "p.yaml"), today: Self.today) }
        }
    }

    /// A pipe would be read once for the header and again for the rows, losing what the first
    /// read took: it is refused, without waiting for a writer.
    @Test func aPipeIsRefusedByName() throws {
        let fifo = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-fifo-\(UUID().uuidString)").path
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { try? FileManager.default.removeItem(atPath: fifo) }
        let compiled = CompiledEdition(try Self.book.get().edition("tianjin/2018"))
        #expect(throws: InputError(file: "in.csv", "is not a regular file; applicants are read from a file (it is read more than once), not a pipe or device")) {
            _ = try ApplicantReader(path: fifo, display: "in.csv", compiled: compiled, asOf: Day(year: 2019, month: 6, day: 1)!)
        }
        #expect(throws: InputError(file: "in.csv", "is not a regular file; applicants are read from a file (it is read more than once), not a pipe or device")) {
            _ = try ApplicantReader.fileDate(path: fifo, display: "in.csv")
        }
    }
}
