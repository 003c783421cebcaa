import Testing
import JifenStatistics

@Suite("Order statistics and summaries")
struct OrderStatisticsTests {
    @Test("k-th smallest and largest agree with sorting, ties included", arguments: [1, 2, 3, 4, 5])
    func selectionMatchesSort(seed: UInt64) throws {
        let stream = RandomStream(seed: seed, stream: 9)
        let n = 1 + stream.uniformInt(below: 200)
        // Values on a coarse grid, so ties are common, as with integer scores.
        let values = (0..<n).map { _ in Double(stream.uniformInt(below: 30)) / 2 }
        let sorted = values.sorted()
        var scratch: [Double] = []
        for k in 1...n {
            #expect(try OrderStatistics.kthSmallest(k, of: values, scratch: &scratch) == sorted[k - 1])
            #expect(try OrderStatistics.kthLargest(k, of: values, scratch: &scratch) == sorted[n - k])
        }
    }

    @Test("hand example: cutoff of a quota")
    func handExample() throws {
        let scores = [120.5, 98, 143, 98, 110, 143, 87]
        #expect(try OrderStatistics.kthLargest(1, of: scores) == 143)
        #expect(try OrderStatistics.kthLargest(2, of: scores) == 143)
        #expect(try OrderStatistics.kthLargest(3, of: scores) == 120.5)
        #expect(try OrderStatistics.kthLargest(5, of: scores) == 98)
        #expect(try OrderStatistics.kthSmallest(1, of: scores) == 87)
    }

    @Test("bad ranks and inputs are refused")
    func refusals() {
        #expect(throws: StatisticsError.rankOutOfRange(k: 0, count: 3)) { try OrderStatistics.kthSmallest(0, of: [1, 2, 3]) }
        #expect(throws: StatisticsError.rankOutOfRange(k: 4, count: 3)) { try OrderStatistics.kthLargest(4, of: [1, 2, 3]) }
        #expect(throws: StatisticsError.empty) { try OrderStatistics.kthLargest(1, of: []) }
        #expect(throws: StatisticsError.notANumber) { try OrderStatistics.kthLargest(1, of: [1, .nan]) }
        #expect(throws: StatisticsError.empty) { try ReplicateSummary([]) }
    }

    @Test("summary of [1, 2, 3, 4, 10] worked by hand")
    func summaryByHand() throws {
        // Type 7: h = (n − 1)p; p05: h = 0.2 → 1 + 0.2·(2 − 1) = 1.2; p95: h = 3.8 → 4 + 0.8·(10 − 4) = 8.8.
        // sd: squared deviations from 4 are 9, 4, 1, 0, 36 → 50 / 4 = 12.5.
        let summary = try ReplicateSummary([10, 3, 1, 4, 2])
        #expect(summary.count == 5)
        #expect(summary.mean == 4)
        #expect(summary.median == 3)
        #expect(abs(summary.p05 - 1.2) < 1e-12)
        #expect(abs(summary.p95 - 8.8) < 1e-12)
        #expect(abs(summary.sd! - 12.5.squareRoot()) < 1e-12)
        #expect(summary.min == 1 && summary.max == 10)
        #expect(summary.method.contains("type 7"))
    }

    @Test("summary of an even count interpolates the median; one value has no sd")
    func summaryEdges() throws {
        // [2, 4, 6, 8]: median h = 1.5 → 4 + 0.5·2 = 5; p95 h = 2.85 → 6 + 0.85·2 = 7.7.
        let even = try ReplicateSummary([8, 2, 6, 4])
        #expect(even.median == 5)
        #expect(abs(even.p95 - 7.7) < 1e-12)
        let single = try ReplicateSummary([3.5])
        #expect(single.sd == nil)
        #expect(single.median == 3.5 && single.p05 == 3.5 && single.p95 == 3.5)
    }
}

@Suite("Radix sort")
struct RadixSortTests {
    @Test("gives sort()'s order for negative, positive, infinite and repeated values", arguments: [0, 1, 2, 5, 1000, 20_000])
    func matchesSort(count: Int) {
        let stream = RandomStream(kind: .taus2, seed: UInt64(count), stream: 0)
        var values = (0..<count).map { i -> Double in
            switch i % 7 {
            case 0: return (stream.uniform() * 400).rounded() / 4       // repeated quarter points
            case 1: return -stream.uniform() * 1e6
            case 2: return stream.gaussian() * 1e-300
            case 3: return i % 2 == 0 ? .infinity : -.infinity
            default: return stream.uniform() * 500 - 100
            }
        }
        let expected = values.sorted()
        var keys: [UInt64] = [], spare: [UInt64] = []
        OrderStatistics.radixSort(&values, keys: &keys, spare: &spare)
        #expect(values == expected)
        // Scratch reused for a second, shorter sort.
        var again = Array(expected.reversed().prefix(count / 2))
        OrderStatistics.radixSort(&again, keys: &keys, spare: &spare)
        #expect(again == Array(expected.suffix(count / 2)))
    }
}
