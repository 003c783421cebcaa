import CGSL

/// Rank correlations between two paired samples (e.g. the same applicants' scores under a
/// baseline and a reformed rule book). Holds scratch buffers so repeated calls reuse memory.
public struct RankCorrelation {
    private var order: [Int] = []
    private var first: [Double] = []
    private var second: [Double] = []

    /// Empty scratch; buffers grow to the largest sample seen.
    public init() {}

    /// Kendall's tau-b, which corrects for ties in either sample, in O(n log n) by Knight's
    /// (1966) algorithm: sort the pairs by x then y, count discordant pairs as the exchanges a
    /// merge sort on y makes, and subtract the tied pairs counted along the way.
    ///
    /// tau-b = (n₀ − n₁ − n₂ + n₃ − 2·D) / √((n₀ − n₁)(n₀ − n₂)), where n₀ = n(n−1)/2, n₁ and n₂
    /// are pairs tied in x and in y, n₃ pairs tied in both, and D discordant pairs. NaN when
    /// n < 2 or either sample is constant (the coefficient is undefined there).
    public mutating func kendallTauB(_ x: [Double], _ y: [Double]) throws(StatisticsError) -> Double {
        try validatePairs(x, y)
        let n = x.count
        guard n >= 2 else { return .nan }
        order.removeAll(keepingCapacity: true)
        order.append(contentsOf: 0..<n)
        order.sort { x[$0] < x[$1] || (x[$0] == x[$1] && y[$0] < y[$1]) }

        var xTied = 0, jointTied = 0
        var xRun = 1, jointRun = 1
        for position in 1..<n {
            let a = order[position - 1], b = order[position]
            if x[a] == x[b] {
                xRun += 1
                if y[a] == y[b] { jointRun += 1 } else { jointTied += pairs(jointRun); jointRun = 1 }
            } else {
                xTied += pairs(xRun); xRun = 1
                jointTied += pairs(jointRun); jointRun = 1
            }
        }
        xTied += pairs(xRun)
        jointTied += pairs(jointRun)

        first.removeAll(keepingCapacity: true)
        for index in order { first.append(y[index]) }
        let discordant = sortCountingInversions()

        var yTied = 0, yRun = 1
        for position in 1..<n {
            if first[position] == first[position - 1] { yRun += 1 } else { yTied += pairs(yRun); yRun = 1 }
        }
        yTied += pairs(yRun)

        let total = pairs(n)
        let numerator = Double(total - xTied - yTied + jointTied - 2 * discordant)
        let denominator = (Double(total - xTied) * Double(total - yTied)).squareRoot()
        return denominator > 0 ? numerator / denominator : .nan
    }

    /// Spearman's rho: the Pearson correlation of the two samples' ranks, tied values sharing the
    /// average of the ranks they span. NaN when n < 2 or either sample is constant.
    public mutating func spearmanRho(_ x: [Double], _ y: [Double]) throws(StatisticsError) -> Double {
        try validatePairs(x, y)
        let n = x.count
        guard n >= 2 else { return .nan }
        Self.averageRanks(of: x, order: &order, into: &first)
        Self.averageRanks(of: y, order: &order, into: &second)
        let rho = first.withUnsafeBufferPointer { a in
            second.withUnsafeBufferPointer { b in gsl_stats_correlation(a.baseAddress, 1, b.baseAddress, 1, n) }
        }
        return rho.isFinite ? rho : .nan
    }

    /// Kendall's tau-b with fresh scratch.
    public static func kendallTauB(_ x: [Double], _ y: [Double]) throws(StatisticsError) -> Double {
        var correlation = RankCorrelation()
        return try correlation.kendallTauB(x, y)
    }

    /// Spearman's rho with fresh scratch.
    public static func spearmanRho(_ x: [Double], _ y: [Double]) throws(StatisticsError) -> Double {
        var correlation = RankCorrelation()
        return try correlation.spearmanRho(x, y)
    }

    private func validatePairs(_ x: [Double], _ y: [Double]) throws(StatisticsError) {
        guard x.count == y.count else { throw .lengthMismatch(x.count, y.count) }
        guard !x.contains(where: \.isNaN), !y.contains(where: \.isNaN) else { throw .notANumber }
    }

