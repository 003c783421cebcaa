import Foundation
import JifenPolicy

/// A test-as-data case: a profile, an evaluation date and the hand-worked card.
public struct RuleCase: Sendable, CustomStringConvertible {
    public var file: String
    public var name: String
    public var edition: String
    public var asOf: Day
    public var profile: Profile
    public var total: Double
    public var eligible: Bool
    public var vetoed: Bool
    /// The reform (an id in `datasets/reforms/`) applied to `edition` before scoring, if any.
    public var reform: String?
    /// Expected points by indicator id (or `cap:<group>`), with the clause the value comes from
    /// and, when the case pins it, the bibliography id the line must cite (`reform` for a value
    /// a reform set).
    public var lines: [(id: String, points: Double, clause: String, source: String?)]

    public var description: String {
        "\(edition)\(reform.map { "+" + $0 } ?? "") \(URL(fileURLWithPath: file).lastPathComponent)"
    }

    /// Every case under `datasets/cases`, sorted by path.
    public static func all() throws -> [RuleCase] {
        let root = Fixtures.datasets.appendingPathComponent("cases")
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: root.path) else { return [] }
        let files = walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".yaml") }.sorted()
        return try files.map { try load(root.appendingPathComponent($0)) }
    }

    public static func load(_ url: URL) throws -> RuleCase {
        let tree = try Tree.load(url, displayName: url.path)
        let f = try tree.fields(["name", "edition", "reform", "as_of", "profile", "expect", "note"])
        let e = try f.require("expect").fields(["total", "eligible", "vetoed", "lines", "note"])
        // Case profiles are dated relative to their as_of, not to the day the tests run.
        let asOf = try f.require("as_of").date()
        var lines: [(String, Double, String, String?)] = []
        for (id, v) in try e.require("lines").entries() {
            let l = try v.fields(["points", "clause", "source"])
            let clause = try l.require("clause").string()
            guard !clause.isEmpty else { throw v.error("every expected line names the clause it comes from") }
            lines.append((id, try l.require("points").double(), clause, try l["source"]?.string()))
        }
        return RuleCase(file: url.path, name: try f.require("name").string(), edition: try f.require("edition").string(),
                        asOf: asOf, profile: try Profile.decode(f.require("profile"), today: max(asOf, .today)),
                        total: try e.require("total").double(), eligible: try e.require("eligible").bool(),
                        vetoed: try e.require("vetoed").bool(), reform: try f["reform"]?.string(), lines: lines)
    }
}
