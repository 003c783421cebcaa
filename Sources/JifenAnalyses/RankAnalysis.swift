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

    public init(edition: Edition, label: String? = nil, applicants: ApplicantList, asOf: Day, quota: Int, threads: Int) {
        self.edition = edition
        self.label = label ?? edition.id
        self.applicants = applicants
        self.asOf = asOf
        self.quota = quota
        self.threads = threads
    }
}

/// Every applicant's scores, the official order of the eligible, who is admitted and the cutoff.
public struct RankResult {
    public var request: RankRequest
    public var scorer: Scorer
    /// Applicant ids in file order.
    public var ids: [String]
    public var scores: ScoreColumns
    public var table: FeatureTable
    public var admission: Admission
    /// Indices of the eligible applicants in the official order (total, then the tie-break).
    public var order: [Int]
    /// Per applicant, in file order.
    public var admitted: [Bool]
    public var ineligible: IneligibleCounts

    /// The tie-break keys, as named in output (`tie:<key>`).
    public var tieKeys: [String] { scorer.edition.tieBreak.map { "tie:\($0.key)" } }

    /// Each tie-break key's value per applicant, in file order.
    public func tieColumns() -> [[Double]] { scorer.compiled.tieBreak.map { scorer.tieColumn($0, scores, table) } }

    /// The `rank --format json` document.
    public var json: JSON {
        JSON.object([
            ("edition", .string(request.label)), ("as_of", .string(request.asOf.description)), ("quota", .number(Double(request.quota))), ("applicants", .number(Double(admission.applicants))),
            ("eligible", .number(Double(admission.eligible))), ("admitted", .number(Double(admission.admitted))),
            ("cutoff", .optional(admission.cutoff)), ("tie_mass", .number(Double(admission.tieMass))),
            ("admitted_at_cutoff", .number(Double(admission.admittedAtCutoff))),
            ("tie_break", .array(tieKeys.map { .string($0) })),
            ("admitted_ids", .array(order.filter { admitted[$0] }.map { .string(ids[$0]) })),
            ("ineligible", ineligible.json),
            ("disclaimer", .string(ScoreCard.disclaimer)),
        ])
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
        case .file(let path, let display): reader = try ApplicantReader(path: path, display: display, compiled: compiled, asOf: request.asOf)
        case .bytes(let bytes, let name): reader = try ApplicantReader(bytes: bytes, file: name, compiled: compiled, asOf: request.asOf)
        }
        try reader.checkPlaces(known: book.placeIDs)
        // Ranking needs every applicant at once: ids and feature columns are kept (columnar),
        // then scored in one pass.
        var ids: [String] = []
        var table = FeatureTable(count: 0, featureCount: compiled.features.count)
        try reader.read(threads: request.threads, work: { $0 }, deliver: { chunk in
            ids += chunk.ids
            for f in table.columns.indices { table.columns[f] += chunk.table.columns[f] }
            table.count += chunk.count
        })
        var scores = ScoreColumns(compiled: compiled, count: table.count)
        compiled.score(table, into: &scores)
        if !scores.allFinite {
            for j in 0..<ids.count {
                try Scorer.requireFinite(scores, row: j, edition: scorer.edition, applicant: "applicant \(excerpt(ids[j]))")
            }
        }
        var scratch = SelectionScratch()
        var admitted: [Bool] = []
        let admission = Selection.admit(scorer, scores, table, quota: request.quota, scratch: &scratch, admitted: &admitted)
        return RankResult(request: request, scorer: scorer, ids: ids, scores: scores, table: table, admission: admission,
                          order: Selection.ranking(scorer, scores, table), admitted: admitted,
                          ineligible: IneligibleCounts(scores, edition: scorer.edition))
    }
}
