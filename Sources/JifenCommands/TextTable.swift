/// An aligned plain-text table. Width counts CJK characters as two columns, as terminals show them.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []
    /// Columns aligned right (numbers).
    var rightAligned: Set<Int> = []

    init(_ header: [String], rightAligned: Set<Int> = []) {
        self.header = header
        self.rightAligned = rightAligned
    }

    mutating func add(_ row: [String]) { rows.append(row) }

    func render() -> String {
        let all = [header] + rows
        var widths = [Int](repeating: 0, count: header.count)
        for row in all { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], displayWidth(cell)) } }
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
        var out = line(header) + "\n"
        out += widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n"
        for r in rows { out += line(r) + "\n" }
        return out
    }
}

/// Terminal columns a string occupies.
func displayWidth(_ s: String) -> Int {
    // One definition for every text output: the simulation reports pad by it too.
    s.displayWidth
}
