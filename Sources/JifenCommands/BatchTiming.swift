import ArgumentParser
import Dispatch
import Foundation
import JifenPolicy
import JifenSimulation
import JifenStatistics

/// `score-batch` timed end to end, as a user runs it: a drawn pool written as CSV, then the
/// command run on it as a child process (start-up, rule books, reading, scoring, writing).
struct BatchTiming {
    let rows: Int
    let bytes: Int
    /// Median wall-clock seconds of the runs.
    let seconds: Double
    /// The largest resident set of any run, in bytes.
    let peakBytes: Int

    var rowsPerSecond: Double { Double(rows) / seconds }
    var megabytesPerSecond: Double { Double(bytes) / 1e6 / seconds }

    /// Writes `rows` applicants of `model` to a temporary CSV and times `runs` runs of
    /// `score-batch` on it with `threads` workers.
    static func measure(rows: Int, model: PoolModel, plan: Plan, edition: Edition, rulesDirectory: URL,
                        threads: Int, runs: Int) throws -> BatchTiming {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-bench-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("applicants.csv"), output = folder.appendingPathComponent("scores.csv")
        // Written in a function of its own, so the pool and its text are freed before the child
        // starts: a child's peak memory counts what its parent held when it was forked.
        let bytes = try write(rows: rows, model: model, plan: plan, asOf: edition.inForceFrom, to: input)
        var times: [Double] = []
        for _ in 0..<runs {
            let child = Process()
            child.executableURL = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
            child.arguments = ["score-batch", "--rules-dir", rulesDirectory.path, "--edition", edition.id, "--input", input.path,
                               "--output", output.path, "--as-of", edition.inForceFrom.description, "--threads", "\(threads)"]
            let t0 = DispatchTime.now().uptimeNanoseconds
            try child.run()
            child.waitUntilExit()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
            guard child.terminationStatus == 0 else {
                throw ValidationError("score-batch failed on the generated file (status \(child.terminationStatus))")
            }
        }
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        let peak = usage.ru_maxrss * 1024
        #else
        getrusage(RUSAGE_CHILDREN, &usage)
        let peak = usage.ru_maxrss
        #endif
        return BatchTiming(rows: rows, bytes: bytes, seconds: times.sorted()[times.count / 2], peakBytes: peak)
    }

    /// A drawn pool of `rows` applicants as a `score-batch` CSV; returns its size in bytes.
    static func write(rows: Int, model: PoolModel, plan: Plan, asOf: Day, to url: URL) throws -> Int {
        let full = try PoolGenerator(model: model, plan: plan, allAttributes: true)
        var buffers = PoolGenerator.Buffers(generator: full, count: rows)
        full.generate(into: &buffers, from: RandomStream(kind: .mt19937, seed: 1, stream: 0))
        let csv = Data(PoolExport.csv(buffers, generator: full, asOf: asOf).utf8)
        try csv.write(to: url)
        return csv.count
    }
}
