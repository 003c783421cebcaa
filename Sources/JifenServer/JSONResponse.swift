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
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: json.serialized() + "\n")))
    }
}
