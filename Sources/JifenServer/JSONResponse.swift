import Hummingbird
import JifenPolicy

/// A JSON document as an HTTP response: the same bytes the CLI prints for `--format json`.
struct JSONResponse {
    /// The document's bytes and a final newline, in the buffer NIO writes to the socket.
    var body: ByteBuffer
    var status: HTTPResponse.Status

    init(_ json: JSON, status: HTTPResponse.Status = .ok) {
        self.init(document: json, status: status)
    }

    init(_ document: some JSONDocument, status: HTTPResponse.Status = .ok) {
        self.init(document: document, status: status)
    }

    private init(document: some JSONDocument, status: HTTPResponse.Status) {
        // Written straight into the buffer NIO writes to the socket (a compare document is about
        // 70 KB), reserved as large as the largest answer so far; an answer that does not fit is
        // written again into a larger buffer, which happens a few times after start.
        var reserved = AnswerSize.largest.value
        var body = ByteBufferAllocator().buffer(capacity: reserved)
        while body.readableBytes == 0 {
            body.writeWithUnsafeMutableBytes(minimumWritableBytes: reserved) { memory in
                let size = Self.write(document, into: memory)
                if size <= memory.count { return size }
                // A quarter more: the writer makes room for a string's escapes before it knows
                // them, so an answer can need a little more room than its size.
                reserved = size + size / 4
                return 0
            }
            if body.readableBytes == 0 { AnswerSize.largest.grow(to: reserved) }
        }
        self.body = body
        self.status = status
    }

    /// Writes the document and a final newline into `memory` and returns its size in bytes;
    /// when it did not fit, a size larger than `memory` (then nothing in `memory` is to be used).
    private static func write(_ document: some JSONDocument, into memory: UnsafeMutableRawBufferPointer) -> Int {
        var w = JSONWriter(lending: memory)
        document.write(to: &w)
        w.bytes.byte(UInt8(ascii: "\n"))
        return w.bytes.wroteInPlace ? w.bytes.count : max(w.bytes.count, memory.count + 1)
    }

    var response: Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
    }
}
