import ArgumentParser
import Foundation
import JifenPolicy
import JifenSimulation
import JifenStatistics

/// A CSV of applicants read in chunks, each chunk scored column by column under one edition.
struct BatchInput {
    let scorer: Scorer
    let sheet: ScoreSheet
    let reader: ApplicantReader

    init(edition: Edition, input: String, asOf: Day, knownPlaces: Set<String>) throws {
        scorer = Scorer(edition)
        sheet = ScoreSheet(edition)
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
            for j in 0..<chunk.count {
                try Scorer.requireFinite(scores, row: j, edition: edition, applicant: "applicant \(excerpt(chunk.ids[j]))")
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
        let batch = try BatchInput(edition: try book.edition(edition), input: input, asOf: try date.day(), knownPlaces: book.placeIDs)
        let sheet = batch.sheet
        try StagedOutput.write(to: output) { out in
            try out.write(CSV.row(sheet.header))
            try batch.score(threads: workers.threads, { chunk, scores in
                var bytes: [UInt8] = []
                bytes.reserveCapacity(chunk.count * 16 * (sheet.edition.indicators.count + 4))
                sheet.append(ids: chunk.ids, scores, to: &bytes)
                return bytes
            }, deliver: out.write)
        }
    }
}
