import Foundation
import JifenPolicy

/// A small edition exercising every indicator kind (kept as a file with the tests), written to a
/// temporary rules folder, as it is or edited.
public struct TestRules {
    /// The fixture rule book's text (`Tests/Fixtures/rules/testcity/2020.yaml`), which tests
    /// edit to make variants.
    public static let base: String = {
        let url = Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures/rules/testcity/2020.yaml")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { fatalError("the fixture rule book \(url.path) cannot be read") }
        return text
    }()

    public let directory: URL

    public init(_ files: [String: String] = ["testcity/2020.yaml": TestRules.base]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-rules-\(UUID().uuidString)")
        for (path, text) in files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    public func load() throws -> Rulebook { try Rulebook.load(directory: directory) }
}
