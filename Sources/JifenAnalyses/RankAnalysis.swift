import JifenPolicy
import JifenSimulation

/// Where a list of applicants comes from: a CSV file, or CSV text already in memory (an upload).
public enum ApplicantList: Sendable {
    /// A file; messages name it `display`.
    case file(path: String, display: String)
    /// CSV bytes; messages name them `name`.
    case bytes([UInt8], name: String)
}

/// A real applicant list ranked under one edition against a quota.
public struct RankRequest: Sendable {
    /// The edition ranked under (reformed or not).
    public var edition: Edition
    /// The edition id as the user named it, shown in the output.
    public var label: String
    public var applicants: ApplicantList
    /// The day ages and durations are counted to.
    public var asOf: Day
    /// Places to fill (at least 1).
    public var quota: Int
    /// Workers that parse and score chunks; the result does not depend on it.
    public var threads: Int
    /// Bytes of CSV per chunk a worker reads (small in tests); the result does not depend on it.
    public var chunkBytes = ApplicantReader.defaultChunkBytes

    public init(edition: Edition, label: String? = nil, applicants: ApplicantList, asOf: Day, quota: Int, threads: Int) {
        self.edition = edition
        self.label = label ?? edition.id
        self.applicants = applicants
        self.asOf = asOf
        self.quota = quota
        self.threads = threads
    }
}

/// Every applicant's standing, the official order of the eligible, who is admitted and the cutoff.
///
/// Only what ranking and the output need is kept per applicant: the total, eligibility and
/// tie-break values, and the applicant's row of the ranked CSV (which starts with its id) as the
/// reading workers formatted it. No feature or score column of the whole list is held.
public struct RankResult {
    public var request: RankRequest
    public var scorer: Scorer
    /// Totals, eligibility and tie-break values, in file order.
    public var standings: Standings
    /// Each applicant's ranked-CSV row from the id on (score sheet, then tie-break values).
    public var rows: RankedRows

    /// The number of applicants.
    public var count: Int { rows.count }

    /// The id of applicant `j` (in file order).
    public func id(_ j: Int) -> String { rows.id(j) }
    public var admission: Admission
    /// Indices of the eligible applicants in the official order (total, then the tie-break).
    public var order: [Int]
    /// Per applicant, in file order.
    public var admitted: [Bool]
    public var ineligible: IneligibleCounts

    /// The tie-break keys, as named in output (`tie:<key>`).
    public var tieKeys: [String] { scorer.edition.tieBreak.map { "tie:\($0.key)" } }

    /// The `rank --format json` document.
    public var json: JSON {
        JSON.object([
            ("edition", .string(request.label)), ("as_of", .string(request.asOf.description)), ("quota", .number(Double(request.quota))), ("applicants", .number(Double(admission.applicants))),
            ("eligible", .number(Double(admission.eligible))), ("admitted", .number(Double(admission.admitted))),
            ("cutoff", .optional(admission.cutoff)), ("tie_mass", .number(Double(admission.tieMass))),
            ("admitted_at_cutoff", .number(Double(admission.admittedAtCutoff))),
            ("tie_break", .array(tieKeys.map { .string($0) })),
            ("admitted_ids", .array(order.filter { admitted[$0] }.map { .string(id($0)) })),
            ("ineligible", ineligible.json),
            ("disclaimer", .string(ScoreCard.disclaimer)),
        ])
    }

    /// The ranked CSV (`rank --output`): a header, then every applicant with its rank and
    /// admission, the eligible in the official order first and the rest in file order; handed
    /// to `write` in pieces of about 1 MiB.
    public func csv(_ write: (UnsafeRawBufferPointer) throws -> Void) throws {
        var bytes = ByteWriter(capacity: 1 << 21)
        bytes.text(CSV.row(["rank", "admitted"] + ScoreSheet(scorer.edition).header + tieKeys))
        func row(_ rank: Int?, _ j: Int) throws {
            if let rank { bytes.integer(Int64(rank)) }
            bytes.ascii(admitted[j] ? ",true," : ",false,")
            rows.withRow(j) { bytes.bytes($0) }
            if bytes.count > 1 << 20 {
                try bytes.withBytes { try write($0) }
                bytes.removeAll()
            }
        }
        for (k, j) in order.enumerated() { try row(k + 1, j) }
        for j in 0..<count where !standings.eligible[j] { try row(nil, j) }
        try bytes.withBytes { try write($0) }
    }
}

