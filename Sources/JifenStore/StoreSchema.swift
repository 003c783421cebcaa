import GRDB

/// The store's schema as versioned migrations; `docs/run-store.md` describes each table.
///
/// A migration, once released, never changes: later needs get a new migration.
enum StoreSchema {
    /// `PRAGMA application_id` of every jifen store: the ASCII bytes "JIFE".
    static let applicationID: Int32 = 0x4A49_4645

    /// The value of the `format` key in `store_meta`.
    static let formatName = "jifen-run-store"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1", migrate: createV1)
        migrator.registerMigration("v2", migrate: addListIndexesAndPoolRowCounts)
        migrator.registerMigration("v3", migrate: allowInterruptedStatus)
        return migrator
    }

    /// `CREATE TABLE` for the run table as v1 made it, with the statuses its CHECK allows (v3
    /// rebuilds the table to add one); the text for v1 must never change.
    private static func runTable(_ name: String, statuses: [String]) -> String {
        """
        CREATE TABLE \(name) (
                            id INTEGER PRIMARY KEY AUTOINCREMENT,
                            command TEXT NOT NULL,
                            arguments TEXT NOT NULL,
                            seed TEXT,
                            generator TEXT,
                            reform_hash TEXT,
                            population_hash TEXT,
                            version TEXT NOT NULL,
                            started TEXT NOT NULL,
                            finished TEXT,
                            status TEXT NOT NULL CHECK (status IN (\(statuses.map { "'\($0)'" }.joined(separator: ", ")))),
                            process_id INTEGER,
                            host TEXT,
                            note TEXT);
        """
    }

    /// The first schema: runs, their editions, documents, series points and sampled pools.
    private static func createV1(_ db: Database) throws {
        try db.execute(sql: "PRAGMA application_id = \(applicationID)")
        try db.execute(
            sql: """
                CREATE TABLE store_meta (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL);
                INSERT INTO store_meta (key, value) VALUES ('format', '\(formatName)');
                \(runTable("run", statuses: ["running", "complete", "failed"]))
                CREATE TABLE run_edition (
                    run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    edition_id TEXT NOT NULL,
                    hash TEXT NOT NULL,
                    PRIMARY KEY (run_id, position));
                CREATE TABLE run_document (
                    run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    json TEXT NOT NULL,
                    PRIMARY KEY (run_id, name));
                CREATE TABLE series_point (
                    run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                    series TEXT NOT NULL,
                    idx INTEGER NOT NULL,
                    x REAL,
                    value REAL,
                    lo REAL,
                    hi REAL,
                    PRIMARY KEY (run_id, series, idx));
                CREATE TABLE pool_sample (
                    run_id INTEGER PRIMARY KEY NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                    csv TEXT NOT NULL);
                """)
    }

    /// v2: `runs list` filters by command, edition and start date without scanning every run, and
    /// `runs list`/`show` report a sampled pool's size without reading the CSV; pools stored
    /// under v1 get their row counts computed here.
    private static func addListIndexesAndPoolRowCounts(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE INDEX run_by_started ON run(started, id);
                CREATE INDEX run_by_command ON run(command, started);
                CREATE INDEX run_edition_by_edition ON run_edition(edition_id, run_id);
                ALTER TABLE pool_sample ADD COLUMN rows INTEGER NOT NULL DEFAULT 0;
                """)
        let pools = try Row.fetchAll(db, sql: "SELECT run_id, csv FROM pool_sample")
        for pool in pools {
            let csv: String = pool["csv"]
            try db.execute(
                sql: "UPDATE pool_sample SET rows = ? WHERE run_id = ?",
                arguments: [CSVText.dataRowCount(csv), pool["run_id"] as Int64])
        }
    }

    /// v3: a run stopped by SIGINT or SIGTERM is stored `interrupted`. SQLite cannot alter a
    /// CHECK constraint, so `run` is rebuilt (the documented 12-step table change: foreign keys
    /// are off during a GRDB migration and checked before it commits), keeping every id and the
    /// AUTOINCREMENT counter.
    private static func allowInterruptedStatus(_ db: Database) throws {
        let counter = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'run'") ?? 0
        try db.execute(
            sql: """
                \(runTable("run_v3", statuses: ["running", "complete", "failed", "interrupted"]))
                INSERT INTO run_v3 SELECT id, command, arguments, seed, generator, reform_hash, population_hash, version,
                                          started, finished, status, process_id, host, note FROM run;
                DROP TABLE run;
                ALTER TABLE run_v3 RENAME TO run;
                CREATE INDEX run_by_started ON run(started, id);
                CREATE INDEX run_by_command ON run(command, started);
                """)
        try db.execute(sql: "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'run'", arguments: [counter])
    }
}
