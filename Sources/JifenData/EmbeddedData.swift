import Foundation

/// The package's `datasets/` and `notebooks-md/` as they were when this binary was built,
/// compiled in by the EmbedData plugin so that a copied binary needs no other file.
public enum EmbeddedData {
    /// Paths relative to the package root, sorted (`datasets/rules/tianjin/2018.yaml`, …).
    public static var paths: [String] { entries.map(\.path) }

    /// The bytes of the embedded file at `path`, or nil when there is none.
    public static func contents(of path: String) -> Data? {
        entries.first { $0.path == path }.flatMap { Data(base64Encoded: $0.base64) }
    }

    /// Writes every embedded file under `root`, keeping relative paths. The files are written
    /// into a fresh sibling folder that is then renamed to `root`, so a reader never sees a half
    /// written copy; when another process got there first, its copy is kept.
    public static func unpack(into root: URL) throws {
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: root.path) { return }
        let parent = root.deletingLastPathComponent()
        try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appendingPathComponent(".\(root.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).partial")
        try? fileManager.removeItem(at: staging)
        defer { try? fileManager.removeItem(at: staging) }
        for entry in entries {
            guard let data = Data(base64Encoded: entry.base64) else { continue }
            let file = staging.appendingPathComponent(entry.path)
            try fileManager.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: file)
        }
        do {
            try fileManager.moveItem(at: staging, to: root)
        } catch where fileManager.fileExists(atPath: root.appendingPathComponent("datasets").path) {
            // Another jifen unpacked the same build concurrently; its copy is identical.
        }
    }
}
