import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The SQLite file that records every simulation-type run (`./jifen.sqlite` unless `--db`).
///
/// Each write is one transaction, so a process killed at any moment leaves every earlier write
/// intact and no later one half-done. Several processes may write the same file at once: the
/// file is in WAL mode and a writer waits up to `busyTimeout` for another's transaction.
public final class RunStore: Sendable {
    /// The file path, as given.
    public let path: String

    /// How long a writer waits for another process's transaction before giving up.
    public static let busyTimeout: TimeInterval = 30

    private let database: any DatabaseWriter
    private static let currentHost = ProcessInfo.processInfo.hostName
    private static let currentProcessID = getpid()

    /// Opens the store at `path`, creating and initialising it when missing (unless
    /// `createIfMissing` is false) and applying any pending migrations, then checks its pages
    /// (`PRAGMA quick_check`) so that nothing is read from or written to a damaged file.
    ///
    /// With `readOnly` the file is opened read-only, without creating, migrating or switching it
    /// to WAL mode: a store on a read-only mount or without write permission can be read (a
    /// store that still needs a migration is then opened writable if it can be).
    ///
    /// Throws `RunStoreError` when the file is not SQLite, is another application's database,
    /// is damaged, or was written by a newer jifen.
    public init(path: String, createIfMissing: Bool = true, readOnly: Bool = false) throws(RunStoreError) {
        self.path = path
        try Self.checkPlace(path)
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists && (!createIfMissing || readOnly) {
            throw .missing(path: path)
        }
        if readOnly, let opened = try Self.openReadOnly(path) {
            database = opened
            return
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.label = "jifen-run-store"
        // Two processes creating the same new file can meet SQLITE_BUSY where SQLite calls no busy
        // handler (switching to WAL, first schema read): retry the whole opening for a while.
        let deadline = Date().addingTimeInterval(Self.busyTimeout)
        while true {
            do {
                // Identify an existing file through a plain connection first: opening a DatabasePool
                // switches the file to WAL, which must not happen to another application's database.
                let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
                if FileManager.default.fileExists(atPath: path) && size > 0 {
                    try Self.identify(DatabaseQueue(path: path, configuration: configuration), path: path)
                }
                let opened = try DatabasePool(path: path, configuration: configuration)
                try Self.migrateTolerantOfConcurrentMigration(opened, migrator: StoreSchema.migrator)
                // The file was checked (or is new) and only SQLite has written since: seal it as it is now.
                CheckSeal(store: path).record()
                database = opened
                return
            } catch let error as DatabaseError
                where (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED) && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.02)
            } catch {
                throw RunStoreError(error, path: path)
            }
        }
    }

    /// Refuses, without opening anything, a path that cannot hold a store: an empty one, a
    /// directory, or a file that is not regular (`/dev/null`, a pipe, a socket).
    public static func checkPlace(_ path: String) throws(RunStoreError) {
        guard !path.isEmpty else { throw .cannotOpen(path: path, reason: "no file name was given") }
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw .cannotOpen(path: path, reason: "it is a directory") }
        if (info.st_mode & S_IFMT) != S_IFREG {
            throw .cannotOpen(path: path, reason: "it is not a regular file (a device, pipe or socket cannot hold a store)")
        }
    }

    /// A read-only connection to a store that needs no migration; nil when it does (the caller
    /// then opens it writable to migrate it).
    private static func openReadOnly(_ path: String) throws(RunStoreError) -> DatabaseQueue? {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "jifen-run-store-reader"
        do {
            var queue: DatabaseQueue
            do {
                queue = try DatabaseQueue(path: path, configuration: configuration)
                try identify(queue, path: path)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CANTOPEN || error.resultCode == .SQLITE_READONLY {
                // A WAL-mode file whose -shm cannot be created or written (a read-only mount, no
                // write permission) opens only as immutable — which is right only when its -wal
                // holds nothing; finished runs are checkpointed into the file (`finish`).
                let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
                guard wal == 0 else {
                    throw RunStoreError.cannotOpen(path: path, reason: "it cannot be read without write access while its -wal file holds changes not yet merged; open it once with write access")
                }
                let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
                guard let immutable = try? DatabaseQueue(path: "file:\(absolute)?immutable=1", configuration: configuration) else { throw error }
                queue = immutable
                try identify(queue, path: path)
            }
            let pending = try queue.read { db in try !StoreSchema.migrator.hasCompletedMigrations(db) }
            if pending {
                guard FileManager.default.isWritableFile(atPath: path) else {
                    throw RunStoreError.cannotOpen(path: path, reason: "it was written by an older jifen and needs an upgrade, which needs write access")
                }
                return nil
            }
            return queue
        } catch {
            throw RunStoreError(error, path: path)
        }
    }

    /// `PRAGMA quick_check` (every page's structure, linear in the file) when the file changed
    /// since the last check that passed. A damaged store is refused, for reading and for
    /// writing, before anything is appended to it.
    private static func requireSound(_ database: any DatabaseReader, path: String) throws {
        let seal = CheckSeal(store: path)
        if seal.isCurrent { return }
        let verdict = try database.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
        guard verdict == ["ok"] else { throw RunStoreError.corrupt(path: path) }
        seal.record()
    }

    /// Checks that an existing file is a sound jifen store (or an empty database) this version
    /// can migrate, through a plain connection that writes nothing.
    private static func identify(_ queue: DatabaseQueue, path: String) throws {
        let migrator = StoreSchema.migrator
        let (applicationID, foreignObjects, unknownMigrations) = try queue.read { db in
            let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
            // grdb_migrations is created outside any transaction, so a store being initialised by
            // another process may show it before its application id: it does not make a file foreign.
            let objects = try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM sqlite_master
                    WHERE name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'
                    """) ?? 0
            let known = Set(migrator.migrations)
            let unknown = try migrator.appliedIdentifiers(db).subtracting(known).sorted()
            return (applicationID, objects, unknown)
        }
        guard applicationID == StoreSchema.applicationID || (applicationID == 0 && foreignObjects == 0) else {
            throw RunStoreError.notAStore(path: path)
        }
        guard unknownMigrations.isEmpty else {
            throw RunStoreError.newerFormat(path: path, unknownMigrations: unknownMigrations)
        }
        try requireSound(queue, path: path)
    }

    /// GRDB's migrator decides what to apply before taking the write lock, so two processes opening
    /// a new file together may both try v1; the loser's transaction rolls back, and it is done as
    /// soon as it sees every migration applied by the winner.
    private static func migrateTolerantOfConcurrentMigration(_ pool: DatabasePool, migrator: DatabaseMigrator) throws {
        let attempts = migrator.migrations.count + 2
        for attempt in 1...attempts {
            do {
                try migrator.migrate(pool)
                return
            } catch {
                let applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
                if applied.isSuperset(of: migrator.migrations) {
                    return
                }
                if attempt == attempts {
                    throw error
                }
            }
        }
    }

    // MARK: Writing

    /// Records the start of a run, with status `running`, and returns its id.
    public func begin(_ start: RunStart) throws(RunStoreError) -> RunID {
        let argumentsJSON = Self.jsonArray(start.arguments)
        return try access { database in
            try database.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO run (command, arguments, seed, generator, reform_hash, population_hash,
                                         version, started, status, process_id, host, note)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?)
                        """,
                    arguments: [
                        start.command, argumentsJSON, start.seed.map { String($0) }, start.generator,
                        start.reformHash, start.populationHash, start.version,
                        StoredTimestamp.text(start.started), Int64(Self.currentProcessID), Self.currentHost,
                        start.note,
                    ])
                let id = db.lastInsertedRowID
                for (position, edition) in start.editions.enumerated() {
                    try db.execute(
                        sql: "INSERT INTO run_edition (run_id, position, edition_id, hash) VALUES (?, ?, ?, ?)",
                        arguments: [id, position, edition.id, edition.hash])
                }
                return RunID(rawValue: id)
            }
        }
    }

    /// Records a numeric series for a running run, replacing any series of the same name.
    public func record(series: RunSeries, for id: RunID) throws(RunStoreError) {
        var seen = Set<Int>()
        for point in series.points where !seen.insert(point.index).inserted {
            throw .invalidResult(path: path, id: id, name: series.name, reason: "index \(point.index) appears twice")
        }
        try access { database in
            try database.write { db in
                try self.requireRunning(id, db)
                try db.execute(
                    sql: "DELETE FROM series_point WHERE run_id = ? AND series = ?",
                    arguments: [id.rawValue, series.name])
                let insert = try db.cachedStatement(
                    sql: "INSERT INTO series_point (run_id, series, idx, x, value, lo, hi) VALUES (?, ?, ?, ?, ?, ?, ?)")
                for point in series.points {
                    // SQLite turns NaN into NULL anyway; say so explicitly.
                    try insert.execute(arguments: [
                        id.rawValue, series.name, point.index, Self.finiteOrNull(point.x),
                        Self.finiteOrNull(point.value), Self.finiteOrNull(point.lo), Self.finiteOrNull(point.hi),
                    ])
                }
            }
        }
    }

    /// Records a JSON result document for a running run, replacing any document of the same name.
    public func record(document: RunDocument, for id: RunID) throws(RunStoreError) {
        do {
            _ = try JSONSerialization.jsonObject(with: Data(document.json.utf8), options: [.fragmentsAllowed])
        } catch {
            throw .invalidResult(path: path, id: id, name: document.name, reason: "the text is not valid JSON")
        }
        try access { database in
            try database.write { db in
                try self.requireRunning(id, db)
                try db.execute(
                    sql: "INSERT OR REPLACE INTO run_document (run_id, name, json) VALUES (?, ?, ?)",
                    arguments: [id.rawValue, document.name, document.json])
            }
        }
    }

    /// Records a sample of the simulated applicant pool (CSV text with a header row) for a
    /// running run, replacing any earlier sample.
    public func record(sampledPool csv: String, for id: RunID) throws(RunStoreError) {
        try access { database in
            try database.write { db in
                try self.requireRunning(id, db)
                try db.execute(
                    sql: "INSERT OR REPLACE INTO pool_sample (run_id, csv, rows) VALUES (?, ?, ?)",
                    arguments: [id.rawValue, csv, CSVText.dataRowCount(csv)])
            }
        }
    }

    /// Marks a running run as finished at `finished` (default now), optionally replacing its note.
    public func finish(
        _ id: RunID, status: RunOutcome, note: String? = nil, at finished: Date = Date()
    ) throws(RunStoreError) {
        try access { database in
            try database.write { db in
                try self.requireRunning(id, db)
                try db.execute(
                    sql: "UPDATE run SET status = ?, finished = ?, note = coalesce(?, note) WHERE id = ?",
                    arguments: [status.rawValue, StoredTimestamp.text(finished), note, id.rawValue])
            }
        }
        // Merge the WAL into the file, so that the file alone holds every finished run (a reader
        // without write access cannot use a -wal); best effort, another process may hold it.
        try? database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    private func requireRunning(_ id: RunID, _ db: Database) throws {
        guard let status = try String.fetchOne(db, sql: "SELECT status FROM run WHERE id = ?", arguments: [id.rawValue])
        else {
            throw RunStoreError.unknownRun(path: path, id: id)
        }
        guard status == RunStatus.running.rawValue else {
            throw RunStoreError.runFinished(path: path, id: id, status: RunStatus(rawValue: status) ?? .failed)
        }
    }

    // MARK: Reading

    /// Runs matching `filter`, oldest first (by start time, then id).
    public func list(filter: RunFilter = RunFilter()) throws(RunStoreError) -> [RunRecord] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let command = filter.command {
            conditions.append("command = ?")
            arguments += [command]
        }
        if let edition = filter.edition {
            conditions.append("EXISTS (SELECT 1 FROM run_edition e WHERE e.run_id = run.id AND e.edition_id = ?)")
            arguments += [edition]
        }
        if let from = filter.startedFrom {
            conditions.append("started >= ?")
            arguments += [StoredTimestamp.text(from)]
        }
        if let before = filter.startedBefore {
            conditions.append("started < ?")
            arguments += [StoredTimestamp.text(before)]
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let records = try access { database in
            try database.read { db in
                try self.fetchRecords(db, whereClause: whereClause, arguments: arguments)
            }
        }
        guard let status = filter.status else { return records }
        return records.filter { $0.status == status }
    }

    /// The run with this id and everything recorded for it.
    public func run(id: RunID) throws(RunStoreError) -> StoredRun {
        try access { database in
            try database.read { db in
                guard let record = try self.fetchRecords(db, whereClause: "WHERE id = ?", arguments: [id.rawValue]).first
                else {
                    throw RunStoreError.unknownRun(path: self.path, id: id)
                }
                let documents = try Row.fetchAll(
                    db, sql: "SELECT name, json FROM run_document WHERE run_id = ? ORDER BY name",
                    arguments: [id.rawValue]
                ).map { RunDocument(name: $0["name"], json: $0["json"]) }
                let points = try Row.fetchAll(
                    db,
                    sql: "SELECT series, idx, x, value, lo, hi FROM series_point WHERE run_id = ? ORDER BY series, idx",
                    arguments: [id.rawValue])
                var series: [RunSeries] = []
                for row in points {
                    let name: String = row["series"]
                    let point = SeriesPoint(
                        index: row["idx"], x: row["x"], value: row["value"] ?? .nan, lo: row["lo"], hi: row["hi"])
                    if series.last?.name == name {
                        series[series.count - 1].points.append(point)
                    } else {
                        series.append(RunSeries(name: name, points: [point]))
                    }
                }
                let pool = try String.fetchOne(
                    db, sql: "SELECT csv FROM pool_sample WHERE run_id = ?", arguments: [id.rawValue])
                return StoredRun(record: record, documents: documents, series: series, sampledPool: pool)
            }
        }
    }

    /// The run as text for pandas: CSV of its series points or JSON of the whole run.
    public func export(id: RunID, format: RunExportFormat) throws(RunStoreError) -> String {
        let stored = try run(id: id)
        switch format {
        case .csv: return RunExport.csv(stored)
        case .json: return RunExport.json(stored)
        }
    }

    /// `PRAGMA integrity_check`'s verdict: `["ok"]` for a sound file, otherwise SQLite's findings.
    public func integrityCheck() throws(RunStoreError) -> [String] {
        try access { database in
            try database.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        }
    }

    private func fetchRecords(_ db: Database, whereClause: String, arguments: StatementArguments) throws -> [RunRecord] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT run.*, pool_sample.rows AS pool_rows FROM run
                LEFT JOIN pool_sample ON pool_sample.run_id = run.id
                \(whereClause) ORDER BY started, id
                """,
            arguments: arguments)
        var editionsByRun: [Int64: [RunEdition]] = [:]
        if !rows.isEmpty {
            let ids = rows.map { $0["id"] as Int64 }
            let editionRows = try Row.fetchAll(
                db,
                sql: """
                    SELECT run_id, edition_id, hash FROM run_edition
                    WHERE run_id IN (\(ids.map(String.init).joined(separator: ","))) ORDER BY run_id, position
                    """)
            for row in editionRows {
                editionsByRun[row["run_id"], default: []].append(RunEdition(id: row["edition_id"], hash: row["hash"]))
            }
        }
        return try rows.map { row in
            let id: Int64 = row["id"]
            let argumentsText: String = row["arguments"]
            guard let arguments = Self.decodeJSONArray(argumentsText),
                let started = StoredTimestamp.date(row["started"])
            else {
                throw RunStoreError.corrupt(path: path)
            }
            let seedText: String? = row["seed"]
            let start = RunStart(
                command: row["command"], arguments: arguments, seed: seedText.flatMap { UInt64($0) },
                generator: row["generator"], editions: editionsByRun[id] ?? [], reformHash: row["reform_hash"],
                populationHash: row["population_hash"], version: row["version"], started: started, note: row["note"])
            let finishedText: String? = row["finished"]
            let processID: Int64? = row["process_id"]
            let host: String? = row["host"]
            return RunRecord(
                id: RunID(rawValue: id), start: start, finished: finishedText.flatMap(StoredTimestamp.date),
                status: Self.status(stored: row["status"], processID: processID, host: host),
                processID: processID.map { Int32(truncatingIfNeeded: $0) }, host: host,
                sampledPoolRows: row["pool_rows"])
        }
    }

    /// The reported status: a `running` row is `incomplete` when its writer is known to be gone,
    /// i.e. it left no process id, or it ran on this host and that process no longer exists.
    static func status(stored: String, processID: Int64?, host: String?) -> RunStatus {
        switch stored {
        case RunStatus.complete.rawValue: return .complete
        case RunStatus.failed.rawValue: return .failed
        case RunStatus.interrupted.rawValue: return .interrupted
        default:
            guard let processID, let host else { return .incomplete }
            guard host == currentHost else { return .running }
            return processExists(pid_t(truncatingIfNeeded: processID)) ? .running : .incomplete
        }
    }

    private static func processExists(_ processID: pid_t) -> Bool {
        if processID == currentProcessID { return true }
        guard processID > 0 else { return false }
        // Signal 0 checks existence only; EPERM means it exists but belongs to another user.
        return kill(processID, 0) == 0 || errno == EPERM
    }

    // MARK: Plumbing

    private func access<T>(_ body: (any DatabaseWriter) throws -> T) throws(RunStoreError) -> T {
        do {
            return try body(database)
        } catch {
            throw RunStoreError(error, path: path)
        }
    }

    private static func finiteOrNull(_ value: Double?) -> Double? {
        guard let value, !value.isNaN else { return nil }
        return value
    }

    private static func jsonArray(_ strings: [String]) -> String {
        "[" + strings.map(JSONText.quoted).joined(separator: ",") + "]"
    }

    private static func decodeJSONArray(_ text: String) -> [String]? {
        try? JSONDecoder().decode([String].self, from: Data(text.utf8))
    }
}
