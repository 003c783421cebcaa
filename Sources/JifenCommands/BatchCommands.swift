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

    /// The evaluation date (`DateOption.day(forList:)`).
    let asOf: Day

    init(edition: Edition, input: String, date: DateOption, knownPlaces: Set<String>) throws {
        scorer = Scorer(edition)
        sheet = ScoreSheet(edition)
        asOf = try date.day(forList: input)
        reader = try ApplicantReader(path: dataPath(input), compiled: scorer.compiled, asOf: asOf)
        try reader.checkPlaces(known: knownPlaces)
    }

    /// Every applicant's scores, chunk by chunk in file order, on `threads` workers.
    func score<Result: Sendable>(threads: Int, _ work: @escaping @Sendable (ApplicantChunk, ScoreColumns) -> Result,
                                 deliver: (Result) throws -> Void) throws {
        let compiled = scorer.compiled, edition = scorer.edition
        try reader.read(threads: threads, work: { chunk in
            var scores = ScoreColumns(compiled: compiled, count: chunk.count)
            compiled.score(chunk.table, into: &scores)
            // Rows are named (which costs a string each) only in a chunk that has a non-finite number.
            if !scores.allFinite {
                for j in 0..<chunk.count {
                    try Scorer.requireFinite(scores, row: j, edition: edition, applicant: "applicant \(excerpt(chunk.ids[j]))")
                }
            }
            return work(chunk, scores)
        }, deliver: deliver)
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
        commandName: "rank",
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
        let asOf = try date.day(forList: input)
        let ranked = try RuleLibrary(book).rank(RankRequest(edition: try reform.apply(book.edition(edition), book, reform.load()), label: edition,
                                                            applicants: .file(path: dataPath(input), display: input), asOf: asOf,
                                                            quota: quota, threads: workers.threads))
        let (standings, admitted, order, result) = (ranked.standings, ranked.admitted, ranked.order, ranked.admission)
        let keys = ranked.tieKeys
        if output != nil || format == .csv {
            try StagedOutput.write(to: output) { out in try ranked.csv { try out.write($0) } }
        }
        let ineligible = ranked.ineligible
        switch format {
        case .csv:
            break
        case .json:
            try emit(ranked.json.serialized() + "\n")
        case .text:
            var out = "Ranking under \(edition) as of \(asOf) 积分排名  \(ScoreCard.disclaimer)\n"
            out += "Applicants 申请人 \(result.applicants), eligible 符合条件 \(result.eligible), quota 名额 \(quota), admitted 录取 \(result.admitted)\n"
            out += "Cutoff 最低录取分 \(fmt(result.cutoff)); \(result.tieMass) eligible applicant(s) scored exactly the cutoff, \(result.admittedAtCutoff) of them admitted by the tie-break order (\(keys.joined(separator: " → ")))\n\n"
            var t = TextTable(["rank 排名", "id", "total 总分", "admitted 录取"], rightAligned: [0, 2])
            // The admitted and a few more; a quota beyond the list (up to Int.max) shows the whole list.
            let shown = min(order.count, max(min(quota, order.count), 10) + 5)
            for (r, j) in order.prefix(shown).enumerated() {
                t.add(["\(r + 1)", ranked.id(j), fmt(standings.total[j]), admitted[j] ? "yes" : "no"])
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
