import Foundation
@testable import JifenPolicy
import JifenTestSupport
import Testing

/// The cache of parsed rule books gives exactly what the parser gives, or is not used.
@Suite struct TreeCacheTests {
    /// A fresh cache folder under the temporary folder.
    static func freshCache(build: String = "test") -> TreeCache {
        TreeCache(folder: FileManager.default.temporaryDirectory.appendingPathComponent("jifen-tree-cache-\(UUID().uuidString)"), build: build)
    }

    /// Whether two trees are the same in every part a loader reads: values, quoting, order,
    /// file, line and path.
    static func same(_ a: Tree, _ b: Tree) -> Bool {
        guard a.file == b.file, a.line == b.line, a.path == b.path else { return false }
        switch (a.value, b.value) {
        case (.null, .null): return true
        case let (.scalar(s, q), .scalar(t, r)): return s == t && q == r
        case let (.list(x), .list(y)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case let (.map(x), .map(y)): return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && same($0.value, $1.value) }
        default: return false
        }
    }

    static var shippedFiles: [URL] {
        let rules = Fixtures.datasets.appendingPathComponent("rules")
        return Rulebook.editionFiles(in: rules) + [rules.appendingPathComponent(Bibliography.fileName)]
    }

    /// Parses `text` through the cache, counting the parses.
    static func cachedTree(_ cache: TreeCache, _ text: String, file: String = "f.yaml", parses: inout Int) throws -> Tree {
        var count = 0
        let tree = try cache.tree(of: text, file: file) { count += 1; return try Tree.parse(text, file: file) }
        parses += count
        return tree
    }

    @Test func everyShippedFileComesBackAsParsed() throws {
        let cache = Self.freshCache()
        for url in Self.shippedFiles {
            let text = try String(contentsOf: url, encoding: .utf8)
            let parsed = try Tree.parse(text, file: url.path)
            var parses = 0
            let first = try Self.cachedTree(cache, text, file: url.path, parses: &parses)
            let second = try Self.cachedTree(cache, text, file: url.path, parses: &parses)
            #expect(parses == 1, "\(url.path): parsed once, then read from the cache")
            #expect(Self.same(first, parsed), "\(url.path)")
            #expect(Self.same(second, parsed), "\(url.path): the stored tree differs from the parsed one")
        }
    }

    @Test func rulebooksLoadTheSameWithAndWithoutTheCache() throws {
        let rules = Fixtures.datasets.appendingPathComponent("rules")
        let cache = Self.freshCache()
        let plain = try Rulebook.load(directory: rules)
        for _ in 0..<2 {  // the first load fills the cache, the second reads it
            let cached = try Rulebook.load(directory: rules, cache: cache)
            #expect(cached.editions.map(\.id) == plain.editions.map(\.id))
            for (a, b) in zip(cached.editions, plain.editions) {
                #expect(a.contentHash == b.contentHash && a.flags == b.flags && a.file == b.file && a.title == b.title, "\(a.id)")
                #expect(a.indicators == b.indicators && a.groups == b.groups && a.eligibility == b.eligibility && a.sources == b.sources, "\(a.id)")
                #expect(a.parameters.map(\.value) == b.parameters.map(\.value), "\(a.id)")
                #expect(Self.same(try #require(cached.trees[a.id]), try #require(plain.trees[a.id])), "\(a.id)")
            }
            #expect(cached.bibliography?.sources == plain.bibliography?.sources)
        }
        let entries = try FileManager.default.contentsOfDirectory(atPath: cache.folder.path)
        #expect(entries.count == Self.shippedFiles.count, "one entry per file, no temporary files left: \(entries)")
    }

    @Test func aChangedFileIsParsedAgain() throws {
        let cache = Self.freshCache()
        var parses = 0
        _ = try Self.cachedTree(cache, "a: 1\n", parses: &parses)
        let changed = try Self.cachedTree(cache, "a: 2\n", parses: &parses)
        #expect(parses == 2)
        #expect(try changed.entries().first?.value.scalar?.text == "2")
        // Another build never reads this build's entries.
        var other = cache
        other.build = "another build"
        _ = try Self.cachedTree(other, "a: 2\n", parses: &parses)
        #expect(parses == 3)
    }

