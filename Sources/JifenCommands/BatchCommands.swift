import ArgumentParser
import Foundation
import JifenPolicy
import JifenSimulation
import JifenStatistics

/// A CSV of applicants scored column by column under one edition.
struct ScoredBatch {
    let scorer: Scorer
    let ids: [String]
    let table: FeatureTable
    let scores: ScoreColumns

    init(edition: Edition, input: String, asOf: Day) throws {
        scorer = Scorer(edition)
        let sheet = try ProfileCSV(try readText(input), file: input)
        guard sheet.count > 0 else { throw InputError(file: input, "has a header but no applicants") }
        // Rows decode independently: in parallel chunks, and the first error in file order wins.
        let chunk = 4096
        let decoded = try Replicates.map(count: (sheet.count + chunk - 1) / chunk, threads: ProcessInfo.processInfo.activeProcessorCount) {
            (c: Int) throws(InputError) -> [(id: String, profile: Profile)] in
            try (c * chunk..<min(sheet.count, (c + 1) * chunk)).map { (j: Int) throws(InputError) in try sheet.applicant(j) }
        }
        let rows = decoded.flatMap { $0 }
        ids = rows.map(\.id)
        if let late = rows.first(where: { ($0.profile.birthDate ?? asOf) > asOf }) {
            throw InputError(file: input, key: "birth_date", "applicant '\(late.id)' is born after the evaluation date \(asOf)")
        }
        table = Self.extract(rows.map(\.profile), scorer.plan, asOf: asOf)
        var s = ScoreColumns(plan: scorer.plan, count: rows.count)
        scorer.plan.score(table, into: &s)
        for j in 0..<rows.count { try Scorer.requireFinite(s, row: j, edition: scorer.edition, applicant: "applicant \(excerpt(ids[j]))") }
        scores = s
    }

    /// Feature rows of many profiles, extracted in parallel chunks (each row is independent, so
    /// the table is the same for any number of workers).
    static func extract(_ profiles: [Profile], _ plan: JifenPolicy.Plan, asOf: Day) -> FeatureTable {
        let chunk = 4096
        let parts = Replicates.map(count: (profiles.count + chunk - 1) / chunk, threads: ProcessInfo.processInfo.activeProcessorCount) { c in
            let range = (c * chunk)..<min(profiles.count, (c + 1) * chunk)
            var t = FeatureTable(count: range.count, featureCount: plan.features.count)
            for (k, j) in range.enumerated() { plan.extract(profiles[j], asOf: asOf, into: &t, row: k) }
            return t
        }
        var table = FeatureTable(count: 0, featureCount: plan.features.count)
        table.count = profiles.count
        for f in 0..<plan.features.count { table.columns[f] = parts.flatMap { $0.columns[f] } }
        return table
    }

    /// Why row `j` is not eligible, as a short code (gate id, `threshold`, or `veto:<id>`).
    func reason(_ j: Int) -> String {
        let e = scorer.edition
        if scores.veto[j] >= 0 { return "veto:\(e.vetoes[Int(scores.veto[j])].id)" }
        let g = Int(scores.failedGate[j])
        if g < 0 { return "" }
        return g == e.eligibility.count ? "threshold" : e.eligibility[g].id
    }

    var header: [String] {
        ["id", "total", "eligible", "vetoed", "reason"] + scorer.edition.groups.filter { $0.parent == nil }.map { "group:\($0.id)" }
            + scorer.edition.indicators.map(\.id)
    }

    func row(_ j: Int) -> [String] {
        let e = scorer.edition
        let top = e.groups.indices.filter { e.groups[$0].parent == nil }
        return [ids[j], fmt(scores.total[j]), "\(scores.isEligible(j))", "\(scores.veto[j] >= 0)", reason(j)]
            + top.map { fmt(scores.group[$0][j]) } + e.indicators.indices.map { fmt(scores.indicator[$0][j]) }
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

    func run() throws {
        try OutputPaths.check([("--output", output)], inputs: [rules.input, ("--input", input)])
        let batch = try ScoredBatch(edition: try rules.load().edition(edition), input: input, asOf: try date.day())
        var out = CSV.row(batch.header)
        for j in 0..<batch.ids.count { out += CSV.row(batch.row(j)) }
        try emit(out, to: output)
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

    func validate() throws {
        guard quota > 0 else { throw ValidationError("--quota must be a positive number of places (found \(quota))") }
    }

    func run() throws {
        try OutputPaths.check([("--output", output)], inputs: [rules.input, ("--input", input), ("--reform", reform.reform)])
        let book = try rules.load()
        let batch = try ScoredBatch(edition: try reform.apply(book.edition(edition), book, reform.load()), input: input, asOf: try date.day())
        var scratch = SelectionScratch()
        var admitted: [Bool] = []
        let result = Selection.admit(batch.scorer, batch.scores, batch.table, quota: quota, scratch: &scratch, admitted: &admitted)
        let order = Selection.ranking(batch.scorer, batch.scores, batch.table)
        let rest = (0..<batch.ids.count).filter { !batch.scores.isEligible($0) }
        let keys = batch.scorer.edition.tieBreak.map { "tie:\($0.key)" }
        var csv = CSV.row(["rank", "admitted"] + batch.header + keys)
        for (r, j) in (order + rest).enumerated() {
            let ties = batch.scorer.plan.tieBreak.map { fmt(batch.scorer.tieValue($0, batch.scores, batch.table, j)) }
            csv += CSV.row([batch.scores.isEligible(j) ? "\(r + 1)" : "", "\(admitted[j])"] + batch.row(j) + ties)
        }
        if let output { try emit(csv, to: output) }
        let admittedIDs = order.filter { admitted[$0] }.map { batch.ids[$0] }
        let ineligible = IneligibleCounts(batch.scores, edition: batch.scorer.edition)
        switch format {
        case .csv:
            if output == nil { try emit(csv) }
        case .json:
            try emit(JSON.object([
                ("edition", .string(edition)), ("quota", .number(Double(quota))), ("applicants", .number(Double(result.applicants))),
                ("eligible", .number(Double(result.eligible))), ("admitted", .number(Double(result.admitted))),
                ("cutoff", .optional(result.cutoff)), ("tie_mass", .number(Double(result.tieMass))),
                ("admitted_at_cutoff", .number(Double(result.admittedAtCutoff))),
                ("tie_break", .array(keys.map { .string($0) })),
                ("admitted_ids", .array(admittedIDs.map { .string($0) })),
                ("ineligible", ineligible.json),
                ("disclaimer", .string(ScoreCard.disclaimer)),
            ]).serialized() + "\n")
        case .text:
            var out = "Ranking under \(edition) 积分排名  \(ScoreCard.disclaimer)\n"
            out += "Applicants 申请人 \(result.applicants), eligible 符合条件 \(result.eligible), quota 名额 \(quota), admitted 录取 \(result.admitted)\n"
            out += "Cutoff 最低录取分 \(fmt(result.cutoff)); \(result.tieMass) eligible applicant(s) scored exactly the cutoff, \(result.admittedAtCutoff) of them admitted by the tie-break order (\(keys.joined(separator: " → ")))\n\n"
            var t = TextTable(["rank 排名", "id", "total 总分", "admitted 录取"], rightAligned: [0, 2])
            // The admitted and a few more; a quota beyond the list (up to Int.max) shows the whole list.
            let shown = min(order.count, max(min(quota, order.count), 10) + 5)
            for (r, j) in order.prefix(shown).enumerated() {
                t.add(["\(r + 1)", batch.ids[j], fmt(batch.scores.total[j]), admitted[j] ? "yes" : "no"])
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
