import Foundation

/// Chunks handed to persistent worker threads and their results handed back in file order.
///
/// The thread that feeds it submits chunks while fewer than `limit` are in flight (submitted and
/// not yet taken back) and takes results back in order; each worker takes the oldest waiting
/// chunk as soon as it is free. No worker waits for a slower one or for the output of a chunk
/// before it, and at most `limit` chunks and results are in memory at a time.
final class ChunkPipeline<Input: Sendable, Output: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private let limit: Int
    /// Chunks submitted and not yet taken by a worker, oldest first, with their sequence numbers.
    private var waiting: [(sequence: Int, input: Input?)] = []
    private var nextWaiting = 0
    /// Results by sequence number modulo `limit` (a ring: at most `limit` are in flight).
    private var results: [Output?]
    private var submitted = 0
    private var taken = 0
    private var closed = false
    private var running = 0

    init(limit: Int) {
        self.limit = max(1, limit)
        results = Array(repeating: nil, count: self.limit)
    }

    /// Starts `workers` threads that run `body` on each chunk until the pipeline is closed.
    /// `body` gets the chunk itself, not a copy (a worker may change it in place).
    func start(workers: Int, _ body: @escaping @Sendable (inout Input) -> Output) {
        condition.lock()
        running = workers
        condition.unlock()
        for _ in 0..<workers {
            let thread = Thread { [self] in work(body) }
            // Decoding JSON cells recurses; the default secondary stack is small on some systems.
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    private func work(_ body: (inout Input) -> Output) {
        condition.lock()
        while true {
            while nextWaiting == waiting.count, !closed { condition.wait() }
            guard nextWaiting < waiting.count else { break }
            // Taken out of its slot, the chunk is this worker's alone.
            let sequence = waiting[nextWaiting].sequence
            var input: Input? = nil
            swap(&input, &waiting[nextWaiting].input)
            nextWaiting += 1
            if nextWaiting == waiting.count {
                waiting.removeAll(keepingCapacity: true)
                nextWaiting = 0
            }
            condition.unlock()
            let output = body(&input!)
            condition.lock()
            results[sequence % limit] = output
            condition.broadcast()
        }
        running -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Whether another chunk may be submitted without passing the bound.
    var hasRoom: Bool {
        condition.lock()
        defer { condition.unlock() }
        return submitted - taken < limit
    }

    /// Chunks submitted and not yet taken back.
    var inFlight: Int {
        condition.lock()
        defer { condition.unlock() }
        return submitted - taken
    }

    /// Queues a chunk (only when `hasRoom`).
    func submit(_ input: Input) {
        condition.lock()
        waiting.append((submitted, input))
        submitted += 1
        condition.signal()
        condition.unlock()
    }

    /// The next result in order: nil when it is not ready and `wait` is false.
    func next(wait: Bool) -> Output? {
        condition.lock()
        defer { condition.unlock() }
        precondition(taken < submitted, "ChunkPipeline.next: nothing in flight")
        let slot = taken % limit
        while results[slot] == nil {
            guard wait else { return nil }
            condition.wait()
        }
        let output = results[slot]
        results[slot] = nil
        taken += 1
        return output
    }

    /// Drops the chunks no worker has taken and waits until every worker has stopped.
    func close() {
        condition.lock()
        closed = true
        waiting.removeAll()
        nextWaiting = 0
        condition.broadcast()
        while running > 0 { condition.wait() }
        condition.unlock()
    }
}
