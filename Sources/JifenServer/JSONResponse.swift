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
        // Written straight to bytes in one buffer and copied once into the response (a compare
        // document is about 70 KB).
        var w = JSONWriter(capacity: 1 << 17)
        document.write(to: &w)
        w.bytes.byte(UInt8(ascii: "\n"))
        body = w.bytes.withBytes { bytes in
            var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
            buffer.writeBytes(bytes)
            return buffer
        }
        self.status = status
    }

    var response: Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
    }
}
