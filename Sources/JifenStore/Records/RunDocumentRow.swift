import GRDB

/// A row of the `run_document` table: a named JSON result, kept as the text the command gave.
struct RunDocumentRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "run_document"

    enum Columns {
        static let runID = Column(CodingKeys.runID)
        static let name = Column(CodingKeys.name)
    }

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", name, json
    }

    var runID: Int64
    var name: String
    /// Verbatim, not re-encoded: `runs rerun` compares documents as text.
    var json: String

    var document: RunDocument { RunDocument(name: name, json: json) }
}
