import Hummingbird
import JifenPolicy

/// The profile a POST carries: a JSON object with the fields of a profile file, read by the same
/// strict decoder as `--profile`, so the API's 422 sentences are the CLI's.
enum ProfileBody {
    /// The name messages give the body, where the CLI names the profile file.
    static let displayName = "profile"

    static func decode(_ request: Request, context: ServerContext, today: Day, districts: [String: [String]]) async throws -> Profile {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        guard let text = buffer.getString(at: buffer.readerIndex, length: buffer.readableBytes) else {
            throw RequestFailure(status: .badRequest, message: "\(displayName): the request body is not UTF-8 text")
        }
        guard text.first(where: { !$0.isWhitespace }) == "{" else {
            throw RequestFailure(status: .badRequest, message: "\(displayName): expected a JSON object (the profile) as the request body")
        }
        if let tree = buffer.withUnsafeReadableBytes({ Tree.plainJSON($0, file: displayName) }) {
            return try Profile.decode(tree, today: today, districts: districts)
        }
        let tree: Tree
        do {
            tree = try Tree.parse(text, file: displayName)
        } catch let error as InputError {
            throw RequestFailure(status: .badRequest, message: error.description)
        }
        return try Profile.decode(tree, today: today, districts: districts)
    }
}
