import Foundation
import Testing
@testable import JifenNotebook

/// A stand-in for the jifen binary: answers from a table and remembers what it was asked.
final class FakeJifen {
    var answers: [String: (stdout: String, exitStatus: Int32)]
    var calls: [(arguments: [String], directory: URL)] = []
    var sideEffect: ([String], URL) throws -> Void = { _, _ in }

    init(_ answers: [String: (stdout: String, exitStatus: Int32)]) {
        self.answers = answers
    }

    func execute(_ arguments: [String], _ directory: URL) throws -> (stdout: String, exitStatus: Int32) {
        calls.append((arguments, directory))
        try sideEffect(arguments, directory)
        return answers[arguments.joined(separator: " ")] ?? ("unknown command\n", 2)
    }
}

let here = URL(fileURLWithPath: "/tmp/notebook-tests", isDirectory: true)

@Suite struct NotebookParsingTests {
    static let sample = """
    # 天津积分 Tianjin points

    Prose with trailing spaces   \r
    and a *CRLF* line above, and `inline code`.

    ```jifen
    jifen score --profile "profiles/li wei.yaml" --city tianjin
    ```

    ```output
    total 183.5
    ```

    ````markdown
    ```jifen
    jifen this is documentation, not a cell
    ```
    ````

    ![Points by city](charts/compare.svg)

    ```jifen
    jifen compare --profile profiles/a.yaml \\
      --plot charts/compare.svg
    ```
    The end, without a final newline.
    """

    @Test func roundTripKeepsEveryByte() throws {
        let notebook = try Notebook(parsing: Self.sample)
        #expect(notebook.markdown == Self.sample)
        #expect(try Notebook(parsing: "").markdown == "")
        #expect(try Notebook(parsing: "no newline").markdown == "no newline")
    }

    @Test func cellsAreRecognised() throws {
        let notebook = try Notebook(parsing: Self.sample)
        let kinds = notebook.cells.map { cell -> String in
            switch cell {
            case .prose: return "prose"
            case .command: return "command"
            case .output: return "output"
            }
        }
        #expect(kinds == ["prose", "command", "prose", "output", "prose", "command", "prose"])
        guard case let .command(first) = notebook.cells[1], case let .command(second) = notebook.cells[5],
              case let .output(output) = notebook.cells[3] else {
            Issue.record("unexpected cells")
            return
        }
        #expect(first.arguments == ["score", "--profile", "profiles/li wei.yaml", "--city", "tianjin"])
        #expect(first.line == 6)
        #expect(output.recorded == RecordedOutput(stdout: "total 183.5\n", exitStatus: 0))
        #expect(second.arguments == ["compare", "--profile", "profiles/a.yaml", "--plot", "charts/compare.svg"])
        #expect(second.plotPaths == ["charts/compare.svg"])
        #expect(notebook.imageLinks == ["charts/compare.svg"])
    }

    @Test func malformedCellsAreRejectedWithTheirLine() {
        #expect(throws: NotebookError.outputWithoutCommand(line: 3)) {
            try Notebook(parsing: "Intro\n\n```output\nx\n```\n")
        }
        #expect(throws: NotebookError.outputWithoutCommand(line: 5)) {
            try Notebook(parsing: "```jifen\njifen a\n```\nprose between\n```output\nx\n```\n")
        }
        #expect(throws: NotebookError.notACommand(line: 1, text: "ls -l")) {
            try Notebook(parsing: "```jifen\nls -l\n```\n")
        }
        #expect(throws: NotebookError.severalCommands(line: 1)) {
            try Notebook(parsing: "```jifen\njifen a\njifen b\n```\n")
        }
        #expect(throws: NotebookError.emptyCommand(line: 2)) {
            try Notebook(parsing: "\n```jifen\n\n```\n")
        }
        #expect(throws: NotebookError.unclosedFence(line: 1, info: "jifen")) {
            try Notebook(parsing: "```jifen\njifen a\n")
        }
    }

    @Test func exitStatusLineIsReadBack() throws {
        let notebook = try Notebook(parsing: "```jifen\njifen bad\n```\n```output\nerror: no such edition\n[exit status 2]\n```\n")
        guard case let .output(output) = notebook.cells[1] else {
            Issue.record("no output cell")
            return
        }
        #expect(output.recorded == RecordedOutput(stdout: "error: no such edition\n", exitStatus: 2))
    }
}

