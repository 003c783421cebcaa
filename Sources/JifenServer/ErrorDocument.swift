import Hummingbird
import JifenPolicy

/// A refused request, with the status it earns and one sentence saying why.
struct RequestFailure: Error {
    var status: HTTPResponse.Status
    var message: String

    /// Bad input the CLI would exit 2 on: 422 with the same sentence.
    static func unprocessable(_ error: InputError) -> RequestFailure { .init(status: .unprocessableContent, message: error.description) }
}

/// Turns every error into one sentence: JSON `{"error": …}` under `/api/` and for machine
/// routes, a small HTML page elsewhere. Internal errors say so without detail.
struct ErrorDocument: RouterMiddleware {
    typealias Context = ServerContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let failure as RequestFailure {
            return Self.response(failure, for: request)
        } catch let error as InputError {
            return Self.response(.unprocessable(error), for: request)
        } catch let error as HTTPResponseError {
            let message: String
            switch error.status {
            case .notFound: message = "no such page or endpoint: \(request.uri.path)"
            case .contentTooLarge: message = "the request body is larger than \(WebService.maxBodyBytes / 1024) KB"
            case .methodNotAllowed: message = "\(request.method) is not allowed on \(request.uri.path)"
            default: message = error.status.reasonPhrase
            }
            return Self.response(.init(status: error.status, message: message), for: request)
        } catch {
            return Self.response(.init(status: .internalServerError, message: "internal error"), for: request)
        }
    }

    static func response(_ failure: RequestFailure, for request: Request) -> Response {
        if PageRoutes.isPage(request.uri.path) {
            return HTMLPage(title: "\(failure.status.code) \(failure.status.reasonPhrase)",
                            body: "<p class=\"error\" role=\"alert\">\(HTMLPage.escape(failure.message))</p><p><a href=\"/\">jifen 积分</a></p>")
                .response(status: failure.status)
        }
        return JSONResponse(.object([("error", .string(failure.message))]), status: failure.status).response
    }
}
