import Dispatch

/// Runs independent replicate bodies on several workers and returns results in replicate order.
///
/// Worker `w` of `t` runs replicates `w, w + t, w + 2t, …` and writes each result into its own
/// slot, so the output depends only on what each body computes from its replicate index, never
/// on the thread count or on scheduling. Bodies must therefore draw their randomness from the
/// index (e.g. `RandomStream(seed: runSeed, stream: UInt64(index))`), not from shared state.
public enum Replicates {
    /// `body(i)` for every `i` in `0..<count`, in order.
    public static func map<Result: Sendable, Failure: Error>(
        count: Int, threads: Int, _ body: @Sendable (Int) throws(Failure) -> Result
    ) throws(Failure) -> [Result] {
        try map(count: count, threads: threads, scratch: {}) { (index, _: inout Void) throws(Failure) in
            try body(index)
        }
    }

    /// `body(i, &scratch)` for every `i` in `0..<count`, in order. Each worker builds one
    /// `Scratch` with `makeScratch` and reuses it for all of its replicates, so memory is bounded
    /// by the number of workers, not the number of replicates. A body must not let the scratch
    /// contents of one replicate change the result of the next.
    ///
    /// If bodies throw, the error of the lowest-numbered failing replicate is rethrown.
    public static func map<Scratch, Result: Sendable, Failure: Error>(
        count: Int, threads: Int,
        scratch makeScratch: @Sendable () -> Scratch,
        _ body: @Sendable (Int, inout Scratch) throws(Failure) -> Result
    ) throws(Failure) -> [Result] {
        precondition(count >= 0 && threads >= 1, "count must be ≥ 0 and threads ≥ 1")
        if count == 0 { return [] }
        let workers = min(threads, count)
        let slots = SlotBuffer<Result, Failure>(count: count)
        if workers == 1 {
            var scratch = makeScratch()
            for index in 0..<count {
                slots.store(Swift.Result { () throws(Failure) in try body(index, &scratch) }, at: index)
            }
        } else {
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var scratch = makeScratch()
                for index in stride(from: worker, to: count, by: workers) {
                    slots.store(Swift.Result { () throws(Failure) in try body(index, &scratch) }, at: index)
                }
            }
        }
        return try slots.results()
    }
}

/// One write-once slot per replicate; each slot is written by exactly one worker and read only
/// after all workers have finished, which is what makes the unchecked sendability sound.
private final class SlotBuffer<Value: Sendable, Failure: Error>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Result<Value, Failure>?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func store(_ result: Result<Value, Failure>, at index: Int) { slots[index] = result }

    func results() throws(Failure) -> [Value] {
        var values: [Value] = []
        values.reserveCapacity(slots.count)
        for slot in slots {
            guard let slot else { preconditionFailure("replicate slot left empty") }
            values.append(try slot.get())
        }
        return values
    }
}
