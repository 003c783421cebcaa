import Foundation
import JifenTestSupport
import Testing

/// `jifen notebook`: how CI keeps the notebooks in notebooks-md/ from drifting from the code.
@Suite struct NotebookTests {
    func jifen(_ args: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try Fixtures.run("jifen", args)
    }

    func tempFolder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-notebook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func everyShippedNotebookIsUpToDate() throws {
        let folder = Fixtures.packageRoot.appendingPathComponent("notebooks-md")
        let notebooks = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") }.sorted()
        #expect(notebooks.count >= 4)
        let r = try jifen(["notebook", "check"] + notebooks.map { "notebooks-md/\($0)" })
        #expect(r.status == 0, "notebooks drifted; run `jifen notebook run notebooks-md/*.md` and review:\n\(r.stdout)\(r.stderr)")
        for name in notebooks { #expect(r.stdout.contains("ok     notebooks-md/\(name)")) }
    }

    /// A rule book changed under a notebook: check exits 1 and shows the recorded and the new
    /// threshold as a unified diff, and leaves the notebook alone.
    @Test func changedRuleValueMakesCheckFailWithADiff() throws {
        let dir = try tempFolder()
        let rules = dir.appendingPathComponent("rules")
        try FileManager.default.copyItem(at: Fixtures.datasets.appendingPathComponent("rules"), to: rules)
        let profile = Fixtures.datasets.appendingPathComponent("profiles/family-couple-tianjin.yaml").path
        let notebook = dir.appendingPathComponent("tianjin.md")
        try """
            # Tianjin 2018

            ```jifen
            jifen score --profile '\(profile)' --edition tianjin/2018 --as-of 2019-06-01 --rules-dir '\(rules.path)'
            ```

            """.write(to: notebook, atomically: true, encoding: .utf8)
        // run inserts the output block right after the cell: its fence is line 6.
        let recorded = try jifen(["notebook", "run", notebook.path])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(try jifen(["notebook", "check", notebook.path]).status == 0)

        // Tianjin 2018's threshold (指导分值) is "more than 140", 140.01; raise it to 150.
        let book = rules.appendingPathComponent("tianjin/2018.yaml")
        let text = try String(contentsOf: book, encoding: .utf8)
        #expect(text.contains("threshold:\n  value: 140.01\n"))
        try text.replacingOccurrences(of: "threshold:\n  value: 140.01\n", with: "threshold:\n  value: 150\n")
            .write(to: book, atomically: true, encoding: .utf8)
        let before = try String(contentsOf: notebook, encoding: .utf8)

        let r = try jifen(["notebook", "check", notebook.path])
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("DRIFT  \(notebook.path)"))
        #expect(r.stdout.contains("line 3: output of `jifen score"))
        #expect(r.stdout.contains("--- recorded (line 6)\n+++ now\n"))
        let lines = r.stdout.components(separatedBy: "\n")
        #expect(lines.contains { $0.hasPrefix("-Threshold 分值线: 140.01 ") })
        #expect(lines.contains { $0.hasPrefix("+Threshold 分值线: 150 ") })
        #expect(try String(contentsOf: notebook, encoding: .utf8) == before, "check must not rewrite the notebook")
    }

    @Test func chartDriftIsReportedAndTheFileRestored() throws {
        let dir = try tempFolder()
        let profile = Fixtures.datasets.appendingPathComponent("profiles/young-graduate-renting.yaml").path
        let notebook = dir.appendingPathComponent("compare.md")
        try """
            ```jifen
            jifen compare --profile '\(profile)' --as-of 2024-06-01 --plot charts/compare.svg
            ```

            ![Points by city](charts/compare.svg)

            """.write(to: notebook, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("charts"), withIntermediateDirectories: true)
        #expect(try jifen(["notebook", "run", notebook.path]).status == 0)
        let chart = dir.appendingPathComponent("charts/compare.svg")
        let svg = try String(contentsOf: chart, encoding: .utf8)
        for edition in ["hangzhou/2023", "tianjin/2022", "tongxiang/2022"] { #expect(svg.contains(edition)) }
        // Thresholds on that day: Hangzhou 100, Tianjin 110, Tongxiang 120, so the three marks
        // stand in that order, equally spaced (10 points apart on one linear axis).
        let marks = svg.components(separatedBy: "<line ").filter { $0.contains("class=\"threshold\"") }.compactMap { line in
            line.components(separatedBy: "x1=\"").dropFirst().first?.components(separatedBy: "\"").first.flatMap(Double.init)
        }
        #expect(marks.count == 3)
        if marks.count == 3 {
            #expect(marks[0] < marks[1] && marks[1] < marks[2])
            #expect(abs((marks[1] - marks[0]) - (marks[2] - marks[1])) < 0.02)
        }

        try "<svg/>".write(to: chart, atomically: true, encoding: .utf8)
        let r = try jifen(["notebook", "check", notebook.path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("chart charts/compare.svg from `jifen compare"))
        #expect(r.stdout.contains("differs from the checked-in file"))
        #expect(try String(contentsOf: chart, encoding: .utf8) == "<svg/>", "check puts the checked-in chart back")
    }

    @Test func badInputExitsTwo() throws {
        let missing = try jifen(["notebook", "check", "notebooks-md/no-such-notebook.md"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no-such-notebook.md"))

        let dir = try tempFolder()
        let unclosed = dir.appendingPathComponent("unclosed.md")
        try "# x\n\n```jifen\njifen rules list\n".write(to: unclosed, atomically: true, encoding: .utf8)
        let r = try jifen(["notebook", "check", unclosed.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("line 3"), "\(r.stderr)")
    }
}
