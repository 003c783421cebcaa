import ArgumentParser
import Foundation
import JifenAnalyses
import JifenPolicy
import JifenSimulation
import JifenStatistics

/// A CSV of applicants read in chunks, each chunk scored column by column under one edition.
struct BatchInput {
    let scorer: Scorer
    let sheet: ScoreSheet
    let reader: ApplicantReader

    /// The evaluation date: `--as-of`, else the date the file carries in its `as_of` column (a
    /// pool from `simulate --export-pool`), else today.
    let asOf: Day

    init(edition: Edition, input: String, date: DateOption, knownPlaces: Set<String>) throws {
        scorer = Scorer(edition)
        sheet = ScoreSheet(edition)
        asOf = date.asOf == nil ? try ApplicantReader.fileDate(path: dataPath(input)) ?? .today : try date.day()
        reader = try ApplicantReader(path: dataPath(input), plan: scorer.plan, asOf: asOf)
        try reader.checkPlaces(known: knownPlaces)
    }

    /// Every applicant's scores, chunk by chunk in file order, on `threads` workers.
    func score<Result: Sendable>(threads: Int, _ work: @escaping @Sendable (ApplicantChunk, ScoreColumns) -> Result,
                                 deliver: (Result) throws -> Void) throws {
        let plan = scorer.plan, edition = scorer.edition
        try reader.read(threads: threads, work: { chunk in
            var scores = ScoreColumns(plan: plan, count: chunk.count)
            plan.score(chunk.table, into: &scores)
            // Rows are named (which costs a string each) only in a chunk that has a non-finite number.
            if !Self.allFinite(scores) {
                for j in 0..<chunk.count {
                    try Scorer.requireFinite(scores, row: j, edition: edition, applicant: "applicant \(excerpt(chunk.ids[j]))")
                }
            }
            return work(chunk, scores)
        }, deliver: deliver)
    }

    /// True when every total and indicator is finite (what `Scorer.requireFinite` checks).
    static func allFinite(_ scores: ScoreColumns) -> Bool {
        var sum = 0.0
        // v × 0 is 0 for a finite v and NaN otherwise, and a NaN term keeps the sum NaN.
        for v in scores.total { sum += v * 0 }
        for column in scores.indicator { for v in column { sum += v * 0 } }
        return sum == 0
    }
}

/// `--threads`: workers that parse and score chunks (the output is the same for any number).
struct ThreadsOption: ParsableArguments {
    @Option(help: "Worker threads (default: the number of cores); the output does not depend on it.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1 (found \(threads))") }
    }
}

struct ScoreBatch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score-batch",
        abstract: "Score every applicant of a CSV: one row per applicant.",
        discussion: """
        Columns are the profile's dotted paths plus `id` (awards/conduct as JSON arrays; an empty cell is missing).
        Example: jifen score-batch --edition tianjin/2018 --input applicants.csv --output scores.csv --as-of 2019-06-01
        """)
    @OptionGroup var rules: RulesOptions
    @OptionGroup var date: DateOption
    @Option(help: "Edition id, e.g. tianjin/2018.") var edition: String
    @Option(help: "Applicants CSV.") var input: String
    @Option(help: "Output CSV (default: standard output).") var output: String?
    @OptionGroup var workers: ThreadsOption

    func run() throws {
        try OutputPaths.check([("--output", output)], inputs: [rules.input, ("--input", input)])
        let book = try rules.load(edition: edition)
        let batch = try BatchInput(edition: try book.edition(edition), input: input, date: date, knownPlaces: book.placeIDs)
        let sheet = batch.sheet
        try StagedOutput.write(to: output) { out in
            try out.write(CSV.row(sheet.header))
            try batch.score(threads: workers.threads, { chunk, scores in sheet.rows(ids: chunk.ids, scores) }, deliver: out.write)
        }
    }
}

