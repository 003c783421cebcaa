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
    /// Median CPU seconds (user + system) of the runs: on a machine shared with other work this
    /// varies less than the wall clock.
    let cpuSeconds: Double
    /// The largest resident set of any run, in bytes.
    let peakBytes: Int

    var rowsPerSecond: Double { Double(rows) / seconds }
    var megabytesPerSecond: Double { Double(bytes) / 1e6 / seconds }

    /// Writes `rows` applicants of `model` to a temporary CSV and times `runs` runs of
    /// `score-batch` on it with `threads` workers.
    static func measure(rows: Int, model: PoolModel, compiled: CompiledEdition, edition: Edition, rulesDirectory: URL,
                        threads: Int, runs: Int) throws -> BatchTiming {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-bench-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("applicants.csv"), output = folder.appendingPathComponent("scores.csv")
        // Written in a function of its own, so the pool and its text are freed before the child
        // starts: a child's peak memory counts what its parent held when it was forked.
        let bytes = try write(rows: rows, model: model, compiled: compiled, asOf: edition.inForceFrom, to: input)
        var times: [Double] = [], cpuTimes: [Double] = []
        var peak = 0
        for _ in 0..<runs {
            let child = Process()
            child.executableURL = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
            child.arguments = ["score-batch", "--rules-dir", rulesDirectory.path, "--edition", edition.id, "--input", input.path,
                               "--output", output.path, "--as-of", edition.inForceFrom.description, "--threads", "\(threads)"]
            let cpu0 = childrenCPUSeconds()
            let t0 = DispatchTime.now().uptimeNanoseconds
            try child.run()
            // The child's own high-water mark, sampled while it runs: its rusage figure would
            // also count what this process held when it was forked.
            while child.isRunning {
                peak = max(peak, highWaterMark(of: child.processIdentifier))
                usleep(2000)
            }
            child.waitUntilExit()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
            cpuTimes.append(childrenCPUSeconds() - cpu0)
            guard child.terminationStatus == 0 else {
                throw ValidationError("score-batch failed on the generated file (status \(child.terminationStatus))")
            }
        }
        return BatchTiming(rows: rows, bytes: bytes, seconds: times.sorted()[times.count / 2],
                           cpuSeconds: cpuTimes.sorted()[cpuTimes.count / 2], peakBytes: peak)
    }

    /// User + system seconds of every child this process has waited for (the child run last,
    /// taken as a difference).
    static func childrenCPUSeconds() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
        let children = __rusage_who_t(truncatingIfNeeded: RUSAGE_CHILDREN.rawValue)
        #else
        let children = RUSAGE_CHILDREN
        #endif
        guard getrusage(children, &usage) == 0 else { return 0 }
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// `VmHWM` of a running process in bytes (Linux), or 0 where it cannot be read.
    static func highWaterMark(of pid: Int32) -> Int {
        // Read to the end: /proc files report a size of 0.
        guard let file = FileHandle(forReadingAtPath: "/proc/\(pid)/status") else { return 0 }
        let status = String(decoding: file.readDataToEndOfFile(), as: UTF8.self)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kB = Int(line.dropFirst("VmHWM:".count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "") else { return 0 }
        return kB * 1024
    }

    /// A drawn pool of `rows` applicants as a `score-batch` CSV; returns its size in bytes.
    static func write(rows: Int, model: PoolModel, compiled: CompiledEdition, asOf: Day, to url: URL) throws -> Int {
        let full = try PoolGenerator(model: model, compiled: compiled, allAttributes: true)
        var buffers = PoolGenerator.Buffers(generator: full, count: rows)
        full.generate(into: &buffers, from: RandomStream(kind: .mt19937, seed: 1, stream: 0))
        let csv = Data(PoolExport.csv(buffers, generator: full, asOf: asOf).utf8)
        try csv.write(to: url)
        return csv.count
    }
}
