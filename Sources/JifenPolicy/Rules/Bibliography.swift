import Foundation

/// The documents rule books cite: `sources.yaml` in the rules folder, one entry per document.
///
/// Rule books cite these ids only, so every citation can be followed from inside the
/// repository (docs/rulebook-format.md, "Bibliography").
public struct Bibliography: Sendable {
    public var sources: [Source]
    public var file: String

    /// The bibliography's file name inside a rules folder.
    public static let fileName = "sources.yaml"

    static let keys = ["title", "title_en", "issuer", "number", "published", "url", "commit", "site", "retrieved",
                       "kind", "language", "covers", "note"]

    public func source(_ id: String) -> Source? { sources.first { $0.id == id } }

    /// The bibliography of a rules folder, or nil when the folder has none; with a `cache`, its
    /// parsed form is read from there when it was parsed before.
    public static func load(directory: URL, cache: TreeCache? = nil) throws -> Bibliography? {
        let url = directory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let text = try InputFile.text(url.path, what: "the bibliography")
        let parse = {
            try OutsideReference.refuse(in: text, file: url.path)
            return try Tree.parse(text, file: url.path)
        }
        let tree = try cache?.tree(of: text, file: url.path, at: url.path, parse: parse) ?? parse()
        var sources: [Source] = []
        for (id, t) in try tree.entries() {
            guard !sources.contains(where: { $0.id == id }) else { throw t.error("duplicate source id '\(id)'") }
            sources.append(try entry(id, t, complete: true))
        }
        return Bibliography(sources: sources, file: url.path)
    }

    /// One entry. A complete entry (the bibliography's) must give everything a reader needs to
    /// find the document; a rule book's own `sources:` (folders without a bibliography, such as
    /// test fixtures) need only a title, an address, a kind and a language.
    static func entry(_ id: String, _ t: Tree, complete: Bool) throws -> Source {
        let f = try t.fields(keys)
        let kindNode = try f.require("kind")
        let kindName = try kindNode.string()
        guard let kind = SourceKind(rawValue: kindName) else {
            throw kindNode.error("unknown kind '\(kindName)'; expected one of: \(SourceKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let title = try f.require("title").string()
        let source = Source(
            id: id, document: try f["title_en"]?.string() ?? title, title: title, issuer: try f["issuer"]?.string(),
            number: try f["number"]?.string(), url: try f["url"]?.string(), commit: try f["commit"]?.string(),
            site: try f["site"]?.string(), published: try f["published"]?.string(), retrieved: try f["retrieved"]?.date().description,
            kind: kind, language: try f.require("language").identifier(),
            covers: try f["covers"]?.list().map { try $0.string() }, note: try f["note"]?.string())
        if source.url == nil && source.site == nil {
            throw t.error("a source needs a `url`, or a `site` saying where the copy was published")
        }
        if kind == .system_code, source.commit == nil || source.url == nil {
            throw t.error("application-system code is cited at a commit: give `url` and `commit`")
        }
        if let commit = source.commit, commit.count < 7 || !commit.allSatisfy(\.isHexDigit) {
            throw try f.require("commit").error("expected a commit hash (7 to 40 hex digits)")
        }
        if kind == .machine_translation, source.language == "zh" {
            throw try f.require("language").error("a machine translation is read in its target language, not zh")
        }
        if complete {
            for key in ["title_en", "issuer", "covers"] where !f.has(key) {
                throw t.error("a bibliography entry needs `\(key)`")
            }
        }
        return source
    }
}

/// Text that points outside the repository: an absolute path, a parent-relative path, a local
/// seed file name or an unpublished survey. Citations, comments and datasets must not contain
/// any (a reader of the repository cannot follow them).
public enum OutsideReference {
    static let patterns: [(regex: String, what: String)] = [
        (#"(^|[\s"'(\[{=,])/(work|home|Users|root|tmp|mnt|var|opt|private|srv)/"#, "an absolute path"),
        (#"\.\./"#, "a path outside the folder"),
        (#"file://"#, "a local file address"),
        (#"\b[0-9]{3}_[0-9a-f]{16}\.txt\b"#, "a local seed file name"),
        (#"\b[Ss]eed ?[0-9]{3}\b"#, "a local seed document"),
        (#"[Rr]esearch doc"#, "an unpublished survey"),
        (#"policy-source[s]"#, "an unpublished survey"),
    ]

    /// The first line (1-based) of `text` that refers outside the repository, and what it refers to.
    ///
    /// Only lines with a marker (`mayRefer`) go through the regular expressions, which were most
    /// of the time of loading a rule book: a line without one cannot match any pattern.
    public static func first(in text: String) -> (line: Int, found: String)? {
        var compiled: [(Regex<AnyRegexOutput>, String)] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where mayRefer(line) {
            if compiled.isEmpty { compiled = patterns.map { (try! Regex($0.regex), $0.what) } }
            for (regex, what) in compiled {
                if let m = line.firstMatch(of: regex) {
                    return (n + 1, "\(what) ('\(String(line[m.range]).trimmingCharacters(in: .whitespaces))')")
                }
            }
        }
        return nil
    }

    /// Literal text each pattern's matches contain: each folder name of the first pattern between
    /// slashes, the parent-folder prefix, the file-address scheme, `.txt`, `eed` before a digit (or
    /// a space and a digit), and the two survey names.
    static let markers: [[UInt8]] = (["work", "home", "Users", "root", "tmp", "mnt", "var", "opt", "private", "srv"].map { "/\($0)/" }
        + ["../", "file://", ".txt", "esearch doc", "policy-source"]).map { Array($0.utf8) }

    /// Whether the line holds a marker, so that a pattern may match it.
    static func mayRefer(_ line: Substring) -> Bool {
        var line = line
        return line.withUTF8 { b in
            let n = b.count
            for i in 0..<n {
                let c = b[i]
                guard c == UInt8(ascii: "/") || c == UInt8(ascii: ".") || c == UInt8(ascii: "f") || c == UInt8(ascii: "e")
                        || c == UInt8(ascii: "p") else { continue }
                if c == UInt8(ascii: "e"), i + 3 < n, b[i + 1] == UInt8(ascii: "e"), b[i + 2] == UInt8(ascii: "d") {
                    if isDigit(b[i + 3]) || (i + 4 < n && b[i + 3] == UInt8(ascii: " ") && isDigit(b[i + 4])) { return true }
                }
                for m in markers where m[0] == c && i + m.count <= n {
                    var k = 1
                    while k < m.count, b[i + k] == m[k] { k += 1 }
                    if k == m.count { return true }
                }
            }
            return false
        }
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    static func message(_ found: String) -> String {
        "refers to \(found), which a reader of the repository cannot follow; cite a bibliography id (title, issuer, URL) instead"
    }

    /// Throws, naming the file and line, if `text` refers outside the repository.
    static func refuse(in text: String, file: String) throws {
        if let (line, found) = first(in: text) { throw InputError(file: file, line: line, message(found)) }
    }
}
