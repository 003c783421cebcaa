import GRDB

/// A run row with its editions and the size of its sampled pool: what `list` and `run(id:)`
/// report, fetched in one request (the editions prefetched, the pool's row count joined).
struct RunListing: Decodable, FetchableRecord {
    var run: RunRow
    var editions: [RunEditionRow]
    var sampledPoolRows: Int?

    /// Runs with their editions and pool sizes, ordered by start time, then id.
    static func request(_ runs: QueryInterfaceRequest<RunRow>) -> QueryInterfaceRequest<RunListing> {
        runs
            .including(all: RunRow.editions)
            .annotated(withOptional: RunRow.poolSample.select(PoolSampleRow.Columns.rows.forKey("sampledPoolRows")))
            .order(RunRow.Columns.started, RunRow.Columns.id)
            .asRequest(of: RunListing.self)
    }

    var record: RunRecord { run.record(editions: editions, sampledPoolRows: sampledPoolRows) }
}
