import Foundation
import Yams

/// A parsed YAML or JSON document that remembers where each value came from.
///
/// Loaders walk a `Tree` instead of using `Codable` so that every error can name the file,
/// the line and the key, and so that unknown keys are rejected with a suggestion.
public struct Tree: Sendable, FieldValue {
    public enum Value: Sendable {
        case scalar(String, quoted: Bool)
        case map([(key: String, value: Tree)])
        case list([Tree])
        case null
    }

    public var value: Value
    public var file: String
    public var line: Int?
    /// Dotted path from the document root, for messages.
    public var path: String

    public init(value: Value, file: String, line: Int?, path: String) {
        self.value = value
        self.file = file
        self.line = line
        self.path = path
    }

    /// Parses YAML (or JSON, which YAML reads) text, refusing aliases, nesting deeper than 64,
    /// values over 4 KiB and documents of more than 200,000 values (`YAMLScreen`).
    public static func parse(_ text: String, file: String) throws -> Tree {
        guard text.utf8.count <= InputFile.yamlLimit else {
            throw InputError(file: file, "is larger than \(InputFile.byteCount(InputFile.yamlLimit)), the most jifen reads for one YAML or JSON document")
        }
        try YAMLScreen.check(text, file: file)
        let node: Node?
        do {
            // No tag resolution: values are read as text and typed by the loaders, and the default
            // resolver's regular expressions were a third of the time it takes to load a rule book.
            // UTF-8 named here: Yams's default encoding reads the process environment on every
            // parse, which was a fortieth of the server's CPU. No value is ever constructed from
            // the nodes, so the constructor has empty tables: building the default one's costs
            // the runtime a search of every conformance record at each start.
            node = try Yams.compose(yaml: text, .basic, Constructor([:], [:], [:]), .utf8)
        } catch let error as YamlError {
            throw InputError(file: file, line: yamlErrorLine(error), "malformed YAML/JSON: \(yamlErrorSummary(error))")
        }
        guard let node else { return Tree(value: .null, file: file, line: 1, path: "") }
        return try Tree(node: node, file: file, path: "")
    }

    /// Reads (at most `InputFile.yamlLimit` bytes) and parses a file.
    public static func load(_ url: URL, displayName: String? = nil) throws -> Tree {
        let name = displayName ?? url.path
        return try parse(try InputFile.text(url.path, display: name), file: name)
    }

    private init(node: Node, file: String, path: String) throws {
        self.file = file
        self.line = node.mark.map { $0.line }
        self.path = path
        switch node {
        case .scalar(let s):
            if s.style == .plain, ["", "~", "null", "Null", "NULL"].contains(s.string) {
                value = .null
            } else {
                value = .scalar(s.string, quoted: s.style != .plain)
            }
        case .mapping(let m):
            var pairs: [(key: String, value: Tree)] = []
            var seen = Set<String>()
            for (k, v) in m {
                guard case .scalar(let ks) = k else {
                    throw InputError(file: file, line: k.mark?.line, key: path, "keys must be plain names")
                }
                let key = ks.string
                if !seen.insert(key).inserted {
                    throw InputError(file: file, line: k.mark?.line, key: Tree.join(path, key), "duplicate key")
                }
                pairs.append((key, try Tree(node: v, file: file, path: Tree.join(path, key))))
            }
            value = .map(pairs)
        case .sequence(let s):
            value = .list(try s.enumerated().map { try Tree(node: $1, file: file, path: "\(path)[\($0)]") })
        case .alias:
            // YAMLScreen refuses aliases before composing; kept for the exhaustive switch.
            throw InputError(file: file, line: node.mark?.line, key: path, "YAML aliases are not supported; write the value out")
        }
    }

    static func join(_ a: String, _ b: String) -> String { a.isEmpty ? b : "\(a).\(b)" }

    // MARK: Errors

    /// An error at this value.
    public func error(_ message: String) -> InputError {
        InputError(file: file, line: line, key: path, message)
    }

    // MARK: Typed access

    public var isNull: Bool { if case .null = value { return true } else { return false } }

    public var scalar: (text: String, quoted: Bool)? {
        if case .scalar(let s, let quoted) = value { return (s, quoted) }
        return nil
    }

    public func double() throws -> Double {
        guard case .scalar(let s, let quoted) = value, !quoted,
              let d = Double(s.contains("_") ? s.replacingOccurrences(of: "_", with: "") : s), d.isFinite else {
            throw error("expected a number, found \(describeValue)")
        }
        return d
    }

    public func int() throws -> Int {
        let d = try double()
        guard d == d.rounded(), abs(d) < 1e15 else { throw error("expected a whole number, found \(describeValue)") }
        return Int(d)
    }

    public func list() throws -> [Tree] {
        guard case .list(let items) = value else { throw error("expected a list, found \(kindName)") }
        return items
    }

    /// Opens a mapping for strict reading: keys not in `allowed` are rejected, with a suggestion
    /// (see `unknownField`).
    public func fields(_ allowed: [String], aliases: [String: String] = [:]) throws -> Fields {
        guard case .map(let pairs) = value else { throw error("expected a mapping with keys \(allowed.joined(separator: ", ")), found \(kindName)") }
        for (k, v) in pairs where !allowed.contains(k) {
            throw InputError(file: file, line: v.line, key: Tree.join(path, k), Tree.unknownField(k, allowed: allowed, aliases: aliases))
        }
        return Fields(tree: self, pairs: pairs)
    }

    /// What to say about a key that is not one of `allowed`.
    /// An unknown key is reported with a suggestion: its entry in `aliases` (common names people
    /// use for a field, which spelling distance alone would map to the wrong one), else the
    /// closest allowed key.
    public static func unknownField(_ key: String, allowed: [String], aliases: [String: String] = [:]) -> String {
        let hint = (aliases[key.lowercased()] ?? nearest(key, in: allowed)).map { " (did you mean '\($0)'?)" } ?? ""
        return "unknown field\(hint); expected one of: \(allowed.joined(separator: ", "))"
    }

    /// The pairs of a mapping whose keys are free (e.g. a level → points table).
    public func entries() throws -> [(key: String, value: Tree)] {
        guard case .map(let pairs) = value else { throw error("expected a mapping, found \(kindName)") }
        return pairs
    }

    public var kindName: String {
        switch value {
        case .scalar: return "a single value"
        case .map: return "a mapping"
        case .list: return "a list"
        case .null: return "nothing"
        }
    }
}

/// Strict reader over a mapping's keys.
public struct Fields {
    public let tree: Tree
    let pairs: [(key: String, value: Tree)]

    public func has(_ key: String) -> Bool { self[key] != nil }

    public subscript(_ key: String) -> Tree? {
        pairs.first { $0.key == key }.flatMap { $0.value.isNull ? nil : $0.value }
    }

    /// The value of a key that must be present.
    public func require(_ key: String) throws -> Tree {
        guard let v = self[key] else {
            throw InputError(file: tree.file, line: tree.line, key: Tree.join(tree.path, key), "missing required field")
        }
        return v
    }
}

private func yamlErrorLine(_ error: YamlError) -> Int? {
    switch error {
    case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
    default: return nil
    }
}

private func yamlErrorSummary(_ error: YamlError) -> String {
    switch error {
    case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return problem
    case .duplicatedKeysInMapping(let duplicates, _): return "duplicate keys \(duplicates.joined(separator: ", "))"
    default: return "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
    }
}