    @inline(__always) private func pairs(_ run: Int) -> Int { run * (run - 1) / 2 }

    /// Bottom-up merge sort of `first` (using `second` as the merge buffer), returning the number
    /// of strictly inverted pairs; equal values are never counted, so tied pairs stay out of D.
    private mutating func sortCountingInversions() -> Int {
        let n = first.count
        second.removeAll(keepingCapacity: true)
        second.append(contentsOf: first)
        var inversions = 0
        var width = 1
        while width < n {
            first.withUnsafeBufferPointer { source in
                second.withUnsafeMutableBufferPointer { target in
                    for low in stride(from: 0, to: n, by: 2 * width) {
                        let mid = min(low + width, n), high = min(low + 2 * width, n)
                        var i = low, j = mid, k = low
                        while i < mid && j < high {
                            if source[i] <= source[j] {
                                target[k] = source[i]; i += 1
                            } else {
                                target[k] = source[j]; j += 1
                                inversions += mid - i
                            }
                            k += 1
                        }
                        while i < mid { target[k] = source[i]; i += 1; k += 1 }
                        while j < high { target[k] = source[j]; j += 1; k += 1 }
                    }
                }
            }
            swap(&first, &second)
            width *= 2
        }
        return inversions
    }

    /// 1-based ranks of `values`, ties sharing their average rank.
    private static func averageRanks(of values: [Double], order: inout [Int], into ranks: inout [Double]) {
        let n = values.count
        order.removeAll(keepingCapacity: true)
        order.append(contentsOf: 0..<n)
        order.sort { values[$0] < values[$1] }
        ranks.removeAll(keepingCapacity: true)
        ranks.append(contentsOf: repeatElement(0, count: n))
        var start = 0
        while start < n {
            var end = start + 1
            while end < n && values[order[end]] == values[order[start]] { end += 1 }
            // Positions start..<end hold ranks start+1...end; their mean is (start + 1 + end) / 2.
            let shared = Double(start + 1 + end) / 2
            for position in start..<end { ranks[order[position]] = shared }
            start = end
        }
    }
}

/// How two admitted sets (e.g. under a baseline and a reform, on the same applicants) differ.
public enum SetOverlap {
    /// Jaccard index |A ∩ B| / |A ∪ B| of two masks over the same items; 1 when both are empty
    /// (two empty sets are identical).
    public static func jaccard(_ a: [Bool], _ b: [Bool]) throws(StatisticsError) -> Double {
        guard a.count == b.count else { throw .lengthMismatch(a.count, b.count) }
        var both = 0, either = 0
        for i in a.indices {
            if a[i] && b[i] { both += 1 }
            if a[i] || b[i] { either += 1 }
        }
        return either == 0 ? 1 : Double(both) / Double(either)
    }

    /// Jaccard index of two sets of item indices; 1 when both are empty.
    public static func jaccard(_ a: some Sequence<Int>, _ b: some Sequence<Int>) -> Double {
        let setA = Set(a), setB = Set(b)
        let union = setA.union(setB).count
        return union == 0 ? 1 : Double(setA.intersection(setB).count) / Double(union)
    }

    /// Items that change side between `before` and `after` masks over the same items.
    public static func flips(from before: [Bool], to after: [Bool]) throws(StatisticsError) -> Flips {
        guard before.count == after.count else { throw .lengthMismatch(before.count, after.count) }
        var inToOut = 0, outToIn = 0
        for i in before.indices where before[i] != after[i] {
            if before[i] { inToOut += 1 } else { outToIn += 1 }
        }
        return Flips(inToOut: inToOut, outToIn: outToIn)
    }
}

/// Counts of items that changed side between two admitted sets.
public struct Flips: Sendable, Codable, Equatable {
    /// Admitted before, not after.
    public let inToOut: Int
    /// Not admitted before, admitted after.
    public let outToIn: Int

    /// Counts as given.
    public init(inToOut: Int, outToIn: Int) {
        self.inToOut = inToOut
        self.outToIn = outToIn
    }

    /// All items that changed side.
    public var total: Int { inToOut + outToIn }
}
