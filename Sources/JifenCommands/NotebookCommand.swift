import ArgumentParser
import Foundation
import JifenData
import JifenNotebook
import JifenPolicy

/// `jifen notebook run|check FILE...`: executable markdown notebooks (docs/notebooks.md).
///
/// Every `jifen` cell runs as a child process of this same binary, with the notebook's own
/// folder as working directory: paths in cells, `--plot` charts and image links are then all
/// relative to the notebook, as a markdown viewer resolves them.
struct Notebook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notebook",
        abstract: "Run or check executable markdown notebooks (```jifen cells with recorded ```output).",
        discussion: """
        Cells run with the notebook's folder as working directory, so they name files relative to it
        (../datasets/profiles/…) and charts as charts/NAME.svg; a datasets/ path that does not exist
        there is read from jifen's data. Without files, `check` checks the worked analyses that come
        with jifen's data.
        Example: jifen notebook check
        """,
        subcommands: [Run.self, Check.self])

    /// Runs every cell and rewrites the recorded outputs and charts.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Re-run every jifen cell and rewrite the notebook's outputs and charts.",
            discussion: """
            A notebook in which a command newly fails (exits nonzero where its recorded output did not)
            is left unchanged, and the run exits 1, unless --accept-failures is given.
            Example: jifen notebook run notebooks-md/1-which-city.md
            """)
        @Flag(help: "Write the notebook even when a command newly fails, recording its exit status.")
        var acceptFailures = false
        @Argument(help: "Notebook files (markdown).") var files: [String]

        func run() throws {
            try Notebook.refuseInsideACell()
            var refused = 0
            for file in files {
                let (notebook, url) = try Notebook.load(file)
                let result = try Notebook.executing(file) {
                    try notebook.runReporting(in: url.deletingLastPathComponent(), executor: Notebook.executor.run)
                }
                if !result.failures.isEmpty && !acceptFailures {
                    refused += 1
                    print("FAILED \(file): not rewritten; \(result.failures.count) command(s) failed (see their messages above):")
                    for failure in result.failures { print("  \(failure)") }
                    continue
                }
                let changed = result.markdown != notebook.markdown
                if changed {
                    do { try result.markdown.write(to: url, atomically: true, encoding: .utf8) } catch {
                        throw InputError(file: file, "cannot write the notebook (\(error.localizedDescription))")
                    }
                }
                print("\(file): \(Notebook.commandCount(notebook)) commands run, \(changed ? "outputs rewritten" : "outputs unchanged")")
            }
            if refused > 0 { throw ExitCode(1) }
        }
    }

    /// Runs every cell and fails, with a diff, where the recorded notebook has drifted.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Re-run every jifen cell and fail (exit 1) with a diff where outputs or charts drifted; changes no file.",
            discussion: "Without files, checks the notebooks that come with jifen's data. Example: jifen notebook check notebooks-md/*.md")
        @Argument(help: "Notebook files (markdown). Default: the notebooks that come with jifen's data.") var files: [String] = []

        func run() throws {
            try Notebook.refuseInsideACell()
            var drifted = 0
            for file in try files.isEmpty ? Notebook.shipped() : files {
                let (notebook, url) = try Notebook.load(file)
                let check = try Notebook.executing(file) {
                    try notebook.check(in: url.deletingLastPathComponent(), executor: Notebook.executor.run)
                }
                if check.passed {
                    print("ok     \(file) (\(Notebook.commandCount(notebook)) commands)")
                } else {
                    drifted += 1
                    print("DRIFT  \(file): \(check.drifts.count) difference(s); `jifen notebook run \(file)` accepts them\n")
                    print(check.report)
                }
            }
            if drifted > 0 { throw ExitCode(1) }
        }
    }

    /// A `jifen notebook` command inside a notebook cell would run notebooks from a notebook,
    /// possibly itself, without end.
    static func refuseInsideACell() throws {
        if ProcessInfo.processInfo.environment[ChildProcessExecutor.cellMarker] != nil {
            throw InputError(file: "notebook", "a notebook cell cannot run `jifen notebook` (notebooks would run inside notebooks); run it from a shell")
        }
    }

    /// The notebooks next to the data in use, else those built into jifen.
    static func shipped() throws -> [String] {
        var folder = try DataHome.current().notebooks
        if !FileManager.default.fileExists(atPath: folder.path) { folder = try DataHome.bundled().notebooks }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let notebooks = names.filter { $0.hasSuffix(".md") }.sorted()
        guard !notebooks.isEmpty else { throw InputError(file: folder.path, "no notebooks (*.md) found") }
        return notebooks.map { folder.appendingPathComponent($0).path }
    }

    /// This very binary, so cells run the code being checked, whatever is on the PATH.
    static var executor: ChildProcessExecutor {
        let proc = URL(fileURLWithPath: "/proc/self/exe")
        if FileManager.default.fileExists(atPath: proc.path) {
            return ChildProcessExecutor(executable: proc.resolvingSymlinksInPath())
        }
        return ChildProcessExecutor(executable: Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0]))
    }

    static func load(_ file: String) throws -> (JifenNotebook.Notebook, URL) {
        let url = URL(fileURLWithPath: file)
        let text = try readText(file)
        do {
            return (try JifenNotebook.Notebook(parsing: text), url)
        } catch let error as NotebookError {
            throw InputError(file: file, error.description)
        }
    }

    /// Runs `body`; a notebook error (a cell that cannot be split or started) names the file.
    static func executing<T>(_ file: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as NotebookError {
            throw InputError(file: file, error.description)
        }
    }

    static func commandCount(_ notebook: JifenNotebook.Notebook) -> Int {
        notebook.cells.filter { if case .command = $0 { true } else { false } }.count
    }
}
