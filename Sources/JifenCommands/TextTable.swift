/// An aligned plain-text table. Width counts CJK characters as two columns, as terminals show them.
/// A header cell may hold several lines ("total\n总分"): stacking the English and Chinese names
/// keeps bilingual tables narrow.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []
    /// Columns aligned right (numbers).
    var rightAligned: Set<Int> = []
    /// Terminal columns the table may take; a longer last column wraps onto continuation lines.
    var maxWidth: Int?

    init(_ header: [String], rightAligned: Set<Int> = [], maxWidth: Int? = nil) {
        self.header = header
        self.rightAligned = rightAligned
        self.maxWidth = maxWidth
    }

    mutating func add(_ row: [String]) { rows.append(row) }

    func render() -> String {
        let headerLines = header.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        let depth = headerLines.map(\.count).max() ?? 1
        let headerRows = (0..<depth).map { level in headerLines.map { level < $0.count ? $0[level] : "" } }
        let all = headerRows + rows
        var widths = [Int](repeating: 0, count: header.count)
        for row in all { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], displayWidth(cell)) } }
        let last = widths.count - 1
        if let maxWidth, last > 0 {
            let others = widths.dropLast().reduce(0, +) + 2 * last
            // The last column keeps a usable width even when the others leave it little room.
            widths[last] = min(widths[last], max(maxWidth - others, 16))
        }
        func line(_ row: [String]) -> String {
            var out = ""
            for (i, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - displayWidth(cell))
                let isLast = i == row.count - 1
                out += rightAligned.contains(i) ? pad + cell : cell + (isLast ? "" : pad)
                if !isLast { out += "  " }
            }
            return out
        }
        var out = headerRows.map { line($0).trailingSpacesRemoved + "\n" }.joined()
        out += widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n"
        for r in rows {
            guard r.count == widths.count, displayWidth(r[last]) > widths[last] else { out += line(r) + "\n"; continue }
            let pieces = wrap(r[last], width: widths[last])
            out += line(Array(r.dropLast()) + [pieces[0]]) + "\n"
            for piece in pieces.dropFirst() { out += line(r.dropLast().map { _ in "" } + [piece]) + "\n" }
        }
        return out
    }
}

private extension String {
    var trailingSpacesRemoved: String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}

/// Terminal columns a string occupies.
func displayWidth(_ s: String) -> Int {
    // One definition for every text output: the simulation reports pad by it too.
    s.displayWidth
}
