import ArgumentParser
import Foundation
import JifenAnalyses
import JifenPolicy
import JifenStore

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
    /// Through `RecordedRun.record` (the path `jifen serve --db` records planner runs through):
    /// begins the run (status `running`), calls `compute`, records the `RunResults` it returns and
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
        let start = try inputs.start(command: command, arguments: Self.invocationArguments(after: command), read: readText)
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
        guard let store else {
            try present(try compute().0, nil)
            throw ValidationError("the result above is complete but was not recorded in the run store: \(failure?.description ?? "")")
        }
        let recorded: RecordedRun<Output>
        do {
            recorded = try RecordedRun.record(in: store, start, failureNote: Self.sentence, watch: { id in
                let interruption = RunInterruption(store: store, id: id, path: location.path)
                return { interruption.disarm() }
            }, compute: compute)
        } catch let error as RunStoreError {
            throw try writeFailure(error)
        }
        try present(recorded.output, recorded.id)
        if let notStored = recorded.failure {
            throw ValidationError("the result above is complete but was not recorded in the run store: \(notStored.description)")
        }
        if let id = recorded.id { note("run \(id) recorded in \(location.path)") }
    }

    /// The arguments as typed after the subcommand's name.
    static func invocationArguments(after command: String) -> [String] {
        let typed = Array(CommandLine.arguments.dropFirst())
        guard let i = typed.firstIndex(of: command) else { return typed }
        return Array(typed[(i + 1)...])
    }

    private static func sentence(_ error: any Error) -> String {
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
