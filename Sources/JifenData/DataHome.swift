import Foundation
import JifenPolicy

/// Where jifen's data (rule books, pool models, reforms, example profiles, history, notebooks)
/// is read from, found the same way wherever jifen is run:
///
/// 1. the folder named by the `JIFEN_DATA` environment variable (laid out like `datasets/`);
/// 2. else `datasets/` in the working folder or the nearest folder above it that has
///    `datasets/rules` (a checkout of the project, so edits take effect without a rebuild);
/// 3. else the copy built into the binary, unpacked once per build into the user's cache folder.
///
/// `--rules-dir` overrides the rule books alone.
public struct DataHome: Sendable, Equatable {
    /// The environment variable naming a data folder.
    public static let environmentVariable = "JIFEN_DATA"

    /// How the data folder was chosen.
    public enum Source: Sendable, Equatable {
        case environment
        case workingTree
        case bundled
    }

    /// The folder laid out like `datasets/`: `rules/`, `populations/`, `reforms/`, `profiles/`, …
    public var datasets: URL
    public var source: Source

    /// The notebooks next to the datasets (`notebooks-md/`), where there are any.
    public var notebooks: URL { datasets.deletingLastPathComponent().appendingPathComponent("notebooks-md") }
    /// The rule books.
    public var rules: URL { datasets.appendingPathComponent("rules") }

    public init(datasets: URL, source: Source) {
        self.datasets = datasets
        self.source = source
    }

    /// The data folder for this process (see the type's documentation for the order).
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment,
                              workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) throws -> DataHome {
        let fileManager = FileManager.default
        if let named = environment[environmentVariable], !named.isEmpty {
            let folder = URL(fileURLWithPath: named, relativeTo: workingDirectory).standardizedFileURL
            var isFolder: ObjCBool = false
            guard fileManager.fileExists(atPath: folder.appendingPathComponent("rules").path, isDirectory: &isFolder), isFolder.boolValue else {
                throw InputError(file: environmentVariable, "'\(named)' has no rules/ folder; expected a folder laid out like datasets/ (rules/, populations/, reforms/, profiles/, history/)")
            }
            return DataHome(datasets: folder, source: .environment)
        }
        var folder = workingDirectory.standardizedFileURL
        while true {
            let candidate = folder.appendingPathComponent("datasets")
            var isFolder: ObjCBool = false
            if fileManager.fileExists(atPath: candidate.appendingPathComponent("rules").path, isDirectory: &isFolder), isFolder.boolValue {
                return DataHome(datasets: candidate, source: .workingTree)
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path || folder.path == "/" { break }
            folder = parent
        }
        return try bundled(environment: environment)
    }

    /// The built-in copy, unpacked under `$XDG_CACHE_HOME/jifen/` (default `~/.cache/jifen/`) in a
    /// folder named by the build's data fingerprint, or under the temporary folder when there is
    /// no writable cache.
    public static func bundled(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DataHome {
        let name = "data-\(EmbeddedData.fingerprint)"
        var caches: [URL] = []
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { caches.append(URL(fileURLWithPath: xdg)) }
        if let home = environment["HOME"], home.hasPrefix("/") { caches.append(URL(fileURLWithPath: home).appendingPathComponent(".cache")) }
        caches.append(FileManager.default.temporaryDirectory.appendingPathComponent("jifen-\(getuid())"))
        var failures: [String] = []
        for cache in caches {
            let root = cache.appendingPathComponent("jifen").appendingPathComponent(name)
            do {
                try EmbeddedData.unpack(into: root)
                return DataHome(datasets: root.appendingPathComponent("datasets"), source: .bundled)
            } catch {
                failures.append("\(root.path) (\(error.localizedDescription))")
            }
        }
        throw InputError(file: environmentVariable, "no data folder: the built-in data could not be unpacked to \(failures.joined(separator: " or ")); set \(environmentVariable) to a folder laid out like datasets/")
    }

    /// The file a user means by `path`: the path itself when it exists (or is absolute);
    /// otherwise, when it runs through a folder named `datasets` (`datasets/profiles/x.yaml`,
    /// `../datasets/reforms/y.yaml`), the same file in this data folder if that exists there.
    /// So the README's and notebooks' example paths work from any folder.
    public func resolve(_ path: String) -> String {
        guard !path.hasPrefix("/"), !FileManager.default.fileExists(atPath: path) else { return path }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard let index = parts.lastIndex(of: "datasets"), index + 1 < parts.count else { return path }
        let candidate = datasets.appendingPathComponent(parts[(index + 1)...].joined(separator: "/"))
        return FileManager.default.fileExists(atPath: candidate.path) ? candidate.path : path
    }

    /// One line for `jifen --version`: which data is in use and where it came from.
    public var summary: String {
        switch source {
        case .environment: "\(datasets.path) (from \(Self.environmentVariable))"
        case .workingTree: "\(datasets.path) (the datasets/ folder of the working folder)"
        case .bundled: "\(datasets.path) (built in, fingerprint \(EmbeddedData.fingerprint))"
        }
    }
}
