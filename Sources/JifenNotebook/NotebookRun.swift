import Foundation

/// Runs one command: the words after `jifen`, in the notebook's directory; returns what it printed
/// on stdout and its exit status. Injected so tests, the CLI and CI can each run commands their way.
public typealias CommandExecutor = (_ arguments: [String], _ workingDirectory: URL) throws -> (stdout: String, exitStatus: Int32)

/// Something in a notebook that no longer matches what its commands produce.
public enum Drift: Equatable, Sendable, CustomStringConvertible {
    /// A command printed something other than its recorded output; `diff` is recorded → now.
    case output(line: Int, command: String, diff: String)
    /// A command has no output block yet.
    case missingOutput(line: Int, command: String)
    /// A chart the command writes came out with different bytes (or appeared, or vanished).
    case chart(line: Int, command: String, path: String, change: ChartChange)
    /// An image linked from the prose does not exist.
    case missingImage(path: String)

    public var description: String {
        switch self {
        case let .output(line, command, diff):
            return "line \(line): output of `\(command)` changed:\n\(diff)"
        case let .missingOutput(line, command):
            return "line \(line): `\(command)` has no output block; run the notebook to record it"
        case let .chart(line, command, path, change):
            return "line \(line): chart \(path) from `\(command)` \(change.rawValue)"
        case let .missingImage(path):
            return "linked image \(path) does not exist"
        }
    }
}

/// How a chart file differs after a run.
public enum ChartChange: String, Sendable {
    case changed = "differs from the checked-in file (SVG bytes differ)"
    case created = "was not checked in"
    case missing = "was not written by the command"
}

/// The result of checking a notebook: every drift, in notebook order.
public struct NotebookCheck: Equatable, Sendable {
    public var drifts: [Drift]

    /// True when the notebook is up to date.
    public var passed: Bool { drifts.isEmpty }

    /// A readable report: one paragraph per drift, or a line saying all is well.
    public var report: String {
        guard !passed else { return "notebook up to date\n" }
        return drifts.map { $0.description.hasSuffix("\n") ? $0.description : $0.description + "\n" }.joined(separator: "\n")
    }
}

/// A command that exited with a nonzero status its recorded output did not have.
public struct FailedCommand: Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var command: String
    public var exitStatus: Int32

    public var description: String { "line \(line): `\(command)` exited with status \(exitStatus)" }
}

/// A notebook after running: its refreshed markdown and the commands that newly failed.
public struct NotebookRunResult: Equatable, Sendable {
    public var markdown: String
    /// Commands that exited nonzero where the recorded output expected another status
    /// (a recorded `[exit status N]` with the same N is an expected failure, not a new one).
    public var failures: [FailedCommand]
}

extension Notebook {
    /// Runs every command cell in order with `executor` in `directory` (the notebook's folder) and
    /// returns the notebook's markdown with each output block replaced by the fresh output, and
    /// an output block inserted after any command that had none. Prose is left byte for byte.
    public func run(in directory: URL, executor: CommandExecutor) throws -> String {
        try runReporting(in: directory, executor: executor).markdown
    }

    /// Runs the notebook as `run` does and also reports which commands newly failed, so a caller
    /// can refuse to record failures as outputs.
    public func runReporting(in directory: URL, executor: CommandExecutor) throws -> NotebookRunResult {
        let results = try execute(in: directory, executor: executor, watchCharts: false).outputs
        let pairs = outputIndices
        var failures: [FailedCommand] = []
        for (index, cell) in cells.enumerated() {
            guard case let .command(command) = cell, let fresh = results[index], fresh.exitStatus != 0 else { continue }
            var expected: Int32 = 0
            if let outputIndex = pairs[index], case let .output(recorded) = cells[outputIndex] { expected = recorded.recorded.exitStatus }
            if fresh.exitStatus != expected {
                failures.append(FailedCommand(line: command.line, command: command.commandLine, exitStatus: fresh.exitStatus))
            }
        }
        let outputOwners = Dictionary(uniqueKeysWithValues: pairs.map { ($1, $0) })
        var markdown = ""
        for (index, cell) in cells.enumerated() {
            switch cell {
            case let .command(command):
                markdown += command.source
                if pairs[index] == nil, let result = results[index] {
                    if command.source.last?.isNewline != true { markdown += command.lineEnding }
                    markdown += result.block(lineEnding: command.lineEnding)
                }
            case .output:
                if let owner = outputOwners[index], let result = results[owner], case let .command(command) = cells[owner] {
                    markdown += result.block(lineEnding: command.lineEnding)
                } else {
                    markdown += cell.source
                }
            case .prose:
                markdown += cell.source
            }
        }
        return NotebookRunResult(markdown: markdown, failures: failures)
    }

