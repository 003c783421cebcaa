import JifenStore

/// A computation recorded as a run: what it gave, and under which id the store keeps it.
public struct RecordedRun<Output> {
    public var output: Output
    /// Nil when the run could not be recorded (see `failure`).
    public var id: RunID?
    /// The write the store could not make (a full disk, an I/O error): the output is complete but
    /// was not recorded.
    public var failure: RunStoreError?

    public init(output: Output, id: RunID?, failure: RunStoreError?) {
        self.output = output
        self.id = id
        self.failure = failure
    }

    /// Runs `compute` as a run in `store` — the one path every front end records through.
    ///
    /// Begins the run (status `running`; each store write is a transaction of its own), calls
    /// `compute`, records the `RunResults` it returns and finishes the run `complete`. If `compute`
    /// throws, the run is finished `failed` with `failureNote(error)` as its note and the error
    /// is rethrown. A store that cannot be written comes back as `failure` with the output, so the
    /// caller can show the result and say it was not recorded; other store errors are thrown.
    /// `watch` is called with the id once the run has begun and returns what to call when it is
    /// no longer live (the command line finishes an interrupted run `interrupted`).
    public static func record(
        in store: RunStore, _ start: RunStart, failureNote: (any Error) -> String,
        watch: (RunID) -> () -> Void = { _ in {} },
        compute: () throws -> (Output, RunResults)
    ) throws -> RecordedRun<Output> {
        let id: RunID
        do { id = try store.begin(start) } catch {
            guard case .cannotWrite = error else { throw error }
            return RecordedRun(output: try compute().0, id: nil, failure: error)
        }
        let unwatch = watch(id)
        defer { unwatch() }
        let output: Output, results: RunResults
        do { (output, results) = try compute() } catch {
            try? store.finish(id, status: .failed, note: failureNote(error))
            throw error
        }
        do {
            for document in results.documents { try store.record(document: document, for: id) }
            for series in results.series { try store.record(series: series, for: id) }
            if let pool = results.sampledPool { try store.record(sampledPool: pool, for: id) }
            try store.finish(id, status: .complete)
        } catch {
            try? store.finish(id, status: .failed, note: "the results could not be written: \(error.description)")
            guard case .cannotWrite = error else { throw error }
            return RecordedRun(output: output, id: nil, failure: error)
        }
        return RecordedRun(output: output, id: id, failure: nil)
    }
}

extension RecordedRun: Sendable where Output: Sendable {}
