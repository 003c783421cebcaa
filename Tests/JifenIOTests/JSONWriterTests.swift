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

    @Test func equalValuesAreTheSameBytes() {
        #expect(JSON.number(0.1 + 0.2) == JSON.number(0.3))
        #expect(JSON.optional(nil as Double?) == .null)
        #expect(JSON.optional("x") == .string("x"))
    }
}