@Suite struct NotebookRunTests {
    @Test func runInsertsMissingOutputsAndReplacesStaleOnes() throws {
        let markdown = """
        Intro.

        ```jifen
        jifen rules list
        ```

        ```output
        stale text
        ```

        Then:

        ```jifen
        jifen score --edition 'tianjin/2018'
        ```
        Tail.

        """
        let fake = FakeJifen([
            "rules list": ("tianjin/2018\ntianjin/2020\n", 0),
            "score --edition tianjin/2018": ("error: --profile is required", 2),
        ])
        let result = try Notebook(parsing: markdown).run(in: here, executor: fake.execute)
        #expect(result == """
        Intro.

        ```jifen
        jifen rules list
        ```

        ```output
        tianjin/2018
        tianjin/2020
        ```

        Then:

        ```jifen
        jifen score --edition 'tianjin/2018'
        ```
        ```output
        error: --profile is required
        [exit status 2]
        ```
        Tail.

        """)
        #expect(fake.calls.map(\.arguments) == [["rules", "list"], ["score", "--edition", "tianjin/2018"]])
        #expect(fake.calls.allSatisfy { $0.directory == here })
    }

    @Test func outputHoldingFencesGetsALongerFence() throws {
        let fake = FakeJifen(["show": ("```yaml\nid: x\n```\n", 0)])
        let result = try Notebook(parsing: "```jifen\njifen show\n```").run(in: here, executor: fake.execute)
        #expect(result == "```jifen\njifen show\n```\n````output\n```yaml\nid: x\n```\n````\n")
        let reparsed = try Notebook(parsing: result)
        guard case let .output(output) = reparsed.cells.last else {
            Issue.record("no output cell")
            return
        }
        #expect(output.recorded.stdout == "```yaml\nid: x\n```\n")
    }

    @Test func runningTwiceChangesNothing() throws {
        let fake = FakeJifen(["a": ("one\ntwo\n", 0), "b": ("", 1)])
        let once = try Notebook(parsing: "x\n```jifen\njifen a\n```\n\n```jifen\njifen b\n```\n").run(in: here, executor: fake.execute)
        let twice = try Notebook(parsing: once).run(in: here, executor: fake.execute)
        #expect(once == twice)
        #expect(once.contains("```output\n[exit status 1]\n```\n"))
    }

    @Test func windowsLineEndingsAreKept() throws {
        let fake = FakeJifen(["a": ("x\ny\n", 0)])
        let markdown = "Prose\r\n```jifen\r\njifen a\r\n```\r\n"
        let result = try Notebook(parsing: markdown).run(in: here, executor: fake.execute)
        #expect(result == markdown + "```output\r\nx\r\ny\r\n```\r\n")
        #expect(try Notebook(parsing: result).check(in: here, executor: fake.execute).passed)
    }

    @Test func executorFailureNamesTheCell() {
        struct Boom: Error {}
        #expect(throws: NotebookError.commandFailed(line: 3, command: "jifen a", message: "Boom()")) {
            try Notebook(parsing: "\n\n```jifen\njifen a\n```\n").run(in: here) { _, _ in throw Boom() }
        }
    }
}

@Suite struct NotebookCheckTests {
    static let notebook = """
    ```jifen
    jifen simulate --pool 100
    ```

    ```output
    cutoff median 142
    tie mass 3
    replicates 50
    ```

    """

    @Test func passesWhenNothingDrifted() throws {
        let fake = FakeJifen(["simulate --pool 100": ("cutoff median 142\ntie mass 3\nreplicates 50\n", 0)])
        let check = try Notebook(parsing: Self.notebook).check(in: here, executor: fake.execute)
        #expect(check.passed)
        #expect(check.report == "notebook up to date\n")
    }

    @Test func reportsADriftWithAReadableDiff() throws {
        let fake = FakeJifen(["simulate --pool 100": ("cutoff median 145\ntie mass 3\nreplicates 50\n", 0)])
        let check = try Notebook(parsing: Self.notebook).check(in: here, executor: fake.execute)
        #expect(check.drifts == [.output(line: 1, command: "jifen simulate --pool 100", diff: """
            --- recorded (line 5)
            +++ now
            @@ -1,3 +1,3 @@
            -cutoff median 142
            +cutoff median 145
             tie mass 3
             replicates 50

            """)])
        #expect(check.report.hasPrefix("line 1: output of `jifen simulate --pool 100` changed:\n--- recorded (line 5)\n"))
    }

    @Test func reportsAChangedExitStatusAndMissingOutput() throws {
        let fake = FakeJifen(["simulate --pool 100": ("cutoff median 142\ntie mass 3\nreplicates 50\n", 1), "b": ("x\n", 0)])
        let check = try Notebook(parsing: Self.notebook + "```jifen\njifen b\n```\n").check(in: here, executor: fake.execute)
        #expect(check.drifts.count == 2)
        guard case let .output(_, _, diff) = check.drifts.first else {
            Issue.record("expected an output drift")
            return
        }
        #expect(diff == """
            --- recorded (line 5)
            +++ now
            @@ -1,3 +1,4 @@
             cutoff median 142
             tie mass 3
             replicates 50
            +[exit status 1]

            """)
        #expect(check.drifts.last == .missingOutput(line: 10, command: "jifen b"))
    }

    @Test func chartDriftNamesTheFileAndLeavesItAsItWas() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-notebook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("charts"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let chart = directory.appendingPathComponent("charts/cutoff.svg")
        try Data("<svg>old</svg>".utf8).write(to: chart)
        let markdown = "```jifen\njifen quota-curve --plot charts/cutoff.svg\n```\n```output\nok\n```\n![c](charts/cutoff.svg) ![gone](charts/gone.svg)\n"
        let fake = FakeJifen(["quota-curve --plot charts/cutoff.svg": ("ok\n", 0)])
        var written = "<svg>new</svg>"
        fake.sideEffect = { _, dir in try Data(written.utf8).write(to: dir.appendingPathComponent("charts/cutoff.svg")) }

        let drifted = try Notebook(parsing: markdown).check(in: directory, executor: fake.execute)
        #expect(drifted.drifts == [
            .chart(line: 1, command: "jifen quota-curve --plot charts/cutoff.svg", path: "charts/cutoff.svg", change: .changed),
            .missingImage(path: "charts/gone.svg"),
        ])
        #expect(drifted.report.contains("charts/cutoff.svg"))
        #expect(try String(contentsOf: chart, encoding: .utf8) == "<svg>old</svg>")

        written = "<svg>old</svg>"
        let same = try Notebook(parsing: markdown.replacingOccurrences(of: " ![gone](charts/gone.svg)", with: ""))
            .check(in: directory, executor: fake.execute)
        #expect(same.passed)
    }

    @Test func newChartIsReportedAndRemovedAgain() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-notebook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let fake = FakeJifen(["simulate --plot=hist.svg": ("", 0)])
        fake.sideEffect = { _, dir in try Data("<svg/>".utf8).write(to: dir.appendingPathComponent("hist.svg")) }
        let check = try Notebook(parsing: "```jifen\njifen simulate --plot=hist.svg\n```\n```output\n```\n")
            .check(in: directory, executor: fake.execute)
        #expect(check.drifts == [.chart(line: 1, command: "jifen simulate --plot=hist.svg", path: "hist.svg", change: .created)])
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("hist.svg").path))
    }
}

@Suite struct LineDiffTests {
    @Test func hunksKeepThreeLinesOfContext() {
        let old = (1...12).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let new = old.replacingOccurrences(of: "line 2\n", with: "line two\n").replacingOccurrences(of: "line 11\n", with: "")
        #expect(LineDiff.unified(old: old, new: new, oldName: "a", newName: "b") == """
            --- a
            +++ b
            @@ -1,5 +1,5 @@
             line 1
            -line 2
            +line two
             line 3
             line 4
             line 5
            @@ -8,5 +8,4 @@
             line 8
             line 9
             line 10
            -line 11
             line 12

            """)
    }

    @Test func equalTextsHaveNoDiff() {
        #expect(LineDiff.unified(old: "a\nb\n", new: "a\nb\n", oldName: "x", newName: "y") == "")
    }
}

@Suite struct ChildProcessExecutorTests {
    @Test func recordsStdoutAndExitStatusInTheGivenDirectory() throws {
        let sh = ChildProcessExecutor(executable: URL(fileURLWithPath: "/bin/sh"))
        let directory = URL(fileURLWithPath: NSTemporaryDirectory(), isDirectory: true).resolvingSymlinksInPath()
        let result = try sh.run(["-c", "pwd; echo 'to stderr' >&2; exit 3"], directory)
        #expect(URL(fileURLWithPath: result.stdout.trimmingCharacters(in: .newlines)).resolvingSymlinksInPath().path
            == directory.path)
        #expect(result.exitStatus == 3)
    }

    @Test func runsANotebookEndToEnd() throws {
        let sh = ChildProcessExecutor(executable: URL(fileURLWithPath: "/bin/sh"))
        // The "jifen" word is dropped; the rest goes to /bin/sh here.
        let markdown = "```jifen\njifen -c 'printf \"a\\nb\\n\"'\n```\n"
        let result = try Notebook(parsing: markdown).run(in: URL(fileURLWithPath: "/"), executor: sh.run)
        #expect(result == markdown + "```output\na\nb\n```\n")
    }
}