/// Rows of bytes kept as the chunks that formatted them, each row found by its index.
public struct RankedRows: Sendable {
    var chunks: [[UInt8]] = []
    /// Per chunk, where each of its rows ends.
    var ends: [[UInt32]] = []
    /// The index of each chunk's first row.
    var firstRow: [Int] = []
    public private(set) var count = 0

    public init() {}

    /// Adds a chunk's rows after the others.
    public mutating func append(_ bytes: [UInt8], ends rowEnds: [UInt32]) {
        chunks.append(bytes)
        ends.append(rowEnds)
        firstRow.append(count)
        count += rowEnds.count
    }

    /// The first CSV field of row `j`, unquoted.
    public func id(_ j: Int) -> String {
        withRow(j) { b in
            let quote = UInt8(ascii: "\"")
            guard b.first == quote else {
                return String(decoding: b.prefix { $0 != UInt8(ascii: ",") && $0 != UInt8(ascii: "\n") }, as: UTF8.self)
            }
            var field: [UInt8] = []
            var k = 1
            while k < b.count {
                if b[k] == quote {
                    guard k + 1 < b.count, b[k + 1] == quote else { break }
                    k += 1
                }
                field.append(b[k])
                k += 1
            }
            return String(decoding: field, as: UTF8.self)
        }
    }

    /// Calls `body` with the bytes of row `j`.
    public func withRow<R>(_ j: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        precondition(j >= 0 && j < count, "row \(j) of \(count)")
        // The last chunk starting at or before row j.
        var lo = 0, hi = firstRow.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if firstRow[mid] <= j { lo = mid } else { hi = mid - 1 }
        }
        let k = j - firstRow[lo]
        let start = k == 0 ? 0 : Int(ends[lo][k - 1])
        let end = Int(ends[lo][k])
        return try chunks[lo].withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
    }
}

extension RuleLibrary {
    /// Reads and scores every applicant, then ranks them; a bad header, cell or place id is an
    /// `InputError` naming the file, line and column.
    public func rank(_ request: RankRequest) throws -> RankResult {
        let scorer = self.scorer(request.edition)
        let compiled = scorer.compiled
        let reader: ApplicantReader
        switch request.applicants {
        case .file(let path, let display):
            reader = try ApplicantReader(path: path, display: display, compiled: compiled, asOf: request.asOf, chunkBytes: request.chunkBytes)
        case .bytes(let bytes, let name):
            reader = try ApplicantReader(bytes: bytes, file: name, compiled: compiled, asOf: request.asOf, chunkBytes: request.chunkBytes)
        }
        try reader.checkPlaces(known: book.placeIDs)
        // Each chunk is scored and its output rows formatted on a worker; only the chunk's
        // standings and row bytes are kept, so memory is about the output's size.
        let sheet = ScoreSheet(scorer.edition)
        var standings = Standings(compiled: compiled, count: 0)
        var rows = RankedRows()
        var tally = IneligibleCounts.Tally(edition: scorer.edition)
        try reader.read(threads: request.threads, work: { chunk in
            var scores = ScoreColumns(compiled: compiled, count: chunk.count)
            compiled.score(chunk.table, into: &scores)
            if !scores.allFinite {
                for j in 0..<chunk.count {
                    try Scorer.requireFinite(scores, row: j, edition: scorer.edition, applicant: "applicant \(excerpt(chunk.ids[j]))")
                }
            }
            let standings = Standings(scorer, scores, chunk.table)
            var ends: [UInt32]? = []
            let bytes = sheet.rows(ids: chunk.ids, scores, then: standings.tieValues, ends: &ends)
            return RankedChunk(standings: standings, bytes: bytes, ends: ends ?? [],
                               tally: IneligibleCounts.Tally(scores, edition: scorer.edition))
        }, deliver: { chunk in
            standings.append(chunk.standings)
            rows.append(chunk.bytes, ends: chunk.ends)
            tally.add(chunk.tally)
        })
        var scratch = SelectionScratch()
        var admitted: [Bool] = []
        let admission = Selection.admit(standings, quota: request.quota, scratch: &scratch, admitted: &admitted)
        return RankResult(request: request, scorer: scorer, standings: standings, rows: rows, admission: admission,
                          order: Selection.ranking(standings), admitted: admitted,
                          ineligible: IneligibleCounts(tally, edition: scorer.edition))
    }
}

/// What `rank` keeps of one chunk.
struct RankedChunk: Sendable {
    var standings: Standings
    var bytes: [UInt8]
    var ends: [UInt32]
    var tally: IneligibleCounts.Tally
}
