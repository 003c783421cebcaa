import JifenPolicy
import Testing

/// Terminal columns, as text tables pad by them.
@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("cutoff", 6), ("cutoff 分数线", 13), ("天津", 4), ("ＡＢ", 4), ("한국", 4), ("e\u{301}", 1), ("a\u{200B}b", 2), ("", 0),
    ])
    func columns(text: String, width: Int) {
        #expect(text.displayWidth == width)
    }

    @Test func paddingCountsWideCharactersTwice() {
        let padded = "cutoff 分数线".padded(toDisplayWidth: 26)
        #expect(padded.displayWidth == 26)
        #expect(padded == "cutoff 分数线" + String(repeating: " ", count: 13))
        // The row names of one table end at the same column whatever their script.
        #expect("tie mass at the cutoff".padded(toDisplayWidth: 26).displayWidth == padded.displayWidth)
        // Wider text is left as it is.
        #expect("杭州市居住证积分".padded(toDisplayWidth: 4) == "杭州市居住证积分")
    }
}
