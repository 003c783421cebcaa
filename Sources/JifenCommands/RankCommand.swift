import ArgumentParser
import Foundation
import JifenAnalyses
import JifenPolicy

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
        let ranked = try reform.apply(book.edition(edition), book, reform.load())
        let path = dataPath(input)
        let result = try RuleLibrary(book).rank(RankRequest(edition: ranked, label: edition, applicants: .file(path: path, display: path),
                                                            asOf: try date.day(), quota: quota, threads: workers.threads))
        if output != nil || format == .csv { try writeRows(result) }
        switch format {
        case .csv: break
        case .json: try emit(result.json.serialized() + "\n")
        case .text: try emit(Self.text(result))
        }
    }

    /// Every applicant as a CSV row: eligible applicants in the official order, then the rest in file order.
    func writeRows(_ result: RankResult) throws {
        let sheet = ScoreSheet(result.scorer.edition)
        let tieColumns = result.tieColumns()
        let ids = result.ids, scores = result.scores, admitted = result.admitted
        try StagedOutput.write(to: output) { out in
            try out.write(CSV.row(["rank", "admitted"] + sheet.header + result.tieKeys))
            var bytes: [UInt8] = []
            func row(_ rank: Int?, _ j: Int) {
                if let rank { ScoreSheet.appendDigits(Int64(rank), to: &bytes) }
                bytes.append(contentsOf: (admitted[j] ? ",true," : ",false,").utf8)
                sheet.append(id: ids[j], scores, j, to: &bytes)
                for c in tieColumns {
                    bytes.append(UInt8(ascii: ","))
                    ScoreSheet.append(c[j], to: &bytes)
                }
                bytes.append(UInt8(ascii: "\n"))
            }
            for (r, j) in result.order.enumerated() {
                row(r + 1, j)
                if bytes.count > 1 << 20 { try out.write(bytes); bytes.removeAll(keepingCapacity: true) }
            }
            for j in 0..<ids.count where !scores.isEligible(j) {
                row(nil, j)
                if bytes.count > 1 << 20 { try out.write(bytes); bytes.removeAll(keepingCapacity: true) }
            }
            try out.write(bytes)
        }
    }

    static func text(_ result: RankResult) -> String {
        let r = result.admission, quota = result.request.quota, order = result.order, keys = result.tieKeys
        var out = "Ranking under \(result.request.label) 积分排名  \(ScoreCard.disclaimer)\n"
        out += "Applicants 申请人 \(r.applicants), eligible 符合条件 \(r.eligible), quota 名额 \(quota), admitted 录取 \(r.admitted)\n"
        out += "Cutoff 最低录取分 \(fmt(r.cutoff)); \(r.tieMass) eligible applicant(s) scored exactly the cutoff, \(r.admittedAtCutoff) of them admitted by the tie-break order (\(keys.joined(separator: " → ")))\n\n"
        var t = TextTable(["rank 排名", "id", "total 总分", "admitted 录取"], rightAligned: [0, 2])
        // The admitted and a few more; a quota beyond the list (up to Int.max) shows the whole list.
        let shown = min(order.count, max(min(quota, order.count), 10) + 5)
        for (rank, j) in order.prefix(shown).enumerated() {
            t.add(["\(rank + 1)", result.ids[j], fmt(result.scores.total[j]), result.admitted[j] ? "yes" : "no"])
        }
        out += t.render()
        if order.count > shown { out += "… \(order.count - shown) more eligible applicants (see --output)\n" }
        if order.isEmpty { out += "No applicant is eligible, so no one is admitted 无人符合条件.\n" }
        if result.ineligible.total > 0 {
            out += "\nNot eligible 不符合条件: \(result.ineligible.total) applicant(s), each counted under the first condition it fails:\n"
                + result.ineligible.text
        }
        return out
    }
}

extension IneligibleCounts {
    /// The rows as text lines, most common first.
    var text: String {
        rows.sorted { $0.count > $1.count }.map { CardText.paragraph("  \(String($0.count).leftPadded(6))  \($0.reason)", CardText.defaultWidth, indent: 10) }.joined()
    }
}
