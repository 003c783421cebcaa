/// Profiles as CSV rows: columns are the profile's dotted paths (`places.tianjin.insured_months`)
/// plus `id`; `awards`, `conduct` and `income_tax_years` cells hold JSON arrays; an empty cell is missing.
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
        let checked = try ApplicantHeader(header.fields, file: file, line: header.line)
        var seen = Set<String>()
        for row in all.dropFirst() {
            try checked.checkWidth(row.fields.count, file: file, line: row.line)
            let id = row.fields[checked.idColumn]
            guard !id.isEmpty else { throw ApplicantHeader.emptyID(file: file, line: row.line) }
            guard seen.insert(id).inserted else { throw ApplicantHeader.duplicateID(id, file: file, line: row.line) }
        }
        self.file = file
        self.today = today
        self.columns = header.fields
        self.idColumn = checked.idColumn
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

    /// Whether a column's cells hold JSON arrays: the lists `awards`, `conduct` and a place's
    /// `income_tax_years`.
    static func holdsJSON(_ column: String) -> Bool {
        column == "awards" || column == "conduct" || (column.hasPrefix("places.") && column.hasSuffix(".income_tax_years"))
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
            if Self.holdsJSON(column) {
                node.leaf = try JSONCell.parse(cell, file: file, line: line, column: column)
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
}
