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
    /// Of those, how many were admitted: by the tie-break order, or all of them where the
    /// edition admits everyone on the line (then `admitted` may exceed the quota).
    public var admittedAtCutoff: Int
}

/// What selection reads of each applicant: the total, eligibility and the edition's tie-break
/// values. A pool scored block by block keeps only these, not every score column.
public struct Standings: Sendable {
    public private(set) var count: Int
    public var total: [Double]
    public var eligible: [Bool]
    /// One column per tie-break key of the compiled edition: the value ``Scorer/tieValue(_:_:_:_:)`` gives.
    public var tieValues: [[Double]]
    let descending: [Bool]
    /// The edition admits everyone tied at the cutoff instead of filling the quota exactly.
    let admitsAllTied: Bool

    /// Room for `count` applicants scored under `compiled`.
    public init(compiled: CompiledEdition, count: Int) {
        self.count = count
        admitsAllTied = compiled.edition.atCutoff.admit == .allTied
        total = [Double](repeating: 0, count: count)
        eligible = [Bool](repeating: false, count: count)
        tieValues = Array(repeating: [Double](repeating: 0, count: count), count: compiled.tieBreak.count)
        descending = compiled.tieBreak.map(\.descending)
    }

    /// The standings of every applicant in `scores`.
    public init(_ scorer: Scorer, _ scores: ScoreColumns, _ table: FeatureTable) {
        self.init(compiled: scorer.compiled, count: scores.count)
        record(scorer, scores, table, rows: 0..<scores.count, at: 0)
    }

    /// Adds the applicants of `part` after these (a list read chunk by chunk).
    public mutating func append(_ part: Standings) {
        count += part.count
        total += part.total
        eligible += part.eligible
        for k in tieValues.indices { tieValues[k] += part.tieValues[k] }
    }

    /// Copies rows `rows` of `scores` (and `table`, for tie-break inputs) to rows starting at `offset`.
    public mutating func record(_ scorer: Scorer, _ scores: ScoreColumns, _ table: FeatureTable, rows: Range<Int>, at offset: Int) {
        let shift = offset - rows.lowerBound
        scores.total.withUnsafeBufferPointer { t in
            total.withUnsafeMutableBufferPointer { out in for j in rows { out[j + shift] = t[j] } }
        }
        eligible.withUnsafeMutableBufferPointer { out in for j in rows { out[j + shift] = scores.isEligible(j) } }
        for (k, key) in scorer.compiled.tieBreak.enumerated() {
            scorer.tieColumn(key, scores, table).withUnsafeBufferPointer { c in
                tieValues[k].withUnsafeMutableBufferPointer { out in for j in rows { out[j + shift] = c[j] } }
            }
        }
    }
}

/// Reusable buffers so that repeated selections allocate nothing.
public struct SelectionScratch: Sendable {
    var eligibleTotals: [Double] = []
    var tied: [Int] = []
    public init() {}
}

/// The city's admission rule: eligibility, then score, then at the cutoff either the edition's
/// tie-break keys and input order, or (where the edition says so) everyone on the line.
public enum Selection {
    /// Admits up to `quota` eligible applicants of a scored table; `admitted` is filled with
    /// one flag per applicant.
    public static func admit(
        _ scorer: Scorer, _ scores: ScoreColumns, _ table: FeatureTable, quota: Int,
        scratch: inout SelectionScratch, admitted: inout [Bool]
    ) -> Admission {
        admit(Standings(scorer, scores, table), quota: quota, scratch: &scratch, admitted: &admitted)
    }

    /// The numbers of an admission round under `quota` (cutoff, counts, tie mass), without
    /// settling who among the tied gets in.
    public static func round(_ s: Standings, quota: Int, scratch: inout SelectionScratch) -> Admission {
        let n = s.count
        // Every total is written and the end advances only past the eligible: no branch on
        // eligibility, which is close to a coin toss in a pool.
        if scratch.eligibleTotals.count < n { scratch.eligibleTotals = [Double](repeating: 0, count: n) }
        return scratch.eligibleTotals.withUnsafeMutableBufferPointer { out in
            var eligible = 0
            s.total.withUnsafeBufferPointer { total in
                s.eligible.withUnsafeBufferPointer { flags in
                    for j in 0..<n {
                        out[eligible] = total[j]
                        eligible += flags[j] ? 1 : 0
                    }
                }
            }
            guard eligible > 0, quota > 0 else {
                return Admission(applicants: n, eligible: eligible, admitted: 0, cutoff: nil, tieMass: 0, admittedAtCutoff: 0)
            }
            let totals = UnsafeMutableBufferPointer(rebasing: out[0..<eligible])
            let k = min(quota, eligible)
            // The k-th largest eligible score is the cutoff: exact, never interpolated.
            let cutoff = (try? OrderStatistics.kthSmallest(eligible - k + 1, reordering: totals)) ?? 0
            var above = 0, tied = 0
            for t in totals {
                above += t > cutoff ? 1 : 0
                tied += t == cutoff ? 1 : 0
            }
            let atCutoff = s.admitsAllTied ? tied : k - above
            return Admission(applicants: n, eligible: eligible, admitted: above + atCutoff, cutoff: cutoff, tieMass: tied,
                             admittedAtCutoff: atCutoff)
        }
    }

    /// Admits up to `quota` eligible applicants; `admitted` is filled with one flag per applicant.
    public static func admit(
        _ s: Standings, quota: Int, scratch: inout SelectionScratch, admitted: inout [Bool]
    ) -> Admission {
        let a = round(s, quota: quota, scratch: &scratch)
        let n = s.count
        if admitted.count != n { admitted = [Bool](repeating: false, count: n) }
        for j in 0..<n { admitted[j] = false }
        guard let cutoff = a.cutoff else { return a }
        scratch.tied.removeAll(keepingCapacity: true)
        for j in 0..<n where s.eligible[j] {
            if s.total[j] > cutoff {
                admitted[j] = true
            } else if s.total[j] == cutoff {
                scratch.tied.append(j)
            }
        }
        if a.admittedAtCutoff < scratch.tied.count {
            scratch.tied.sort { precedes($0, $1, s) }
        }
        for j in scratch.tied.prefix(a.admittedAtCutoff) { admitted[j] = true }
        return a
    }

    /// Eligible applicants in the official order.
    public static func ranking(_ scorer: Scorer, _ scores: ScoreColumns, _ table: FeatureTable) -> [Int] {
        ranking(Standings(scorer, scores, table))
    }

    /// Eligible applicants of `s` in the official order.
    public static func ranking(_ s: Standings) -> [Int] {
        (0..<s.count).filter { s.eligible[$0] }.sorted { a, b in
            if s.total[a] != s.total[b] { return s.total[a] > s.total[b] }
            return precedes(a, b, s)
        }
    }

    /// Among equal totals: true if `a` goes before `b` under the tie-break keys, then input order.
    static func precedes(_ a: Int, _ b: Int, _ s: Standings) -> Bool {
        for (k, column) in s.tieValues.enumerated() {
            let va = column[a], vb = column[b]
            if va != vb { return s.descending[k] ? va > vb : va < vb }
        }
        return a < b
    }
}
