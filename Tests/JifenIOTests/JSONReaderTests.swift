import JifenIO
import Testing

/// The shared JSON reader: what each dialect accepts, the place of each value, and where a
/// failure is reported (offsets worked by hand from the texts).
@Suite struct JSONReaderTests {
    /// Values as `path@line kind`, in document order.
    struct Outline: JSONNodeBuilder {
        func null(line: Int, path: String) -> [String] { ["\(path)@\(line) null"] }
        func scalar(_ text: String, quoted: Bool, line: Int, path: String) -> [String] { ["\(path)@\(line) " + (quoted ? "\"\(text)\"" : text)] }
        func list(_ items: [[String]], line: Int, path: String) -> [String] { ["\(path)@\(line) [\(items.count)]"] + items.flatMap { $0 } }
        func map(_ pairs: [(key: String, value: [String])], line: Int, path: String) -> [String] {
            ["\(path)@\(line) {\(pairs.map(\.key).joined(separator: ","))}"] + pairs.flatMap(\.value)
        }
    }

    static func read(_ text: String, _ dialect: JSONReader<Outline>.Dialect, path: String = "cell") -> Result<[String], JSONReadFailure> {
        var text = text
        return text.withUTF8 { JSONReader.read(UnsafeRawBufferPointer($0), path: path, dialect: dialect, builder: Outline()) }
    }

    @Test func theFullDialectReadsEscapesAndKeepsTheCellsLine() throws {
        let text = "[{\"kind\":\t\"a\\\"b\\u00e9\\ud83d\\ude00\",\r\n \"n\": -1.5e2, \"x\": null}, true]"
        let outline = try Self.read(text, .full(line: 7)).get()
        #expect(outline == ["cell@7 [2]", "cell[0]@7 {kind,n,x}", "cell[0].kind@7 \"a\"bé😀\"", "cell[0].n@7 -1.5e2",
                            "cell[0].x@7 null", "cell[1]@7 true"])
    }

    @Test func thePlainDialectCountsLinesFromTheRoot() throws {
        let outline = try Self.read("{\"a\": 1,\n \"b\": [\n  \"x\"]}", .plain, path: "").get()
        #expect(outline == ["@1 {a,b}", "a@1 1", "b@2 [1]", "b[0]@3 \"x\""])
    }

    @Test(arguments: [
        ("[1,]", JSONReadFailure.malformed("expected a value, found ''", at: 3)),
        ("[1 2]", .malformed("expected ',' or ']'", at: 3)),
        ("{\"a\" 1}", .malformed("expected ':' after a key", at: 5)),
        ("{1: 2}", .malformed("expected a quoted key", at: 1)),
        ("[\"ab", .malformed("a string is never closed", at: 4)),
        ("[\"a\\x\"]", .malformed("an unknown escape", at: 4)),
        ("[01]", .malformed("expected a value, found '01'", at: 1)),
        ("[] x", .malformed("text after the JSON value", at: 3)),
        ("{\"a\": 1, \"a\": 2}", .duplicateKey(path: "cell.a")),
    ])
    func failuresSayWhatAndWhere(_ text: String, _ failure: JSONReadFailure) {
        #expect(Self.read(text, .full(line: 1)) == .failure(failure))
    }

    @Test func nestingStopsAtSixteenLevels() {
        let deep = { (n: Int) in String(repeating: "[", count: n) + String(repeating: "]", count: n) }
        #expect((try? Self.read(deep(16), .full(line: 1)).get()) != nil)
        #expect(Self.read(deep(17), .full(line: 1)) == .failure(.malformed("nesting deeper than 16 levels", at: 16)))
    }

    @Test(arguments: ["{\"a\": \"x\\\"y\"}", "{\"a\": \"积分\"}", "{\"a\": \"" + String(repeating: "x", count: 1025) + "\"}",
                      "{\"a\": 0." + String(repeating: "0", count: 1023) + "1}"])
    func plainJSONWithEscapesNonASCIIOrLongValuesIsNotRead(_ text: String) {
        #expect(Self.read(text, .plain) == .failure(.notPlain))
        #expect((try? Self.read(text, .full(line: 1)).get()) != nil)
    }

    @Test func tabsAndCarriageReturnsAreSpaceOnlyInTheFullDialect() {
        #expect((try? Self.read("{\"a\":\t1}\r\n", .full(line: 1)).get()) == ["cell@1 {a}", "cell.a@1 1"])
        #expect(Self.read("{\"a\":\t1}", .plain) == .failure(.malformed("expected a value, found ''", at: 5)))
    }
}
