import GRDB
import JifenIO

/// A row of the `pool_sample` table: a run's sampled applicant pool as CSV, with its data-row
/// count so that listings need not read the CSV.
struct PoolSampleRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "pool_sample"

    enum Columns {
        static let runID = Column(CodingKeys.runID)
        static let csv = Column(CodingKeys.csv)
        static let rows = Column(CodingKeys.rows)
    }

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", csv, rows
    }

    var runID: Int64
    var csv: String
    var rows: Int

    /// A pool sample for `runID`, its rows counted (the header row excluded).
    init(runID: Int64, csv: String) {
        self.runID = runID
        self.csv = csv
        rows = CSVText.dataRowCount(csv)
    }
}
