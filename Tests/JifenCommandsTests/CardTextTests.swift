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
}
