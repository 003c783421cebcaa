import Foundation
import JifenPolicy

/// A request's query string, decoded as a browser's form encodes it (`+` for a space), with
/// unknown and repeated names refused so a typo never silently falls back to a default.
struct QueryParameters {
    private(set) var pairs: [(name: String, value: String)] = []

    /// Parses `query` and checks every name against `allowed`.
    init(_ query: String?, allowed: Set<String>) throws {
        guard let query, !query.isEmpty else { return }
        var seen = Set<String>()
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(kv[0]), value = kv.count > 1 ? Self.decode(kv[1]) : ""
            guard allowed.contains(name) else {
                throw InputError(file: "query", key: name, "unknown parameter; expected one of \(allowed.sorted().joined(separator: ", "))")
            }
            guard seen.insert(name).inserted else { throw InputError(file: "query", key: name, "given more than once") }
            pairs.append((name, value))
        }
    }

    subscript(_ name: String) -> String? {
        pairs.first { $0.name == name }.map { Self.trimmed($0.value) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `value` without spaces around it; a value with none is taken as it is (Foundation's
    /// trimming showed in the profile of every request).
    private static func trimmed(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, let last = value.unicodeScalars.last,
              CharacterSet.whitespaces.contains(first) || CharacterSet.whitespaces.contains(last) else { return value }
        return value.trimmingCharacters(in: .whitespaces)
    }

    var isEmpty: Bool { pairs.isEmpty }

    /// `as_of`, or `today` when absent.
    func day(_ name: String = "as_of", default today: Day) throws -> Day {
        guard let s = self[name] else { return today }
        guard let d = Day(s) else { throw InputError(file: "query", key: name, "expected a date YYYY-MM-DD, found '\(s)'") }
        return d
    }

    /// A comma-separated list (`cities=hangzhou,tianjin`), or nil when absent.
    func list(_ name: String) -> [String]? {
        self[name].map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }

    /// A whole number, or `fallback` when absent.
    func integer(_ name: String, default fallback: Int) throws -> Int {
        guard let s = self[name] else { return fallback }
        guard let n = Int(s) else { throw InputError(file: "query", key: name, "expected a whole number, found '\(s)'") }
        return n
    }

    /// `true`/`false` (or a checkbox's `on`), or false when absent.
    func flag(_ name: String) throws -> Bool {
        guard let s = self[name] else { return false }
        switch s {
        case "true", "on", "1": return true
        case "false", "0": return false
        default: throw InputError(file: "query", key: name, "expected true or false, found '\(s)'")
        }
    }

    private static func decode(_ s: Substring) -> String {
        // Most names and values (as_of=2024-06-01) have nothing to decode.
        if !s.utf8.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) { return String(s) }
        let spaced = s.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
