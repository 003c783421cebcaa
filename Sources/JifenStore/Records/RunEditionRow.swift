import GRDB

/// A row of the `run_edition` table: one edition a run used, at its position in the run's list.
struct RunEditionRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "run_edition"

    enum Columns {
        static let position = Column(CodingKeys.position)
        static let editionID = Column(CodingKeys.editionID)
        static let runID = Column(CodingKeys.runID)
    }

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", position, editionID = "edition_id", hash
    }

    var runID: Int64
    var position: Int
    var editionID: String
    var hash: String
}
