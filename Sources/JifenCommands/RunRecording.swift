import ArgumentParser
import Foundation
import JifenPolicy
import JifenStore

/// The jifen release, recorded with every run so that `runs rerun` can say when it changed.
public enum JifenVersion {
    /// Semantic version of this build.
    public static let current = "0.1.0"
}

/// `--db PATH`: the run store file.
struct StoreLocation: ParsableArguments {
    @Option(name: .customLong("db"), help: "Run store file (SQLite). Default: ./jifen.sqlite.")
    var path: String = "jifen.sqlite"

    /// Opens the store; store problems (not a store, damaged, missing) become one-sentence input errors.
    /// `readOnly` (for `runs list/show/export`) reads a store without write access and never changes it.
    func open(createIfMissing: Bool, readOnly: Bool = false) throws -> RunStore {
        guard !path.isEmpty else { throw InputError(file: "--db", "expected a file name for the run store, found an empty one") }
        return try storeCall { () throws(RunStoreError) in try RunStore(path: path, createIfMissing: createIfMissing, readOnly: readOnly) }
    }

    /// Opens (or creates) the store to record a run in. A store that cannot be written (a full
    /// disk, an I/O error) comes back as the reason instead, so that the run can go on
    /// unrecorded; every other problem is thrown as `open` throws it.
    func openForRecording() throws -> (store: RunStore?, failure: RunStoreError?) {
        guard !path.isEmpty else { throw InputError(file: "--db", "expected a file name for the run store, found an empty one") }
        do {
            return (try RunStore(path: path), nil)
        } catch {
            return (nil, try writeFailure(error))
        }
    }
}

/// `--db PATH` and `--no-store`: where a simulation-type command records its run.
struct StoreOptions: ParsableArguments {
    @OptionGroup var location: StoreLocation
    @Flag(name: .customLong("no-store"), help: "Do not record this run in the run store.")
    var noStore = false
}

/// What a run used, pinned by content: the part of a `RunStart` a command knows.
struct RunInputs {
    var seed: UInt64?
    var generator: String?
    /// The editions used, in order; each is pinned by its `contentHash`.
    var editions: [Edition] = []
    var reform: Reform?
    /// The pool model file, hashed as text.
    var population: String?

    func start(command: String, arguments: [String]) throws -> RunStart {
        RunStart(command: command, arguments: arguments, seed: seed, generator: generator,
                 editions: editions.map { RunEdition(id: $0.id, hash: $0.contentHash) },
                 reformHash: reform?.contentHash, populationHash: try population.map { ContentHash.sha256(try readText($0)) },
                 version: JifenVersion.current)
    }
}

/// What a run produced, as the store keeps it: named JSON documents, numeric series, a sampled pool.
struct RunResults {
    var documents: [RunDocument] = []
    var series: [RunSeries] = []
    /// CSV with a header row.
    var sampledPool: String?

    /// Adds a document, serialised compactly (the same value always gives the same text).
    mutating func add(document name: String, _ json: JSON) {
        documents.append(RunDocument(name: name, json: json.serialized(pretty: false)))
    }

    /// Adds a series of values indexed 0, 1, …; nil values are stored as "no number".
    mutating func add(series name: String, values: [Double?]) {
        series.append(RunSeries(name: name, points: values.enumerated().map { SeriesPoint(index: $0.offset, value: $0.element ?? .nan) }))
    }

    /// Adds a series of points.
    mutating func add(series name: String, points: [SeriesPoint]) {
        series.append(RunSeries(name: name, points: points))
    }
}

/// A run that `runs rerun` executes in memory: the command records here instead of in the store,
/// and prints nothing.
final class RunCapture: @unchecked Sendable {
    /// Set while `runs rerun` executes a stored command.
    @TaskLocal static var current: RunCapture?

    private let lock = NSLock()
    private var captured: (start: RunStart, results: RunResults)?

    /// The start and results of the run, once the command has recorded them.
    var run: (start: RunStart, results: RunResults)? { lock.withLock { captured } }

