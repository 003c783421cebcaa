import Foundation
import JifenIO
import Testing

@Suite struct InputErrorTests {
    @Test func theSentenceNamesFileLineAndKey() {
        #expect(InputError(file: "p.yaml", line: 3, key: "age", "expected a number").description == "p.yaml:3: age: expected a number")
        #expect(InputError(file: "p.yaml", "is empty").description == "p.yaml: is empty")
    }

    @Test func longPartsAreCutAndLineBreaksFlattened() {
        let e = InputError(file: String(repeating: "f", count: 300), "two\nlines")
        #expect(e.description == String(repeating: "f", count: 200) + "…: two lines")
    }

    @Test func excerptsQuoteEscapeAndCut() {
        #expect(excerpt("abc") == "'abc'")
        #expect(excerpt("a\nb\u{1}") == "'a\\nb\\u{01}'")
        #expect(excerpt(String(repeating: "x", count: 45)) == "'" + String(repeating: "x", count: 40) + "…' (45 characters)")
    }

    @Test func nearestSuggestsOnlyCloseNames() {
        #expect(nearest("tianjn", in: ["tianjin", "hangzhou"]) == "tianjin")
        #expect(nearest("xyz", in: ["tianjin", "hangzhou"]) == nil)
    }

    @Test func byteCountsAreWordedInTheLargestWholeUnit() {
        #expect(InputFile.byteCount(1 << 20) == "1 MiB")
        #expect(InputFile.byteCount(64 << 10) == "64 KiB")
        #expect(InputFile.byteCount(100) == "100 bytes")
    }

    @Test func inputFilesAreReadWithinTheirBound() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-io-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("a.yaml").path
        try Data("12345".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try InputFile.text(path) == "12345")
        #expect(throws: InputError(file: "a.yaml", "is larger than 4 bytes, the most jifen reads for the rule book")) {
            try InputFile.text(path, display: "a.yaml", limit: 4, what: "the rule book")
        }
        #expect(throws: InputError(file: "gone", "cannot read the file (does it exist?)")) {
            try InputFile.text(folder.appendingPathComponent("gone").path, display: "gone")
        }
        #expect(throws: InputError(file: "dir", "is a folder; expected the file as a file")) { try InputFile.text(folder.path, display: "dir") }
        try Data([0xff, 0xfe]).write(to: URL(fileURLWithPath: path))
        #expect(throws: InputError(file: "a.yaml", "is not UTF-8 text")) { try InputFile.text(path, display: "a.yaml") }
    }
}
