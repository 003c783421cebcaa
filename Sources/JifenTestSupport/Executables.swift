import Foundation

extension Fixtures {
    /// An executable SwiftPM built next to the running test binary (`jifen`, `jifen-store-writer`).
    ///
    /// Looks beside (and a few folders above, for macOS `.xctest` bundles) the test binary, then in
    /// the package's `.build/debug`.
    public static func builtExecutable(_ name: String) throws -> URL {
        var starts: [URL] = [URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()]
        if let executable = Bundle.main.executableURL { starts.append(executable) }
        starts.append(URL(fileURLWithPath: CommandLine.arguments[0]))
        starts += Bundle.allBundles.map(\.bundleURL)
        var folders: [URL] = []
        for start in starts {
            var folder = start.deletingLastPathComponent()
            for _ in 0..<4 {
                folders.append(folder)
                folder = folder.deletingLastPathComponent()
            }
        }
        folders.append(packageRoot.appendingPathComponent(".build/debug"))
        for folder in folders {
            let candidate = folder.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw ExecutableNotBuilt(name: name, searched: folders.map(\.path))
    }

    /// Runs a built executable (or, given `executable`, that program) to completion, capturing its
    /// output. `environment` entries are added to (or, when nil, removed from) this process's
    /// environment; with `timeout`, a child still running after that many seconds is killed (and
    /// reported by its signal status).
    public static func run(_ name: String, _ arguments: [String], in directory: URL? = nil, executable: URL? = nil,
                           environment: [String: String?] = [:], timeout: TimeInterval? = nil) throws
        -> (status: Int32, stdout: String, stderr: String)
    {
        let process = Process()
        process.executableURL = try executable ?? builtExecutable(name)
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? packageRoot
        if !environment.isEmpty {
            var merged = ProcessInfo.processInfo.environment
            for (key, value) in environment { merged[key] = value }
            process.environment = merged
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        if let timeout {
            let pid = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [process] in
                if process.isRunning { kill(pid, SIGKILL) }
            }
        }
        // Read before waiting so a large output cannot fill the pipe and block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}

public struct ExecutableNotBuilt: Error, CustomStringConvertible {
    public let name: String
    public let searched: [String]
    public var description: String {
        "\(name) was not found (run `swift build` first); searched: \(searched.joined(separator: ", "))"
    }
}
