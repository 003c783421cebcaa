import JifenPolicy
import JifenStatistics

/// Who is admitted under a quota, and the cutoff score.
public struct Admission: Sendable, Equatable {
    public var applicants: Int
    public var eligible: Int
    public var admitted: Int
    /// The score of the last admitted applicant (an exact order statistic of the eligible
    /// scores), or nil when nobody is eligible.
    public var cutoff: Double?
    /// Eligible applicants scoring exactly the cutoff.
    public var tieMass: Int
    /// Of those, how many were admitted (by the tie-break order).
    public var admittedAtCutoff: Int
}

/// Reusable buffers so that repeated selections allocate nothing.
public struct SelectionScratch: Sendable {
    var eligibleTotals: [Double] = []
    var select: [Double] = []
    var tied: [Int] = []
    public init() {}
}

/// The city's admission rule: eligibility, then score, then the edition's tie-break keys, then
/// input order.
public enum Selection {
    /// Admits up to `quota` eligible applicants. When `admitted` is given it is filled with one
    /// flag per applicant.
    public static func admit(
        _ scorer: Scorer, _ scores: ScoreColumns, _ table: FeatureTable, quota: Int,
        scratch: inout SelectionScratch, admitted: inout [Bool]
    ) -> Admission {
        let n = scores.count
        scratch.eligibleTotals.removeAll(keepingCapacity: true)
        for j in 0..<n where scores.isEligible(j) { scratch.eligibleTotals.append(scores.total[j]) }
        let eligible = scratch.eligibleTotals.count
        if admitted.count != n { admitted = [Bool](repeating: false, count: n) }
        for j in 0..<n { admitted[j] = false }
        guard eligible > 0, quota > 0 else {
            return Admission(applicants: n, eligible: eligible, admitted: 0, cutoff: nil, tieMass: 0, admittedAtCutoff: 0)
        }
        let k = min(quota, eligible)
        // The k-th largest eligible score is the cutoff: exact, never interpolated.
        let cutoff = (try? OrderStatistics.kthLargest(k, of: scratch.eligibleTotals, scratch: &scratch.select)) ?? 0
        var above = 0
        scratch.tied.removeAll(keepingCapacity: true)
        for j in 0..<n where scores.isEligible(j) {
            if scores.total[j] > cutoff {
                admitted[j] = true
                above += 1
            } else if scores.total[j] == cutoff {
                scratch.tied.append(j)
            }
        }
        let places = k - above
        if places < scratch.tied.count {
            scratch.tied.sort { precedes($0, $1, scorer, scores, table) }
        }
        for j in scratch.tied.prefix(places) { admitted[j] = true }
        return Admission(applicants: n, eligible: eligible, admitted: k, cutoff: cutoff, tieMass: scratch.tied.count,
                         admittedAtCutoff: places)
    }

    /// Eligible applicants in the official order.
    public static func ranking(_ scorer: Scorer, _ scores: ScoreColumns, _ table: FeatureTable) -> [Int] {
        (0..<scores.count).filter { scores.isEligible($0) }.sorted { a, b in
            if scores.total[a] != scores.total[b] { return scores.total[a] > scores.total[b] }
            return precedes(a, b, scorer, scores, table)
        }
    }

    /// Among equal totals: true if `a` goes before `b` under the tie-break keys, then input order.
    static func precedes(_ a: Int, _ b: Int, _ scorer: Scorer, _ scores: ScoreColumns, _ table: FeatureTable) -> Bool {
        for key in scorer.plan.tieBreak {
            let va = scorer.tieValue(key, scores, table, a), vb = scorer.tieValue(key, scores, table, b)
            if va != vb { return key.descending ? va > vb : va < vb }
        }
        return a < b
    }
}
