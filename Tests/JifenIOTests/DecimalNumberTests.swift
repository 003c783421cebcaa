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

    @Test func theFastFractionPathRoundsAsStrtod() {
        // Halfway cases and long fractions near the 15-digit edge, then a fixed pseudo-random sweep;
        // Double(String) is the correctly rounded reference.
        var texts = ["0.1", "-0.0", "0.0", "62.941096", "0.30000000000000004", "1.00000000000001", "9.99999999999999",
                     "99999999999999.9", "0.000000000000001", "123456789.123456", "1234567890.12345", "0.5", "-2.333333"]
        var state: UInt64 = 5
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let digits = String(state >> 14 % 1_000_000_000_000_000)
            let point = Int(state % UInt64(digits.count))
            let text = (point == 0 ? "0" : String(digits.prefix(point))) + "." + (point == 0 ? digits : String(digits.dropFirst(point)))
            if text.hasPrefix("0"), text.count > 1, !text.hasPrefix("0.") { continue }
            texts.append(text)
        }
        for text in texts {
            let got = DecimalNumber.parse(text)
            #expect(got?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
    }
}