struct Rank: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rank a real applicant list: eligibility, scores, tie-break order, who is admitted, cutoff.",
        discussion: "Example: jifen rank --edition tianjin/2018 --input applicants.csv --quota 100 --as-of 2019-06-01")
    @OptionGroup var rules: RulesOptions
    @OptionGroup var date: DateOption
    @Option(help: "Edition id.") var edition: String
    @Option(help: "Applicants CSV.") var input: String
    @Option(help: "Places to fill.") var quota: Int
    @Option(help: "Ranked CSV (every applicant, official order first).") var output: String?
    @Option(help: "text, json or csv") var format: OutputFormat = .text
    @OptionGroup var reform: ReformOption
    @OptionGroup var workers: ThreadsOption

    func validate() throws {
        guard quota > 0 else { throw ValidationError("--quota must be a positive number of places (found \(quota))") }
    }

    func run() throws {
        try OutputPaths.check([("--output", output)], inputs: [rules.input, ("--input", input), ("--reform", reform.reform)])
        let book = try rules.load(edition: edition)
        let batch = try BatchInput(edition: try reform.apply(book.edition(edition), book, reform.load()), input: input, date: date,
                                   knownPlaces: book.placeIDs)
        // Ranking needs every applicant at once: ids and feature columns are kept (columnar),
        // then scored in one pass.
        let plan = batch.scorer.plan
        var ids: [String] = []
        var table = FeatureTable(count: 0, featureCount: plan.features.count)
        try batch.reader.read(threads: workers.threads, work: { $0 }, deliver: { chunk in
            ids += chunk.ids
            for f in table.columns.indices { table.columns[f] += chunk.table.columns[f] }
            table.count += chunk.count
        })
        var scores = ScoreColumns(plan: plan, count: table.count)
        plan.score(table, into: &scores)
        if !BatchInput.allFinite(scores) {
            for j in 0..<ids.count {
                try Scorer.requireFinite(scores, row: j, edition: batch.scorer.edition, applicant: "applicant \(excerpt(ids[j]))")
            }
        }
        var scratch = SelectionScratch()
        var admitted: [Bool] = []
        let result = Selection.admit(batch.scorer, scores, table, quota: quota, scratch: &scratch, admitted: &admitted)
        let order = Selection.ranking(batch.scorer, scores, table)
        let keys = batch.scorer.edition.tieBreak.map { "tie:\($0.key)" }
        if output != nil || format == .csv {
            let tieColumns = plan.tieBreak.map { batch.scorer.tieColumn($0, scores, table) }
            try StagedOutput.write(to: output) { out in
                try out.write(CSV.row(["rank", "admitted"] + batch.sheet.header + keys))
                var bytes = ByteWriter(capacity: 1 << 21)
                // Eligible applicants in the official order, then the rest in file order.
                let rows = order.enumerated().map { (rank: Optional($0.offset + 1), j: $0.element) }
                    + (0..<ids.count).filter { !scores.isEligible($0) }.map { (rank: nil as Int?, j: $0) }
                for (rank, j) in rows {
                    if let rank { bytes.integer(Int64(rank)) }
                    bytes.ascii(admitted[j] ? ",true," : ",false,")
                    batch.sheet.write(id: ids[j], scores, j, to: &bytes)
                    for c in tieColumns {
                        bytes.byte(UInt8(ascii: ","))
                        bytes.number(c[j])
                    }
                    bytes.byte(UInt8(ascii: "\n"))
                    if bytes.count > 1 << 20 {
                        try bytes.withBytes { try out.write($0) }
                        bytes.removeAll()
                    }
                }
                try bytes.withBytes { try out.write($0) }
            }
        }
        let admittedIDs = order.filter { admitted[$0] }.map { ids[$0] }
        let ineligible = IneligibleCounts(scores, edition: batch.scorer.edition)
        switch format {
        case .csv:
            break
        case .json:
            try emit(JSON.object([
                ("edition", .string(edition)), ("as_of", .string(batch.asOf.description)), ("quota", .number(Double(quota))),
                ("applicants", .number(Double(result.applicants))),
                ("eligible", .number(Double(result.eligible))), ("admitted", .number(Double(result.admitted))),
                ("cutoff", .optional(result.cutoff)), ("tie_mass", .number(Double(result.tieMass))),
                ("admitted_at_cutoff", .number(Double(result.admittedAtCutoff))),
                ("tie_break", .array(keys.map { .string($0) })),
                ("admitted_ids", .array(admittedIDs.map { .string($0) })),
                ("ineligible", ineligible.json),
                ("disclaimer", .string(ScoreCard.disclaimer)),
            ]).serialized() + "\n")
        case .text:
            var out = "Ranking under \(edition) as of \(batch.asOf) 积分排名  \(ScoreCard.disclaimer)\n"
            out += "Applicants 申请人 \(result.applicants), eligible 符合条件 \(result.eligible), quota 名额 \(quota), admitted 录取 \(result.admitted)\n"
            out += "Cutoff 最低录取分 \(fmt(result.cutoff)); \(result.tieMass) eligible applicant(s) scored exactly the cutoff, \(result.admittedAtCutoff) of them admitted by the tie-break order (\(keys.joined(separator: " → ")))\n\n"
            var t = TextTable(["rank 排名", "id", "total 总分", "admitted 录取"], rightAligned: [0, 2])
            // The admitted and a few more; a quota beyond the list (up to Int.max) shows the whole list.
            let shown = min(order.count, max(min(quota, order.count), 10) + 5)
            for (r, j) in order.prefix(shown).enumerated() {
                t.add(["\(r + 1)", ids[j], fmt(scores.total[j]), admitted[j] ? "yes" : "no"])
            }
            out += t.render()
            if order.count > shown { out += "… \(order.count - shown) more eligible applicants (see --output)\n" }
            if order.isEmpty { out += "No applicant is eligible, so no one is admitted 无人符合条件.\n" }
            if ineligible.total > 0 {
                out += "\nNot eligible 不符合条件: \(ineligible.total) applicant(s), each counted under the first condition it fails:\n" + ineligible.text
            }
            try emit(out)
        }
    }
}

extension IneligibleCounts {
    /// The rows as text lines, most common first.
    var text: String {
        rows.sorted { $0.count > $1.count }.map { CardText.paragraph("  \(String($0.count).leftPadded(6))  \($0.reason)", CardText.defaultWidth, indent: 10) }.joined()
    }
}