    /// Runs every command as `run` does and reports, without changing any file, where the
    /// recorded outputs and the chart files differ from what the commands produce now.
    ///
    /// Chart files named by `--plot` are compared byte for byte and then put back as they were,
    /// so a check leaves the working tree unchanged.
    public func check(in directory: URL, executor: CommandExecutor) throws -> NotebookCheck {
        let execution = try execute(in: directory, executor: executor, watchCharts: true)
        let pairs = outputIndices
        var drifts: [Drift] = []
        for (index, cell) in cells.enumerated() {
            guard case let .command(command) = cell, let fresh = execution.outputs[index] else { continue }
            if let outputIndex = pairs[index], case let .output(recorded) = cells[outputIndex] {
                if recorded.recorded != fresh {
                    let diff = LineDiff.unified(old: recorded.recorded.blockBody, new: fresh.blockBody,
                                                oldName: "recorded (line \(recorded.line))", newName: "now")
                    drifts.append(.output(line: command.line, command: command.commandLine, diff: diff))
                }
            } else {
                drifts.append(.missingOutput(line: command.line, command: command.commandLine))
            }
            for (path, change) in execution.chartChanges[index] ?? [] {
                drifts.append(.chart(line: command.line, command: command.commandLine, path: path, change: change))
            }
        }
        let fileManager = FileManager.default
        for path in imageLinks where !fileManager.fileExists(atPath: directory.appendingPathComponent(path).path) {
            drifts.append(.missingImage(path: path))
        }
        return NotebookCheck(drifts: drifts)
    }

    private struct Execution {
        var outputs: [Int: RecordedOutput] = [:]
        var chartChanges: [Int: [(String, ChartChange)]] = [:]
    }

    private func execute(in directory: URL, executor: CommandExecutor, watchCharts: Bool) throws -> Execution {
        var execution = Execution()
        for (index, cell) in cells.enumerated() {
            guard case let .command(command) = cell else { continue }
            let charts = command.plotPaths.map { directory.appendingPathComponent($0) }
            let before = charts.map { try? Data(contentsOf: $0) }
            let result: (stdout: String, exitStatus: Int32)
            do {
                result = try executor(command.arguments, directory)
            } catch {
                throw NotebookError.commandFailed(line: command.line, command: command.commandLine, message: "\(error)")
            }
            execution.outputs[index] = RecordedOutput(stdout: result.stdout, exitStatus: result.exitStatus)
            guard watchCharts else { continue }
            var changes: [(String, ChartChange)] = []
            for (offset, chart) in charts.enumerated() {
                let old = before[offset], new = try? Data(contentsOf: chart)
                let path = command.plotPaths[offset]
                switch (old, new) {
                case let (old?, new?) where old != new: changes.append((path, .changed))
                case (nil, _?): changes.append((path, .created))
                case (_?, nil): changes.append((path, .missing))
                default: break
                }
                try restore(chart, to: old)
            }
            execution.chartChanges[index] = changes
        }
        return execution
    }

    private func restore(_ file: URL, to data: Data?) throws {
        if let data {
            try data.write(to: file)
        } else if FileManager.default.fileExists(atPath: file.path) {
            try FileManager.default.removeItem(at: file)
        }
    }
}

extension CommandCell {
    /// The line ending the cell was written with, reused for its output block.
    var lineEnding: String {
        source.contains("\r\n") ? "\r\n" : "\n"
    }
}
