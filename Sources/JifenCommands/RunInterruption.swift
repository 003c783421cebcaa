import Dispatch
import Foundation
import JifenStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGINT (Ctrl-C) or SIGTERM while a recorded run is live: the run is finished `interrupted`
/// in the store, one sentence says so, and the process exits 130 or 143 as a shell expects.
///
/// The signals are taken from their default action and delivered to a dispatch source, so the
/// store is written from an ordinary thread (never from a signal handler); the store serialises
/// that write with any the command is making.
final class RunInterruption: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()

    init(store: RunStore, id: RunID, path: String) {
        for (signalNumber, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                let message: String
                do {
                    try store.finish(id, status: .interrupted, note: "stopped by \(name) before its results were recorded")
                    message = "jifen: interrupted by \(name); run \(id) in \(path) is marked interrupted and has no results"
                } catch {
                    message = "jifen: interrupted by \(name) after run \(id) in \(path) had finished"
                }
                note(message)
                exit(128 + signalNumber)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Restores the default actions once the run is finished (or failed).
    func disarm() {
        lock.withLock {
            for source in sources { source.cancel() }
            sources = []
        }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
