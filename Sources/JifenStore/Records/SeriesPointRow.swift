import GRDB

/// A row of the `series_point` table: one point of a named series.
///
/// SQLite cannot store NaN: NULL stands for "no number", so `value` is written NULL for NaN and
/// read back as NaN, and `x`, `lo`, `hi` as nil.
struct SeriesPointRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "series_point"

    enum Columns {
        static let runID = Column(CodingKeys.runID)
        static let series = Column(CodingKeys.series)
        static let index = Column(CodingKeys.index)
    }

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", series, index = "idx", x, value, lo, hi
    }

    var runID: Int64
    var series: String
    var index: Int
    var x: Double?
    var value: Double?
    var lo: Double?
    var hi: Double?

    init(runID: Int64, series: String, point: SeriesPoint) {
        self.runID = runID
        self.series = series
        index = point.index
        x = Self.number(point.x)
        value = Self.number(point.value)
        lo = Self.number(point.lo)
        hi = Self.number(point.hi)
    }

    var point: SeriesPoint { SeriesPoint(index: index, x: x, value: value ?? .nan, lo: lo, hi: hi) }

    /// NaN as nil, so the row says "no number" explicitly rather than relying on SQLite's binding.
    private static func number(_ value: Double?) -> Double? {
        guard let value, !value.isNaN else { return nil }
        return value
    }
}
