import Foundation
import PackagePlugin

/// Compiles the package's `datasets/` and `notebooks-md/` into the target that uses this plugin,
/// so an installed `jifen` binary carries its rule books, pool models, examples and notebooks.
@main
struct EmbedData: BuildToolPlugin {
    /// The folders, relative to the package root, whose files are embedded.
    static let folders = ["datasets", "notebooks-md"]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        var files: [String] = []
        for folder in Self.folders {
            let base = root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey],
                                                              options: [.skipsHiddenFiles]) else { continue }
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                files.append(folder + "/" + String(url.standardizedFileURL.path.dropFirst(base.standardizedFileURL.path.count + 1)))
            }
        }
        files.sort()
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedFiles.swift")
        return [.buildCommand(
            displayName: "Embedding \(files.count) data files into \(target.name)",
            executable: try context.tool(named: "jifen-embed").url,
            arguments: [root.path, output.path] + files,
            inputFiles: files.map { root.appendingPathComponent($0) },
            outputFiles: [output])]
    }
}
