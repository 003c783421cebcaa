import JifenIO
import Testing

/// Numbers are read as JSON writes them, and nothing else.
@Suite struct DecimalNumberTests {
    @Test func strictNumbers() {
        for good in ["0", "12", "-3", "1.5", "0.25", "1e3", "2.5E-2", "123456789012345678"] {
            #expect(DecimalNumber.parse(good) == Double(good), "\(good)")
        }
        for bad in ["", "-", "01", "00", "0x10", "1_6", "+5", ".5", "5.", "1e", "inf", "nan", "1 ", " 1", "1\u{0}", "١"] {
            #expect(DecimalNumber.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func valuesOutsideADoubleAreRefused() {
        #expect(DecimalNumber.parse("1e400") == nil)
        #expect(DecimalNumber.parse("-1e400") == nil)
    }

    @Test func theFastWholeNumberPathIsExact() {
        #expect(DecimalNumber.parse("999999999999999") == 999_999_999_999_999)
        #expect(DecimalNumber.parse("-42") == -42)
        // Sixteen digits leave the fast path and are still read correctly rounded.
        #expect(DecimalNumber.parse("9007199254740993") == 9_007_199_254_740_992)
    }
}
