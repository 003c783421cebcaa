import Foundation
@testable import JifenCommands
import Testing

/// The score card's text layout.
@Suite struct CardTextTests {
    @Test(arguments: [
        "", " ", "points  ", "points\t \r\n", "积分 10\u{3000}", "a\u{00A0}", "a\u{2028}\u{2029}", "a\u{0B}", "a\u{85}",
        "  leading stays", "mid  dle", "é\u{301} ", "⚠ ", "x\u{200B}",
    ])
    func trailingSpaceIsTrimmedAsTheRegularExpressionDid(_ line: String) {
        // The card used `\s+$` through Foundation; the hand-written trim must remove the same.
        let expected = line.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        #expect(CardText.trimmingTrailingSpace(line) == expected, "\(line.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test(arguments: ["x", "\u{3000}", "\u{00A0}", "\t", "\u{2028}", "\u{200B}", "\u{200C}", "\u{2003}\u{202F}", "\u{3000}积", "\u{85}", "\u{1680}\u{205F}"])
    func aBlankLastLineIsDroppedAsFoundationsTrimmingSaysBlank(_ tail: String) {
        // The last line once went through `trimmingCharacters(in: .whitespaces)`; the scalar test
        // must call the same lines blank. "word" fills the first line, so `tail` starts the second.
        let blank = tail.trimmingCharacters(in: .whitespaces).isEmpty
        let lines = wrap("word " + tail, width: 4)
        #expect(lines.first == "word")
        #expect(lines.count == (blank ? 1 : 2), "\(tail.unicodeScalars.map { String($0.value, radix: 16) }): \(lines)")
    }
}
