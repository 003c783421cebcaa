import ArgumentParser
import Foundation
import JifenNotebook
import JifenPolicy

/// `jifen notebook run|check FILE...`: executable markdown notebooks (docs/notebooks.md).
///
/// Every `jifen` cell runs as a child process of this same binary, with the notebook's own
/// folder as working directory: paths in cells, `--plot` charts and image links are then all
/// relative to the notebook, as a markdown viewer resolves them.
struct Notebook: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run or check executable markdown notebooks (```jifen cells with recorded ```output).",
        discussion: """
        Cells run with the notebook's folder as working directory, so they name files relative to it
        (../datasets/profiles/…) and charts as charts/NAME.svg.
        Example: jifen notebook check notebooks-md/*.md
        """,
        subcommands: [Run.self, Check.self])

    /// Runs every cell and rewrites the recorded outputs and charts.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-run every jifen cell and rewrite the notebook's outputs and charts.",
            discussion: "Example: jifen notebook run notebooks-md/which-city.md")
        @Argument(help: "Notebook files (markdown).") var files: [String]

        func run() throws {
            for file in files {
                let (notebook, url) = try Notebook.load(file)
                let refreshed = try Notebook.executing(file) {
                    try notebook.run(in: url.deletingLastPathComponent(), executor: Notebook.executor.run)
                }
                let changed = refreshed != notebook.markdown
                if changed {
                    do { try refreshed.write(to: url, atomically: true, encoding: .utf8) } catch {
                        throw InputError(file: file, "cannot write the notebook (\(error.localizedDescription))")
                    }
                }
                print("\(file): \(Notebook.commandCount(notebook)) commands run, \(changed ? "outputs rewritten" : "outputs unchanged")")
            }
        }
    }

    /// Runs every cell and fails, with a diff, where the recorded notebook has drifted.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-run every jifen cell and fail (exit 1) with a diff where outputs or charts drifted; changes no file.",
            discussion: "Example: jifen notebook check notebooks-md/*.md")
        @Argument(help: "Notebook files (markdown).") var files: [String]

        func run() throws {
            var drifted = 0
            for file in files {
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
