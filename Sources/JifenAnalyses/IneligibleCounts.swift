import JifenPolicy

/// Why the applicants of a list are not eligible: how many are vetoed, and how many fail each
/// condition first (conditions in the rule book's order, the threshold last). Each ineligible
/// applicant is counted once, under the first reason that applies.
public struct IneligibleCounts: Sendable {
    /// Each reason with the applicants counted under it, in the rule book's order.
    public var rows: [(reason: String, count: Int)]

    /// Counts per veto and per condition (the threshold last), summed over blocks of applicants.
    public struct Tally: Sendable {
        var vetoed: [Int]
        var failed: [Int]

        /// No applicant yet.
        public init(edition: Edition) {
            vetoed = [Int](repeating: 0, count: edition.vetoes.count)
            failed = [Int](repeating: 0, count: edition.eligibility.count + 1)
        }

        /// The ineligible applicants of `scores`.
        public init(_ scores: ScoreColumns, edition: Edition) {
            self.init(edition: edition)
            for j in 0..<scores.count where !scores.isEligible(j) {
                if scores.veto[j] >= 0 {
                    vetoed[Int(scores.veto[j])] += 1
                } else if scores.failedGate[j] >= 0 {
                    failed[min(Int(scores.failedGate[j]), failed.count - 1)] += 1
                }
            }
        }

        /// Adds another block's counts.
        public mutating func add(_ other: Tally) {
            for k in vetoed.indices { vetoed[k] += other.vetoed[k] }
            for k in failed.indices { failed[k] += other.failed[k] }
        }
    }

    public init(_ scores: ScoreColumns, edition: Edition) {
        self.init(Tally(scores, edition: edition), edition: edition)
    }

    public init(_ tally: Tally, edition: Edition) {
        let (vetoed, failed) = (tally.vetoed, tally.failed)
        var rows: [(String, Int)] = []
        for (v, veto) in edition.vetoes.enumerated() where vetoed[v] > 0 { rows.append(("vetoed: \(veto.rule)", vetoed[v])) }
        for (g, gate) in edition.eligibility.enumerated() where failed[g] > 0 { rows.append((Scorer.unmet(gate.rule), failed[g])) }
        if failed[edition.eligibility.count] > 0 {
            rows.append(("total below the threshold \(edition.threshold.map { JSON.format($0.value) } ?? "—")", failed[edition.eligibility.count]))
        }
        self.rows = rows
    }

    /// Every ineligible applicant.
    public var total: Int { rows.reduce(0) { $0 + $1.count } }

    /// `[{"reason": …, "count": …}]`, in the rule book's order.
    public var json: JSON {
        .array(rows.map { .object([("reason", .string($0.reason)), ("count", .number(Double($0.count)))]) })
    }
}