    fileprivate func keep(_ start: RunStart, _ results: RunResults) { lock.withLock { captured = (start, results) } }
}

extension StoreOptions {
    /// Runs a command as a recorded run — the one call a simulation-type command makes.
    ///
    /// Begins the run (status `running`), calls `compute`, records the `RunResults` it returns and
    /// finishes the run `complete`; if `compute` throws, the run is finished `failed` with the error
    /// as its note and the error is rethrown. Then `present` prints the output with the run's id
    /// (nil under `--no-store`), and "run N recorded in PATH" goes to stderr, so stdout stays valid
    /// JSON. Under `runs rerun` nothing is stored or printed: the start and results are captured.
    ///
    /// When the store cannot be written (a full disk, an I/O error) the result is still printed,
    /// with a null run id, and the command then fails with one sentence saying it was not stored.
    /// SIGINT or SIGTERM while the run is live finishes it `interrupted` (`RunInterruption`).
    func record<Output>(
        _ command: String, _ inputs: RunInputs,
        compute: () throws -> (Output, RunResults),
        present: (Output, RunID?) throws -> Void
    ) throws {
        let start = try inputs.start(command: command, arguments: Self.invocationArguments(after: command))
        if let capture = RunCapture.current {
            let (_, results) = try compute()
            capture.keep(start, results)
            return
        }
        guard !noStore else {
            try present(try compute().0, nil)
            return
        }
        let (store, failure) = try location.openForRecording()
        var notStored = failure
        var id: RunID?
        if let store {
            do { id = try store.begin(start) } catch { notStored = try writeFailure(error) }
        }
        let interruption = store.flatMap { store in id.map { RunInterruption(store: store, id: $0, path: location.path) } }
        let output: Output
        do {
            let (computed, results) = try compute()
            if let store, let id {
                do {
                    for document in results.documents { try store.record(document: document, for: id) }
                    for series in results.series { try store.record(series: series, for: id) }
                    if let pool = results.sampledPool { try store.record(sampledPool: pool, for: id) }
                    try store.finish(id, status: .complete)
                } catch {
                    try? store.finish(id, status: .failed, note: "the results could not be written: \(error.description)")
                    notStored = try writeFailure(error)
                }
            }
            output = computed
        } catch {
            interruption?.disarm()
            if let id { try? store?.finish(id, status: .failed, note: Self.sentence(error)) }
            throw error
        }
        interruption?.disarm()
        try present(output, notStored == nil ? id : nil)
        if let notStored {
            throw ValidationError("the result above is complete but was not recorded in the run store: \(notStored.description)")
        }
        if let id { note("run \(id) recorded in \(location.path)") }
    }



    /// The arguments as typed after the subcommand's name.
    static func invocationArguments(after command: String) -> [String] {
        let typed = Array(CommandLine.arguments.dropFirst())
        guard let i = typed.firstIndex(of: command) else { return typed }
        return Array(typed[(i + 1)...])
    }

    private static func sentence(_ error: Error) -> String {
        switch error {
        case let e as InputError: e.description
        case let e as ValidationError: e.message
        default: String(describing: error)
        }
    }
}

extension JSON {
    /// The object with `run_id` appended (null when the run was not stored).
    func adding(runID: RunID?) -> JSON {
        guard case .object(let pairs) = self else { return self }
        return .object(pairs + [("run_id", runID.map { .number(Double($0.rawValue)) } ?? .null)])
    }
}

/// Calls the store; errors the user can act on (not a store, damaged, missing, unknown run) exit 2
/// with the store's sentence, SQLite failures stay internal errors.
func storeCall<T>(_ body: () throws(RunStoreError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        switch error {
        case .database, .runFinished, .invalidResult: throw error
        default: throw ValidationError(error.description)
        }
    }
}

/// A write the store could not make (full disk, I/O error) is returned so the run can carry on
/// unrecorded; any other store error is thrown as `storeCall` maps it.
func writeFailure(_ error: RunStoreError) throws -> RunStoreError {
    if case .cannotWrite = error { return error }
    return try storeCall { () throws(RunStoreError) -> RunStoreError in throw error }
}
