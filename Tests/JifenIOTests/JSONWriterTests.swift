import Foundation
import JifenIO
import Testing

/// The JSON writer on numbers schemathesis found printed as non-JSON ("5970334825455306." and
/// "inf" for amounts of 1e15 and more, and past 1e302).
@Suite struct JSONWriterTests {
    @Test(arguments: [1e15, 5.970334825455306e+16, 1e21, 8.283319189150783e+307, -4.5e+18])
    func largeNumbersAreValidJSONWithTheirValue(_ value: Double) throws {
        let text = JSON.array([.number(value)]).serialized()
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [NSNumber])
        #expect(abs(parsed[0].doubleValue - value) <= abs(value) * 1e-6, "\(text)")
    }
}

@Suite struct JSONLayoutTests {
    @Test func keysKeepTheirOrderAndPrettyIndentsByTwo() {
        let value: JSON = ["b": 1, "a": [true, .null, "x"], "e": [:], "l": []]
        #expect(value.serialized(pretty: false) == #"{"b":1,"a":[true,null,"x"],"e":{},"l":[]}"#)
        #expect(value.serialized() == "{\n  \"b\": 1,\n  \"a\": [\n    true,\n    null,\n    \"x\"\n  ],\n  \"e\": {},\n  \"l\": []\n}")
    }

    @Test(arguments: [
        (0.1 + 0.2, "0.3"), (2.0, "2"), (-0.5, "-0.5"), (1.0 / 3.0, "0.333333"), (2.5e-7, "0"),
        (-0.0000004, "0"), (1234567.1234567, "1234567.123457"), (.nan, "null"), (.infinity, "null"), (0.00005, "0.00005"),
    ])
    func numbersAreRoundedToSixDecimalsInShortestForm(_ value: Double, _ text: String) {
        #expect(JSON.format(value) == text)
    }

    @Test func stringsEscapeQuotesBackslashesAndControlCharacters() {
        #expect(JSON.quoted("a\"b\\c\nd\u{1}积") == #""a\"b\\c\nd\u0001积""#)
    }

    /// Escapes are written by byte: each control character, quote and backslash at the start,
    /// the end and next to multi-byte characters, and everything else copied as it is.
    @Test func stringsEscapeEveryControlCharacterAndCopyTheRest() {
        #expect(JSON.quoted("\t居\r住\u{1f}\u{7f}é\"") == "\"\\t居\\r住\\u001f\u{7f}é\\\"\"")
        #expect(JSON.quoted("") == "\"\"")
        #expect(JSON.array([.string("\u{0}\u{b}"), .object([("k\"", "积分 ✓")])]).serialized(pretty: false) == "[\"\\u0000\\u000b\",{\"k\\\"\":\"积分 ✓\"}]")
    }

    /// Text is scanned eight bytes at a time: an escape at every offset of a long string, in
    /// runs of plain ASCII and of multi-byte characters, is still escaped, by a reference
    /// escaper written here from the JSON grammar.
    @Test func escapesAreFoundAtEveryOffsetOfLongText() {
        func reference(_ s: String) -> String {
            var out = "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
                default: out.unicodeScalars.append(u)
                }
            }
            return out + "\""
        }
        for filler in ["abcdefghijklmnopqrstuvw", "居住证积分落户", "a~é\u{7f}\u{80}ÿ!#"] {
            for special in ["\"", "\\", "\n", "\u{1}", "\u{1f}", "\t"] {
                for offset in 0...17 {
                    let text = String(filler.prefix(offset)) + special + filler + special
                    #expect(JSON.quoted(text) == reference(text), "\(text.debugDescription)")
                }
            }
        }
    }

    /// A document streamed through `JSONWriter` has the bytes of the same document built as a
    /// `JSON` tree, pretty and compact, nesting and empty containers included.
    @Test func aStreamedDocumentIsTheTreesBytes() {
        let tree: JSON = ["a": [1, "x", [:], [], ["k": .null, "l": [true, false]]], "b": [:], "c": [], "d": 0.5,
                          "e": ["f": ["g": ["h"]]], "s": .string("q\"uote")]
        struct Streamed: JSONDocument {
            func write(to w: inout JSONWriter) {
                w.beginObject()
                w.key("a")
                w.beginArray()
                w.number(1)
                w.string("x")
                w.beginObject()
                w.endObject()
                w.beginArray()
                w.endArray()
                w.value(["k": .null, "l": [true, false]])
                w.endArray()
                w.key("b")
                w.beginObject()
                w.endObject()
                w.field("c", [String]())
                w.field("d", 0.5 as Double?)
                w.key("e")
                w.beginObject()
                w.key("f")
                w.value(["g": ["h"]])
                w.endObject()
                w.field("s", "q\"uote")
                w.endObject()
            }
        }
        #expect(Streamed().serialized() == tree.serialized())
        #expect(Streamed().serialized(pretty: false) == tree.serialized(pretty: false))
    }

    @Test func equalValuesAreTheSameBytes() {
        #expect(JSON.number(0.1 + 0.2) == JSON.number(0.3))
        #expect(JSON.optional(nil as Double?) == .null)
        #expect(JSON.optional("x") == .string("x"))
    }
}
