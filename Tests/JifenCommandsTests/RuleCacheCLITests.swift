import Foundation
import JifenTestSupport
import Testing

/// `jifen` keeps parsed rule books in the user's cache folder: the output is the same bytes
/// with no cache, an empty one, a filled one, a damaged one and one it cannot write.
@Suite struct RuleCacheCLITests {
    static let commands: [[String]] = [
        ["score", "--profile", "datasets/profiles/skilled-worker-homeowner.yaml", "--edition", "tianjin/2018", "--as-of", "2019-06-01"],
        ["score", "--profile", "datasets/profiles/factory-worker-tongxiang.yaml", "--city", "tongxiang", "--as-of", "2023-06-01", "--format", "json"],
        ["compare", "--profile", "datasets/profiles/senior-engineer-title.yaml", "--as-of", "2024-06-01"],
        ["rules", "show", "tianjin/2020"],
    ]

    func run(_ args: [String], cache: String) throws -> String {
        let r = try Fixtures.run("jifen", args, environment: ["JIFEN_CACHE": cache])
        #expect(r.status == 0, "\(args) with JIFEN_CACHE=\(cache): \(r.stderr)")
        return r.stdout + r.stderr
    }

    /// The entries in a cache folder.
    func entries(_ folder: URL) -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).map { folder.appendingPathComponent($0) }
    }

    @Test func outputIsTheSameWithAndWithoutTheCache() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-cli-cache-\(UUID().uuidString)")
        let blocker = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-cli-blocker-\(UUID().uuidString)")
        try Data("not a folder".utf8).write(to: blocker)
        let rules = Fixtures.datasets.appendingPathComponent("rules")
        let before = try FileManager.default.subpathsOfDirectory(atPath: rules.path).sorted()
        for args in Self.commands {
            let reference = try run(args, cache: "off")
            #expect(try run(args, cache: folder.path) == reference, "empty cache: \(args)")
            #expect(!entries(folder).isEmpty)
            #expect(try run(args, cache: folder.path) == reference, "filled cache: \(args)")
            for entry in entries(folder) {
                var bytes = [UInt8](try Data(contentsOf: entry))
                bytes[bytes.count / 2] ^= 0x55
                try Data(bytes.prefix(bytes.count - 7)).write(to: entry)
            }
            #expect(try run(args, cache: folder.path) == reference, "damaged cache: \(args)")
            #expect(try run(args, cache: blocker.appendingPathComponent("parsed").path) == reference, "unwritable cache: \(args)")
        }
        #expect(entries(folder).allSatisfy { $0.pathExtension == "tree" }, "no temporary files are left")
        #expect(try FileManager.default.subpathsOfDirectory(atPath: rules.path).sorted() == before, "nothing is written into the rules folder")
    }

    @Test func anEditedRuleBookIsReadAsEdited() throws {
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-cli-cache-\(UUID().uuidString)").path
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-cli-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: data.appendingPathComponent("tianjin"), withIntermediateDirectories: true)
        let shipped = Fixtures.datasets.appendingPathComponent("rules")
        for name in ["sources.yaml", "tianjin/2016.yaml"] {  // 2018 extends 2016
            try FileManager.default.copyItem(at: shipped.appendingPathComponent(name), to: data.appendingPathComponent(name))
        }
        let book = try String(contentsOf: shipped.appendingPathComponent("tianjin/2018.yaml"), encoding: .utf8)
        let file = data.appendingPathComponent("tianjin/2018.yaml")
        try book.write(to: file, atomically: true, encoding: .utf8)
        let args = ["rules", "list", "--rules-dir", data.path, "--format", "json"]
        let original = try run(args, cache: cache)
        // The same edition under a new title: the cached tree of the old text must not be used.
        let retitled = book.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: Retitled ")
        #expect(retitled != book)
        try retitled.write(to: file, atomically: true, encoding: .utf8)
        let edited = try run(args, cache: cache)
        #expect(edited != original && edited.contains("Retitled "))
        #expect(edited == (try run(args, cache: "off")))
    }
}
