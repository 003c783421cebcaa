import JifenIO
import Testing

/// The in-place row reader and the chunker read what `CSV.parse` reads.
@Suite struct CSVStreamTests {
    static func rows(_ text: String) throws -> [(line: Int, fields: [String])] {
        var bytes = Array(text.utf8)
        return try bytes.withUnsafeMutableBytes { b in
            var reader = CSVRowReader(b, file: "t.csv")
            var out: [(Int, [String])] = []
            while let line = try reader.next() {
                out.append((line, reader.fields.indices.map { String(decoding: reader.bytes($0), as: UTF8.self) }))
            }
            return out
        }
    }

    /// The chunks of `bytes` read at most `readSize` bytes at a time.
    static func chunks(_ bytes: [UInt8], target: Int, readSize: Int) throws -> [[UInt8]] {
        var offset = 0
        var chunker = CSVChunker(file: "t.csv", target: target) { (p, n) throws(InputError) in
            let k = min(n, bytes.count - offset, readSize)
            bytes.withUnsafeBytes { p.copyMemory(from: $0.baseAddress! + offset, byteCount: k) }
            offset += k
            return k
        }
        var out: [[UInt8]] = []
        while let chunk = try chunker.next() { out.append(chunk) }
        return out
    }

    static let samples = [
        "a,b\n1,2\n", "a,b\r\n1,2\r\n", "a\r\rb\r", "\"x,1\",\"say \"\"hi\"\"\"\n", "\"two\nlines\",z\nnext,row",
        "\n\na\n\n", "a,,\n,,b\n", "积,分\n",
    ]

    @Test(arguments: samples)
    func rowReaderReadsAsCSVParse(_ text: String) throws {
        let expected = try CSV.parse(text, file: "t.csv")
        let got = try Self.rows(text)
        #expect(got.map(\.line) == expected.map(\.line))
        #expect(got.map(\.fields) == expected.map(\.fields))
    }

    @Test func rowReaderErrorsAreWordedAsCSVParse() {
        for text in ["a\nb\"c\n", "\"a\"b\n", "a\n\"b\n"] {
            let parseError = #expect(throws: InputError.self) { try CSV.parse(text, file: "t.csv") }
            let readerError = #expect(throws: InputError.self) { try Self.rows(text) }
            #expect(parseError == readerError, "\(text)")
        }
    }

    @Test func lastRowEndSkipsLineBreaksInsideQuotes() {
        #expect(CSVChunker.lastRowEnd(Array("a\nb".utf8)) == 2)
        #expect(CSVChunker.lastRowEnd(Array("a\n\"b\nc".utf8)) == 2)
        #expect(CSVChunker.lastRowEnd(Array("abc".utf8)) == nil)
        // A CR at the very end may be half of a CRLF: not a row end yet.
        #expect(CSVChunker.lastRowEnd(Array("a\rb\r".utf8)) == 2)
    }

    @Test(arguments: [1, 2, 3, 7, 64])
    func chunksAreWholeRowsAndAddUpToTheInput(target: Int) throws {
        let text = "id,x\n1,\"a\nb\"\r\n2,\"c,\"\"d\"\"\"\n3,e\r4,f"
        let bytes = Array(text.utf8)
        let chunks = try Self.chunks(bytes, target: target, readSize: 3)
        let rows = try chunks.flatMap { try Self.rows(String(decoding: $0, as: UTF8.self)).map(\.fields) }
        #expect(Array(chunks.joined()) == bytes)
        #expect(rows == (try CSV.parse(text, file: "t.csv")).map(\.fields))
    }

    @Test(arguments: [1, 2, 3, 64])
    func aByteOrderMarkIsDroppedAtTheStartOnly(target: Int) throws {
        let mark = "\u{FEFF}"
        let bytes = Array((mark + "id,x\n1,\(mark)a\n").utf8)
        #expect(Array(try Self.chunks(bytes, target: target, readSize: 1).joined()) == Array(bytes.dropFirst(3)))
    }

    @Test func anOverlongRowIsRefused() {
        var chunker = CSVChunker(file: "t.csv", target: 1 << 19) { (p, n) throws(InputError) in
            p.initializeMemory(as: UInt8.self, repeating: UInt8(ascii: "\""), count: n)
            return n
        }
        #expect(throws: InputError(file: "t.csv", "a row is longer than 1024 KiB; is a quoted field left open?")) {
            while try chunker.next() != nil {}
        }
    }
}
