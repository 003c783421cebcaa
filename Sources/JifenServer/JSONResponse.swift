import Hummingbird
import JifenPolicy

/// A JSON document as an HTTP response: the same bytes the CLI prints for `--format json`.
struct JSONResponse {
    var json: JSON
    var status: HTTPResponse.Status = .ok

    init(_ json: JSON, status: HTTPResponse.Status = .ok) {
        self.json = json
        self.status = status
    }

    var response: Response {
        // Written byte by byte into one buffer and copied once into the response (a compare
        // document is about 60 KB).
        var out = ByteWriter(capacity: 1 << 16)
        json.write(to: &out)
        out.byte(UInt8(ascii: "\n"))
        let body = out.withBytes { bytes in
            var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
            buffer.writeBytes(bytes)
            return buffer
        }
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
    }
}