    @Test(arguments: ["truncated", "flipped", "garbage", "empty", "other key"])
    func aDamagedEntryIsIgnoredAndRewritten(_ damage: String) throws {
        let cache = Self.freshCache()
        let url = Fixtures.datasets.appendingPathComponent("rules/tianjin/2018.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        var parses = 0
        let expected = try Self.cachedTree(cache, text, parses: &parses)
        let entry = cache.entry(for: cache.key(text))
        var bytes = [UInt8](try Data(contentsOf: entry))
        switch damage {
        case "truncated": bytes.removeLast(bytes.count / 3)
        case "flipped": bytes[bytes.count - 100] ^= 0x20
        case "garbage": bytes = Array(repeating: 0xFF, count: 4096)
        case "empty": bytes = []
        default: bytes = TreeCache.encode(try Tree.parse("a: 1\n", file: "x"), text: "a: 1\n", key: cache.key("a: 1\n"))
        }
        try Data(bytes).write(to: entry)
        let again = try Self.cachedTree(cache, text, parses: &parses)
        #expect(parses == 2, "a damaged entry is parsed again")
        #expect(Self.same(again, expected))
        _ = try Self.cachedTree(cache, text, parses: &parses)
        #expect(parses == 2, "and rewritten whole")
    }

    @Test func anyDamagedByteIsRefusedByTheDecoder() throws {
        // Every single-byte change of a small entry is caught (header, length, checksum or UTF-8).
        let cache = Self.freshCache()
        let text = "a: [1, 'x', {b: null}]\nc: ü\n"
        let key = cache.key(text)
        let good = TreeCache.encode(try Tree.parse(text, file: "f"), text: text, key: key)
        #expect(TreeCache.decode(good, key: key, text: text, file: "f") != nil)
        for i in good.indices {
            var bad = good
            bad[i] ^= 0x01
            #expect(TreeCache.decode(bad, key: key, text: text, file: "f") == nil, "byte \(i)")
            #expect(TreeCache.decode(Array(good[..<i]), key: key, text: text, file: "f") == nil, "first \(i) bytes")
        }
        // An intact entry made from other text is refused too.
        #expect(TreeCache.decode(good, key: key, text: text.replacingOccurrences(of: "ü", with: "u"), file: "f") == nil)
        #expect(TreeCache.decode(good, key: key, text: text + " ", file: "f") == nil)
    }

    @Test func aFileIsKeyedByItsIdentityAndCheckedByItsText() throws {
        let cache = Self.freshCache()
        let file = cache.folder.deletingLastPathComponent().appendingPathComponent("jifen-tree-file-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("a: 1\n".utf8).write(to: file)
        var parses = 0
        func cached(_ text: String) throws -> Tree {
            try cache.tree(of: text, file: "f.yaml", at: file.path) { parses += 1; return try Tree.parse(text, file: "f.yaml") }
        }
        _ = try cached("a: 1\n")
        _ = try cached("a: 1\n")
        #expect(parses == 1, "the file as it was is read from the cache")
        #expect(cache.key(file: file.path) != nil && cache.key(file: file.path) != cache.key("a: 1\n"))
        // Text other than the entry's under the same file identity (the file changed between
        // reading and keying, or kept its size and times): parsed again, never the stored tree.
        let other = try cached("a: 2\n").entries().first?.value.scalar?.text
        #expect(parses == 2 && other == "2")
        // A file rewritten in place within one tick of the file system's clock keeps its inode,
        // size and times, so its key: its text still decides.
        try Data("a: 3\n".utf8).write(to: file)
        let rewritten = try cached("a: 3\n").entries().first?.value.scalar?.text
        #expect(rewritten == "3" && parses == 3)
        // A file that cannot be found is keyed by its text, as text without a file is.
        #expect(cache.key(file: file.path + ".missing") == nil)
    }

    @Test func aFolderThatCannotBeWrittenOnlyMeansNoCache() throws {
        let blocker = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-not-a-folder-\(UUID().uuidString)")
        try Data("x".utf8).write(to: blocker)
        let cache = TreeCache(folder: blocker.appendingPathComponent("parsed"), build: "test")
        var parses = 0
        for _ in 0..<2 { #expect((try Self.cachedTree(cache, "a: 1\n", parses: &parses).entries().count) == 1) }
        #expect(parses == 2)
        let book = try Rulebook.load(directory: Fixtures.datasets.appendingPathComponent("rules"), selecting: { $0 == "tianjin/2018" }, cache: cache)
        #expect(book.editions.map(\.id) == ["tianjin/2018"])
    }

    @Test func errorsComeFromTheParserAndAreNotStored() throws {
        let cache = Self.freshCache()
        for _ in 0..<2 {
            let e = try #require(throws: InputError.self) { try cache.tree(of: "a: [1\n", file: "bad.yaml") { try Tree.parse("a: [1\n", file: "bad.yaml") } }
            #expect(e.file == "bad.yaml" && e.message.contains("malformed YAML"))
        }
        #expect(!FileManager.default.fileExists(atPath: cache.folder.path))
        // A rule book that refers outside the repository is refused the same way with a cache.
        let rules = try TestRules(["testcity/2020.yaml": TestRules.base + "# see /home/someone/notes.txt\n"])
        let e = try #require(throws: InputError.self) { try Rulebook.load(directory: rules.directory, cache: cache) }
        #expect(e.message.contains("refers to an absolute path"))
    }

    @Test func theCacheNeverWritesIntoTheDataFolder() throws {
        let rules = try TestRules()
        let inside = TreeCache(folder: rules.directory.appendingPathComponent("cache"), build: "test")
        #expect(inside.outside(rules.directory) == nil)
        #expect(TreeCache(folder: rules.directory, build: "test").outside(rules.directory) == nil)
        let beside = TreeCache(folder: rules.directory.deletingLastPathComponent().appendingPathComponent(rules.directory.lastPathComponent + "-cache"), build: "test")
        #expect(beside.outside(rules.directory) != nil, "a sibling whose name starts like the folder's is outside it")
        _ = try Rulebook.load(directory: rules.directory, cache: inside)
        #expect(try FileManager.default.contentsOfDirectory(atPath: rules.directory.path) == ["testcity"])
    }

    @Test func theStandardFolderIsTheUsersCache() throws {
        // Read from this process's environment; only its shape is checked here (the CLI tests
        // run jifen with JIFEN_CACHE set).
        guard getenv(TreeCache.environmentVariable) == nil, let cache = TreeCache.standard(version: "v") else { return }
        #expect(cache.folder.path.hasSuffix("jifen/parsed"))
        #expect(!cache.folder.path.contains("/datasets/"))
        #expect(cache.build.hasPrefix("v "))
    }
}
