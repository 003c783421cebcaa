import Testing
import JifenStatistics

@Suite("Replicates")
struct ReplicatesTests {
    /// One replicate: a pool of 2,000 normal scores from the replicate's own stream, summarised
    /// by its 100th largest value and its sum.
    static func replicate(_ index: Int, scratch: inout [Double]) -> [Double] {
        let stream = RandomStream(seed: 77, stream: UInt64(index))
        let pool = (0..<2000).map { _ in stream.gaussian(mean: 60, sd: 12) }
        let cutoff = try! OrderStatistics.kthLargest(100, of: pool, scratch: &scratch)
        return [cutoff, pool.reduce(0, +)]
    }

    @Test("results are identical and ordered for 1, 2 and 4 threads")
    func threadIndependence() {
        let runs = [1, 2, 4].map { threads in
            Replicates.map(count: 37, threads: threads, scratch: { [Double]() }) { index, scratch in
                Self.replicate(index, scratch: &scratch)
            }
        }
        #expect(runs[0].count == 37)
        #expect(runs[0] == runs[1])
        #expect(runs[0] == runs[2])
        var scratch: [Double] = []
        #expect(runs[0][5] == Self.replicate(5, scratch: &scratch))
    }

    @Test("results come back in replicate order")
    func order() {
        let squares = Replicates.map(count: 100, threads: 4) { $0 * $0 }
        #expect(squares == (0..<100).map { $0 * $0 })
        #expect(Replicates.map(count: 0, threads: 2) { $0 }.isEmpty)
        #expect(Replicates.map(count: 3, threads: 8) { $0 } == [0, 1, 2])
    }

    struct Failure: Error, Equatable { let index: Int }

    @Test("the error of the lowest failing replicate is rethrown", arguments: [1, 3])
    func errors(threads: Int) {
        #expect(throws: Failure(index: 4)) {
            try Replicates.map(count: 20, threads: threads) { (index: Int) throws(Failure) -> Int in
                if index == 4 || index == 13 { throw Failure(index: index) }
                return index
            }
        }
    }
}
