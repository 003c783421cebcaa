import Foundation
import JifenPolicy
import Testing

/// Inputs that would cost far more than their size (alias bombs, deep nesting, huge values or
/// files) are refused up front with one sentence naming the bound.
@Suite struct InputBoundsTests {
    func parseError(_ text: String) -> InputError? {
        do {
            _ = try Tree.parse(text, file: "in.yaml")
            return nil
        } catch {
            return error as? InputError
        }
    }

    /// Nine levels of nine aliases each: 387 million scalars if expanded.
    static let aliasBomb: String = {
        var lines = [#"a: &a ["x","x","x","x","x","x","x","x","x"]"#]
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]")
            previous = name
        }
        return (lines + ["birth_date: *i"]).joined(separator: "\n")
    }()

    @Test func anAliasBombIsRefusedAtItsFirstAlias() throws {
        let e = try #require(parseError(Self.aliasBomb))
        #expect(e.line == 2)
        #expect(e.message.contains("aliases"))
    }

    @Test func anAliasAsAMappingKeyIsRefusedBeforeItIsHashed() throws {
        let e = try #require(parseError(Self.aliasBomb.replacingOccurrences(of: "birth_date: *i", with: "? *i\n: 1")))
        #expect(e.message.contains("aliases"))
    }

    @Test func anAnchorWithoutAliasIsHarmless() throws {
        let t = try Tree.parse("level: &l bachelor\n", file: "in.yaml")
        #expect(try t.fields(["level"]).require("level").string() == "bachelor")
    }

    @Test func nestingDeeperThanTheBoundIsRefused() throws {
        let e = try #require(parseError(String(repeating: "- ", count: 100_000) + "x"))
        #expect(e.message.contains("nested more than \(64)"))
        #expect(parseError(String(repeating: "- ", count: 60) + "x") == nil)
    }

    @Test func aValueOverTheFieldBoundIsRefusedAndNotEchoed() throws {
        let e = try #require(parseError("birth_date: \"" + String(repeating: "x", count: 1_000_000) + "\""))
        #expect(e.message.contains("at most 4096 bytes"))
        #expect(e.description.count < 200)
        #expect(parseError("note: \"" + String(repeating: "x", count: 4096) + "\"") == nil)
    }

    @Test func aDocumentOverTheSizeBoundIsRefused() throws {
        let text = String(repeating: "# filler line of a comment, forty bytes\n", count: 30_000)
        let e = try #require(parseError(text))
        #expect(e.message.contains("1 MiB"))
    }

    @Test func aFileOverTheSizeBoundIsNotReadPastTheBound() throws {
        // /dev/zero never ends: reading it whole would exhaust memory.
        let e = try #require(throws: InputError.self) { try Tree.load(URL(fileURLWithPath: "/dev/zero")) }
        #expect(e.message.contains("larger than 1 MiB"))
    }

    @Test func aFolderIsNamedAsAFolder() throws {
        let e = try #require(throws: InputError.self) { try Tree.load(FileManager.default.temporaryDirectory) }
        #expect(e.message.contains("folder"))
    }

    @Test func messagesQuoteAShortExcerptOfAValue() throws {
        let long = String(repeating: "y", count: 3000)
        let e = try #require(throws: InputError.self) { try Tree.parse("flag: \(long)\n", file: "in.yaml").fields(["flag"]).require("flag").bool() }
        #expect(e.description.contains("'" + String(repeating: "y", count: 40) + "…' (3000 characters)"))
        #expect(e.description.count < 200)
        #expect(excerpt("a\u{0}b\nc") == #"'a\u{00}b\nc'"#)
    }

    @Test func everyPartOfAMessageIsBounded() {
        let e = InputError(file: String(repeating: "f", count: 5000), line: 3, key: String(repeating: "k", count: 5000), String(repeating: "m", count: 5000))
        #expect(e.description.count < 1400)
        #expect(!InputError(file: "a", "two\nlines").description.contains("\n"))
    }
}
