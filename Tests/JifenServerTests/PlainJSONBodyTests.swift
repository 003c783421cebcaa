import Foundation
import JifenPolicy
@testable import JifenServer
import JifenTestSupport
import Testing

/// The shared JSON reader's plain dialect, as the API reads request bodies, against the YAML
/// reader it stands in for: for every profile the repository holds (the examples and every
/// hand-worked case), written as a client would (on one line and indented), both give the same
/// tree, lines included; bodies outside the plain JSON it reads are left to the YAML reader.
@Suite struct PlainJSONBodyTests {
    /// Every value with its path, line and quoting, in order.
    static func outline(_ tree: Tree) -> [String] {
        let head = "\(tree.path)@\(tree.line.map(String.init) ?? "-")"
        switch tree.value {
        case .null: return [head + " null"]
        case .scalar(let s, let quoted): return [head + (quoted ? " \"\(s)\"" : " \(s)")]
        case .list(let items): return [head + " [\(items.count)]"] + items.flatMap(outline)
        case .map(let pairs): return [head + " {\(pairs.map(\.key).joined(separator: ","))}"] + pairs.flatMap { outline($0.value) }
        }
    }

    static func profiles() throws -> [Tree] {
        let examples = try FileManager.default.contentsOfDirectory(atPath: Fixtures.datasets.appendingPathComponent("profiles").path)
            .filter { $0.hasSuffix(".yaml") }.sorted()
            .map { try Tree.load(Fixtures.datasets.appendingPathComponent("profiles/\($0)")) }
        let root = Fixtures.datasets.appendingPathComponent("cases")
        let cases = try (FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted()
            .compactMap { try Tree.load(root.appendingPathComponent($0)).fields(["name", "edition", "reform", "as_of", "profile", "expect", "note"])["profile"] }
        return examples + cases
    }

    static func read(_ text: String) -> Tree? {
        var text = text
        return text.withUTF8 { Tree.plainJSON(UnsafeRawBufferPointer($0), file: "profile") }
    }

    @Test func everyProfileReadsAsTheYAMLReaderReadsIt() throws {
        let trees = try Self.profiles()
        #expect(trees.count > 100)
        for tree in trees {
            for pretty in [false, true] {
                let text = RouteTests.json(tree).serialized(pretty: pretty)
                let fast = try #require(Self.read(text), "\(text)")
                #expect(Self.outline(fast) == Self.outline(try Tree.parse(text, file: "profile")), "\(text)")
            }
        }
    }

    @Test func quotedNumbersNullsAndEmptyContainersKeepTheirKind() throws {
        let text = "{\"a\": \"52\", \"b\": 52, \"c\": null, \"d\": \"null\", \"e\": {},\n \"f\": [], \"g\": [-1.5e3, true, \"\"]}"
        let fast = try #require(Self.read(text))
        #expect(Self.outline(fast) == Self.outline(try Tree.parse(text, file: "profile")))
    }

    @Test(arguments: [
        #"{"a": "x\"y"}"#, "{\"a\":\t1}", "{\"a\": 1}\r\n", #"{"a": "积分"}"#, #"{"a": 1, "a": 2}"#, #"{"a": 1,}"#,
        #"{"a": 01}"#, #"{"a": True}"#, #"{"a": 1} {"#, #"{"a": [1 2]}"#, #"{"a": "x"#,
    ])
    func unusualBodiesAreLeftToTheYAMLReader(_ text: String) {
        #expect(Self.read(text) == nil)
    }
}
