import Foundation

/// A unified-style line diff (`---`/`+++` header, `@@` hunks, three lines of context).
public enum LineDiff {
    enum Edit: Equatable {
        case same(String)
        case removed(String)
        case added(String)
    }

    /// The diff from `old` to `new`, or "" when they are equal.
    public static func unified(old: String, new: String, oldName: String, newName: String, context: Int = 3) -> String {
        let a = lines(old), b = lines(new)
        guard a != b else { return "" }
        let edits = script(a, b)
        var out = "--- \(oldName)\n+++ \(newName)\n"
        // Indices of changed edits; hunks gather changes closer than 2 × context lines.
        let changed = edits.indices.filter { if case .same = edits[$0] { return false } else { return true } }
        var hunkStart = 0
        while hunkStart < changed.count {
            var hunkEnd = hunkStart
            while hunkEnd + 1 < changed.count, changed[hunkEnd + 1] - changed[hunkEnd] <= 2 * context { hunkEnd += 1 }
            let from = max(0, changed[hunkStart] - context), to = min(edits.count, changed[hunkEnd] + context + 1)
            var oldLine = 1, newLine = 1
            for edit in edits[..<from] {
                switch edit {
                case .same: oldLine += 1; newLine += 1
                case .removed: oldLine += 1
                case .added: newLine += 1
                }
            }
            var oldCount = 0, newCount = 0, body = ""
            for edit in edits[from..<to] {
                switch edit {
                case let .same(line): oldCount += 1; newCount += 1; body += " \(line)\n"
                case let .removed(line): oldCount += 1; body += "-\(line)\n"
                case let .added(line): newCount += 1; body += "+\(line)\n"
                }
            }
            // As in diff(1), an empty side names the line before it.
            out += "@@ -\(oldCount == 0 ? oldLine - 1 : oldLine),\(oldCount) +\(newCount == 0 ? newLine - 1 : newLine),\(newCount) @@\n"
            out += body
            hunkStart = hunkEnd + 1
        }
        return out
    }

    static func lines(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if text.hasSuffix("\n") { lines.removeLast() }
        return lines
    }

    /// A shortest edit script from the longest common subsequence. Quadratic, which is fine for
    /// command outputs; past a size limit it falls back to "all removed, all added".
    static func script(_ a: [String], _ b: [String]) -> [Edit] {
        guard a.count * b.count <= 4_000_000 else {
            return a.map(Edit.removed) + b.map(Edit.added)
        }
        let n = a.count, m = b.count
        // lcs[i][j]: length of the LCS of a[i...] and b[j...].
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var edits: [Edit] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, a[i] == b[j] {
                edits.append(.same(a[i])); i += 1; j += 1
            } else if j < m, i == n || lcs[i][j + 1] > lcs[i + 1][j] {
                edits.append(.added(b[j])); j += 1
            } else {
                edits.append(.removed(a[i])); i += 1
            }
        }
        return edits
    }
}
