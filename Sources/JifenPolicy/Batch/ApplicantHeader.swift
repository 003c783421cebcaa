/// The header row of an applicant CSV: the `id` column, and every other column a profile field
/// by its dotted path (`places.tianjin.insured_months`), checked once for the whole file.
struct ApplicantHeader {
    let columns: [String]
    let idColumn: Int
    /// The header's line in the file.
    let line: Int

    /// Checks the header: an `id` column, no column twice.
    init(_ columns: [String], file: String, line: Int) throws(InputError) {
        var seen = Set<String>()
        for c in columns where !seen.insert(c).inserted {
            throw InputError(file: file, line: line, key: c, "the header names this column twice; each column must appear once")
        }
        guard let idColumn = columns.firstIndex(of: "id") else {
            throw InputError(file: file, line: line, "the header has no `id` column")
        }
        self.columns = columns
        self.idColumn = idColumn
        self.line = line
    }

    /// A row's width, as the header's.
    func checkWidth(_ count: Int, file: String, line: Int) throws(InputError) {
        guard count == columns.count else {
            throw InputError(file: file, line: line, "expected \(columns.count) fields as in the header, found \(count)")
        }
    }

    static func emptyID(file: String, line: Int) -> InputError {
        InputError(file: file, line: line, key: "id", "every row needs an id")
    }

    static func duplicateID(_ id: String, file: String, line: Int) -> InputError {
        InputError(file: file, line: line, key: "id", "duplicate id \(excerpt(id))")
    }
}
