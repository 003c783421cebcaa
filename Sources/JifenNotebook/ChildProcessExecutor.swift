import Foundation

/// Runs notebook commands as child processes of a built `jifen` binary: what CI and the command
/// line use. Standard error passes through to this process's stderr, so it is seen but not recorded.
public struct ChildProcessExecutor: Sendable {
    /// The program to run, e.g. `.build/release/jifen`.
    public var executable: URL

    /// Set in every command's environment, so a `jifen notebook …` cell can refuse to run
    /// notebooks from inside a notebook (which could recurse without end).
    public static let cellMarker = "JIFEN_NOTEBOOK_CELL"

    public init(executable: URL) {
        self.executable = executable
    }

    /// Runs the program with `arguments` in `workingDirectory` and waits for it.
    /// Pass `run` as the executor: `notebook.run(in: folder, executor: jifen.run)`.
    public func run(_ arguments: [String], _ workingDirectory: URL) throws -> (stdout: String, exitStatus: Int32) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = workingDirectory
        var environment = ProcessInfo.processInfo.environment
        environment[Self.cellMarker] = "1"
        process.environment = environment
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.standardError
        try process.run()
        // Read to the end before waiting, so a large output cannot fill the pipe and stall the child.
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return (String(decoding: data, as: UTF8.self), status)
    }
}
