import CGSL

/// Exact order statistics: the k-th smallest or largest value itself, never an interpolation.
///
/// Ranks are 1-based, as in "the Q-th admitted applicant": `kthLargest(1, …)` is the maximum.
/// Selection runs `gsl_stats_select` (quickselect, expected O(n)) on a caller-owned scratch
/// buffer, so a loop that reuses the buffer allocates nothing after its first call.
public enum OrderStatistics {
    /// The `k`-th smallest of `values` (k in 1...count). `values` is left untouched; `scratch`
    /// is overwritten and keeps its capacity for the next call.
    public static func kthSmallest(
        _ k: Int, of values: some Collection<Double>, scratch: inout [Double]
    ) throws(StatisticsError) -> Double {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: values)
        return try scratch.withUnsafeMutableBufferPointer { buffer throws(StatisticsError) in try kthSmallest(k, reordering: buffer) }
    }

    /// The `k`-th smallest of the values in `buffer` (k in 1...count), found in place: the
    /// values are left in another order. For a buffer the caller fills anew each time, this
    /// saves a copy.
    public static func kthSmallest(_ k: Int, reordering buffer: UnsafeMutableBufferPointer<Double>) throws(StatisticsError) -> Double {
        let n = buffer.count
        guard n > 0 else { throw .empty }
        guard (1...n).contains(k) else { throw .rankOutOfRange(k: k, count: n) }
        guard !buffer.contains(where: \.isNaN) else { throw .notANumber }
        return gsl_stats_select(buffer.baseAddress, 1, n, k - 1)
    }

    /// The `k`-th largest of `values` (k in 1...count); see ``kthSmallest(_:of:scratch:)``.
    public static func kthLargest(
        _ k: Int, of values: some Collection<Double>, scratch: inout [Double]
    ) throws(StatisticsError) -> Double {
        let n = values.count
        guard n > 0 else { throw .empty }
        guard (1...n).contains(k) else { throw .rankOutOfRange(k: k, count: n) }
        return try kthSmallest(n - k + 1, of: values, scratch: &scratch)
    }

    /// The `k`-th smallest, allocating its own scratch.
    public static func kthSmallest(_ k: Int, of values: [Double]) throws(StatisticsError) -> Double {
        var scratch: [Double] = []
        return try kthSmallest(k, of: values, scratch: &scratch)
    }

    /// The `k`-th largest, allocating its own scratch.
    public static func kthLargest(_ k: Int, of values: [Double]) throws(StatisticsError) -> Double {
        var scratch: [Double] = []
        return try kthLargest(k, of: values, scratch: &scratch)
    }

    /// Sorts `values` ascending with a least-significant-digit radix sort on their bit patterns:
    /// eight passes of one byte, skipping a pass where every value has the same byte, so O(n)
    /// and usually three or four passes for scores. The order is `sort()`'s for numbers (−0
    /// goes before +0, which `sort()` treats as equal); `values` must not contain NaN. `keys`
    /// and `spare` are scratch that keep their capacity.
    public static func radixSort(_ values: inout [Double], keys: inout [UInt64], spare: inout [UInt64]) {
        let n = values.count
        guard n > 1 else { return }
        let sign: UInt64 = 1 << 63
        // Negative numbers flip every bit and positive ones only the sign, so unsigned order is
        // numeric order.
        keys.removeAll(keepingCapacity: true)
        keys.append(contentsOf: values.lazy.map { v in
            let b = v.bitPattern
            return b & sign != 0 ? ~b : b | sign
        })
        if spare.count != n { spare = [UInt64](repeating: 0, count: n) }
        var counts = [Int](repeating: 0, count: 256)
        for shift in stride(from: 0, to: 64, by: 8) {
            let shift = UInt64(shift)
            for i in 0..<256 { counts[i] = 0 }
            for k in keys { counts[Int((k >> shift) & 0xFF)] += 1 }
            if counts.contains(n) { continue }
            var start = 0
            for i in 0..<256 {
                let c = counts[i]
                counts[i] = start
                start += c
            }
            keys.withUnsafeBufferPointer { from in
                spare.withUnsafeMutableBufferPointer { to in
                    for k in from {
                        let b = Int((k >> shift) & 0xFF)
                        to[counts[b]] = k
                        counts[b] += 1
                    }
                }
            }
            swap(&keys, &spare)
        }
        for i in 0..<n {
            let k = keys[i]
            values[i] = Double(bitPattern: k & sign != 0 ? k & ~sign : ~k)
        }
    }

    /// The sample quantile of type 7 (Hyndman & Fan 1996; R's default, numpy's "linear"):
    /// with h = (n − 1)·p, the value at ⌊h⌋ plus (h − ⌊h⌋) times the step to the next value.
    /// This is `gsl_stats_quantile_from_sorted_data`. `sorted` must be ascending.
    public static func quantile(_ p: Double, sorted: [Double]) throws(StatisticsError) -> Double {
        guard !sorted.isEmpty else { throw .empty }
        guard (0...1).contains(p) else { throw .invalidArgument("quantile level \(p) outside [0, 1]") }
        return sorted.withUnsafeBufferPointer { gsl_stats_quantile_from_sorted_data($0.baseAddress, 1, $0.count, p) }
    }
}

/// A summary of one statistic across replicates (e.g. the cutoff score over 1,000 pools).
public struct ReplicateSummary: Sendable, Codable, Equatable {
    /// The quantile definition used for `median`, `p05` and `p95`.
    public static let quantileMethod = "type 7 (Hyndman-Fan; gsl_stats_quantile_from_sorted_data)"

    /// Number of replicates summarised.
    public let count: Int
    /// Arithmetic mean.
    public let mean: Double
    /// Sample standard deviation (divisor n − 1); nil for a single replicate.
    public let sd: Double?
    /// Smallest value.
    public let min: Double
    /// Largest value.
    public let max: Double
    /// 50% quantile.
    public let median: Double
    /// 5% quantile.
    public let p05: Double
    /// 95% quantile.
    public let p95: Double
    /// How the quantiles were computed, for the record: ``quantileMethod``.
    public let method: String

    /// Summarises `values` (at least one, no NaN).
    public init(_ values: [Double]) throws(StatisticsError) {
        guard !values.isEmpty else { throw .empty }
        guard !values.contains(where: \.isNaN) else { throw .notANumber }
        let sorted = values.sorted()
        let n = sorted.count
        count = n
        (mean, sd) = sorted.withUnsafeBufferPointer { buffer in
            let mean = gsl_stats_mean(buffer.baseAddress, 1, n)
            let sd = n > 1 ? gsl_stats_sd_m(buffer.baseAddress, 1, n, mean) : nil
            return (mean, sd)
        }
        min = sorted[0]
        max = sorted[n - 1]
        median = try OrderStatistics.quantile(0.5, sorted: sorted)
        p05 = try OrderStatistics.quantile(0.05, sorted: sorted)
        p95 = try OrderStatistics.quantile(0.95, sorted: sorted)
        method = Self.quantileMethod
    }
}
