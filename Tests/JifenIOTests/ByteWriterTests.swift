import JifenIO
import Testing

@Suite struct ByteWriterTests {
    static func written(_ body: (inout ByteWriter) -> Void) -> String {
        var w = ByteWriter(capacity: 1)
        body(&w)
        return String(decoding: w.array, as: UTF8.self)
    }

    /// Lent memory holds the bytes while they fit; past that the writer moves them to memory of its
    /// own and the lent memory keeps what it had.
    @Test func lentMemoryIsWrittenUntilFull() {
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: 8, alignment: 1)
        defer { memory.deallocate() }
        memory.initializeMemory(as: UInt8.self, repeating: UInt8(ascii: "."))
        do {
            var w = ByteWriter(lending: memory)
            w.ascii("abc")
            let (inPlace, count) = (w.wroteInPlace, w.count)
            #expect(inPlace && count == 3)
            #expect(String(decoding: memory, as: UTF8.self) == "abc.....")
            w.ascii("defgh")
            let full = w.wroteInPlace
            #expect(full)
            w.ascii("ij")
            let moved = !w.wroteInPlace
            let text = String(decoding: w.array, as: UTF8.self)
            #expect(moved)
            #expect(text == "abcdefghij")
        }
        #expect(String(decoding: memory, as: UTF8.self) == "abcdefgh")
    }

    @Test func numbersAreWrittenAsJSONFormatWritesThem() {
        var values: [Double] = [0, -0.0, 1, -1, 0.5, -0.5, 0.05, 0.1 + 0.2, 20.25, 1e-5, 123.456789, 1e13, 1e14 + 0.5, 1e15, 1e16,
                                -7.25, 3.3333333, 0.01, 0.015, 999_999.99, 999_999_999.9999995, -1e9, .nan, .infinity, -.infinity]
        // Fractions with small denominators, as point values are, from a fixed linear congruential sequence.
        var state: UInt64 = 3
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let whole = Double(Int64(state >> 40) % 200_001 - 100_000)
            values.append(whole / [1, 2, 4, 8, 10, 12, 100, 1000, 3][Int(state >> 20) % 9])
        }
        for v in values {
            #expect(Self.written { $0.number(v) } == JSON.format(v), "\(v)")
        }
    }

    /// One writer and one table of fractions for every value, each written three times: after the
    /// first, the text comes from the table.
    @Test func repeatedFractionsAreWrittenTheSameWay() {
        var values: [Double] = (-150...150).map(Double.init)
        for denominator in [2.0, 3, 6, 7, 12, 1e6, 3e6] {
            for numerator in -400...400 { values.append(Double(numerator) / denominator) }
        }
        values += [999_999_999.999999, -999_999_999.999999, 123_456_789.5, 1e-7, -1e-7, 5e-7]
        var w = ByteWriter(capacity: 1)
        let fractions = FractionCache()
        for v in values + values.reversed() + values {
            w.number(v, fractions: fractions)
            w.byte(UInt8(ascii: ","))
        }
        let expected = (values + values.reversed() + values).map { JSON.format($0) + "," }.joined()
        #expect(String(decoding: w.array, as: UTF8.self) == expected)
    }

    @Test func integersFieldsAndTextGrowTheBuffer() {
        let text = Self.written { w in
            w.integer(0)
            w.byte(UInt8(ascii: ","))
            w.integer(-9_223_372_036_854_775_807)
            w.ascii(",")
            w.csvField("a,\"b\"")
            w.text(",积分,")
            w.csvField(String(repeating: "x", count: 300))
        }
        #expect(text == "0,-9223372036854775807,\"a,\"\"b\"\"\",积分," + String(repeating: "x", count: 300))
    }

    @Test func csvFieldsQuoteAsCSVEscape() {
        for field in ["", "plain", "a,b", "q\"", "line\nbreak", "cr\r", "积分"] {
            #expect(Self.written { $0.csvField(field) } == CSV.escape(field), "\(field)")
        }
    }

    @Test func removeAllKeepsWriting() {
        var w = ByteWriter(capacity: 4)
        w.text("abcdef")
        w.removeAll()
        w.text("xy")
        #expect(w.count == 2)
        #expect(w.withBytes { Array($0) } == Array("xy".utf8))
    }
}
