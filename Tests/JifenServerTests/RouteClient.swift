import Hummingbird
import JifenServer
import Logging
import NIOEmbedded

/// Requests sent straight to the service's router — middleware, routes and error documents as
/// in production, without a socket (what HummingbirdTesting's `.router` mode does, without
/// its HTTP-client dependencies).
struct RouteClient: Sendable {
    let responder: RouterResponder<ServerContext>

    struct Reply: Sendable {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: ByteBuffer
    }

    /// Collects a response body.
    private struct Collector: ResponseBodyWriter {
        var body = ByteBuffer()
        var done: (ByteBuffer) -> Void
        mutating func write(_ buffer: ByteBuffer) async throws {
            var buffer = buffer
            body.writeBuffer(&buffer)
        }
        consuming func finish(_ trailingHeaders: HTTPFields?) async throws { done(body) }
    }

    @discardableResult
    func execute<Value>(uri: String, method: HTTPRequest.Method, body: ByteBuffer? = nil,
                        _ check: (Reply) async throws -> Value = { $0 }) async throws -> Value {
        var headers: HTTPFields = [:]
        if let body { headers[.contentLength] = String(body.readableBytes) }
        let request = Request(head: .init(method: method, scheme: "http", authority: "localhost", path: uri, headerFields: headers),
                              body: RequestBody(buffer: body ?? ByteBuffer()))
        let context = ServerContext(source: .init(channel: EmbeddedChannel(), logger: Logger(label: "route-tests")))
        let response = try await responder.respond(to: request, context: context)
        let box = BodyBox()
        try await response.body.write(Collector(done: { box.body = $0 }))
        return try await check(Reply(status: response.status, headers: response.headers, body: box.body))
    }

    private final class BodyBox: @unchecked Sendable {
        var body = ByteBuffer()
    }
}
