import JifenPolicy

/// A stored JSON document as readable text (`runs show`): keys in their stored order, one per
/// line, nested objects indented, lists of numbers inline and lists of records as tables.
enum JSONOutline {
    /// How many items of a long list are shown before "… N more".
    static let shownItems = 12

    /// The outline of `json`, indented by `depth` steps; JSON that cannot be read is laid out as is.
    static func text(_ json: String, depth: Int = 1) -> String {
        guard let tree = try? Tree.parse(json, file: "document") else { return indentedJSON(json) }
        return lines(tree, depth: depth).joined(separator: "\n")
    }

    static func lines(_ tree: Tree, depth: Int) -> [String] {
        let pad = String(repeating: "  ", count: depth)
        switch tree.value {
        case .map(let pairs):
            return pairs.flatMap { key, value -> [String] in
                let label = key.replacingOccurrences(of: "_", with: " ")
                if let inline = inline(value) { return ["\(pad)\(label): \(inline)"] }
                if let table = table(value, depth: depth + 1) { return ["\(pad)\(label):"] + table }
                return ["\(pad)\(label):"] + lines(value, depth: depth + 1)
            }
        case .list(let items):
            var out = items.prefix(shownItems).flatMap { item -> [String] in
                if let inline = inline(item) { return ["\(pad)- \(inline)"] }
                let nested = lines(item, depth: depth + 1)
                guard let first = nested.first else { return [] }
                return ["\(pad)- " + first.dropFirst(pad.count + 2)] + nested.dropFirst()
            }
            if items.count > shownItems { out.append("\(pad)… \(items.count - shownItems) more") }
            return out
        case .scalar, .null:
            return [pad + (inline(tree) ?? "")]
        }
    }

    /// A scalar, an empty container or a short list of scalars on one line; nil otherwise.
    static func inline(_ tree: Tree) -> String? {
        switch tree.value {
        case .scalar(let s, _): return s.isEmpty ? "\"\"" : s
        case .null: return "—"
        case .map(let pairs): return pairs.isEmpty ? "none" : nil
        case .list(let items):
            if items.isEmpty { return "none" }
            let scalars = items.compactMap { item -> String? in if case .map = item.value { return nil }; if case .list = item.value { return nil }; return inline(item) }
            guard scalars.count == items.count else { return nil }
            return scalars.prefix(shownItems).joined(separator: ", ") + (items.count > shownItems ? ", … \(items.count - shownItems) more" : "")
        }
    }

    /// A list of records with the same scalar fields, as an aligned table; nil otherwise.
    static func table(_ tree: Tree, depth: Int) -> [String]? {
        guard case .list(let items) = tree.value, let first = items.first, case .map(let head) = first.value, !head.isEmpty else { return nil }
        let keys = head.map(\.key)
        var rows: [[String]] = []
        for item in items {
            guard case .map(let pairs) = item.value, pairs.map(\.key) == keys else { return nil }
            var row: [String] = []
            for (_, value) in pairs {
                switch value.value {
                case .scalar, .null: row.append(inline(value) ?? "")
                default: return nil
                }
            }
            rows.append(row)
        }
        var t = TextTable(keys.map { $0.replacingOccurrences(of: "_", with: " ") })
        for row in rows.prefix(shownItems) { t.add(row) }
        let pad = String(repeating: "  ", count: depth)
        var out = t.render().split(separator: "\n").map { pad + $0 }
        if rows.count > shownItems { out.append("\(pad)… \(rows.count - shownItems) more") }
        return out
    }
}
