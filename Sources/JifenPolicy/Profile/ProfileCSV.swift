/// Profiles as CSV rows: columns are the profile's dotted paths (`places.tianjin.insured_months`)
/// plus `id`; `awards` and `conduct` cells hold JSON arrays; an empty cell is missing.
public struct ProfileCSV: Sendable {
    let file: String
    let today: Day
    let columns: [String]
    let idColumn: Int
    let rows: [(line: Int, fields: [String])]

    /// Splits a CSV file into rows and checks the header, row widths and ids; the profiles are
    /// decoded one by one with `applicant(_:)`.
    public init(_ text: String, file: String, today: Day = .today) throws {
        let all = try CSV.parse(text, file: file)
        guard let header = all.first else { throw InputError(file: file, "the file is empty; expected a header row") }
        guard let idColumn = header.fields.firstIndex(of: "id") else {
            throw InputError(file: file, line: header.line, "the header has no `id` column")
        }
        var seen = Set<String>()
        for row in all.dropFirst() {
            guard row.fields.count == header.fields.count else {
                throw InputError(file: file, line: row.line, "expected \(header.fields.count) fields as in the header, found \(row.fields.count)")
            }
            let id = row.fields[idColumn]
            guard !id.isEmpty else { throw InputError(file: file, line: row.line, key: "id", "every row needs an id") }
            guard seen.insert(id).inserted else { throw InputError(file: file, line: row.line, key: "id", "duplicate id '\(id)'") }
        }
        self.file = file
        self.today = today
        self.columns = header.fields
        self.idColumn = idColumn
        self.rows = Array(all.dropFirst())
    }

    /// Applicants in the file.
    public var count: Int { rows.count }

    /// The `j`-th applicant.
    public func applicant(_ j: Int) throws(InputError) -> (id: String, profile: Profile) {
        let row = rows[j]
        do {
            let tree = try Self.tree(columns: columns, fields: row.fields, line: row.line, file: file, skip: idColumn)
            return (row.fields[idColumn], try Profile.decode(tree, today: today))
        } catch let e as InputError {
            throw e
        } catch {
            throw InputError(file: file, line: row.line, "\(error)")
        }
    }

    /// Reads every applicant of a CSV file.
    public static func read(_ text: String, file: String, today: Day = .today) throws -> [(id: String, profile: Profile)] {
        let sheet = try ProfileCSV(text, file: file, today: today)
        return try (0..<sheet.count).map { try sheet.applicant($0) }
    }

    /// Builds the nested document a row describes, so that rows and files share one decoder.
    static func tree(columns: [String], fields: [String], line: Int, file: String, skip: Int) throws -> Tree {
        final class Node { var children: [(String, Node)] = []; var leaf: Tree? }
        let root = Node()
        for (i, column) in columns.enumerated() where i != skip && !fields[i].isEmpty {
            var node = root
            let parts = column.split(separator: ".").map(String.init)
            for part in parts {
                if let existing = node.children.first(where: { $0.0 == part })?.1 { node = existing } else {
                    let n = Node()
                    node.children.append((part, n))
                    node = n
                }
            }
            let cell = fields[i]
            if column == "awards" || column == "conduct" {
                var t = try Tree.parse(cell, file: file)
                relocate(&t, line: line, path: column)
                node.leaf = t
            } else {
                node.leaf = Tree(value: .scalar(cell, quoted: false), file: file, line: line, path: column)
            }
        }
        func build(_ n: Node, path: String) -> Tree {
            if let leaf = n.leaf { return leaf }
            return Tree(value: .map(n.children.map { ($0.0, build($0.1, path: Tree.join(path, $0.0))) }), file: file, line: line, path: path)
        }
        return build(root, path: "")
    }

    /// Errors inside a JSON cell point at the CSV row and column.
    static func relocate(_ t: inout Tree, line: Int, path: String) {
        t.line = line
        t.path = path + t.path
        switch t.value {
        case .list(var items):
            for i in items.indices { relocate(&items[i], line: line, path: "\(path)[\(i)]") }
            t.value = .list(items)
        case .map(var pairs):
            for i in pairs.indices { relocate(&pairs[i].value, line: line, path: Tree.join(t.path, pairs[i].key)) }
            t.value = .map(pairs)
        default: break
        }
        t.path = t.path.isEmpty ? path : t.path
    }
}
