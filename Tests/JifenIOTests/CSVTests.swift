import JifenIO
import Testing

@Suite struct CSVTests {
    @Test func quotedFieldsHoldCommasQuotesAndLineBreaks() throws {
        let rows = try CSV.parse("a,b\n\"x,1\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\n", file: "t.csv")
        #expect(rows.map(\.line) == [1, 2, 3])
        #expect(rows.map(\.fields) == [["a", "b"], ["x,1", "say \"hi\""], ["two\nlines", "z"]])
    }

    @Test func blankLinesAreSkippedAndCRLFEndsARow() throws {
        let rows = try CSV.parse("a\r\n\r\nb\n", file: "t.csv")
        #expect(rows.map(\.fields) == [["a"], ["b"]])
        #expect(rows.map(\.line) == [1, 3])
    }

    @Test func aLastRowWithoutALineBreakIsRead() throws {
        #expect(try CSV.parse("a,b\n1,", file: "t.csv").map(\.fields) == [["a", "b"], ["1", ""]])
    }

    @Test func malformedQuotingNamesTheLine() {
        #expect(throws: InputError(file: "t.csv", line: 2, "a quote inside an unquoted field; quote the whole field and double inner quotes")) {
            try CSV.parse("a\nb\"c\n", file: "t.csv")
        }
        #expect(throws: InputError(file: "t.csv", line: 1, "text after a closing quote")) { try CSV.parse("\"a\"b\n", file: "t.csv") }
        #expect(throws: InputError(file: "t.csv", line: 2, "a quoted field is never closed")) { try CSV.parse("a\n\"b\n", file: "t.csv") }
    }

    @Test func escapeQuotesOnlyWhatNeedsIt() {
        #expect(CSV.escape("plain") == "plain")
        #expect(CSV.escape("a,b") == "\"a,b\"")
        #expect(CSV.escape("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSV.escape("x\ny") == "\"x\ny\"")
        #expect(CSV.row(["id", "a,b", ""]) == "id,\"a,b\",\n")
    }

    @Test func writtenRowsReadBack() throws {
        let fields = ["1", "a,b", "\"q\"", "line\nbreak", "", "积分"]
        #expect(try CSV.parse(CSV.row(fields), file: "t.csv").map(\.fields) == [fields])
    }
}
