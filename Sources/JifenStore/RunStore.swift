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
        try access { database in
            try database.write { db in
                var run = RunRow(starting: start, processID: Int64(Self.currentProcessID), host: Self.currentHost)
                try run.insert(db)
                let id = run.id ?? db.lastInsertedRowID
                for (position, edition) in start.editions.enumerated() {
                    try RunEditionRow(runID: id, position: position, editionID: edition.id, hash: edition.hash).insert(db)
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
                _ = try self.requireRunning(id, db)
                try SeriesPointRow
                    .filter(SeriesPointRow.Columns.runID == id.rawValue && SeriesPointRow.Columns.series == series.name)
                    .deleteAll(db)
                for point in series.points {
                    try SeriesPointRow(runID: id.rawValue, series: series.name, point: point).insert(db)
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
                _ = try self.requireRunning(id, db)
                try RunDocumentRow(runID: id.rawValue, name: document.name, json: document.json).insert(db, onConflict: .replace)
            }
        }
    }

    /// Records a sample of the simulated applicant pool (CSV text with a header row) for a
    /// running run, replacing any earlier sample.
    public func record(sampledPool csv: String, for id: RunID) throws(RunStoreError) {
        try access { database in
            try database.write { db in
                _ = try self.requireRunning(id, db)
                try PoolSampleRow(runID: id.rawValue, csv: csv).insert(db, onConflict: .replace)
            }
        }
    }

    /// Marks a running run as finished at `finished` (default now), optionally replacing its note.
    public func finish(
        _ id: RunID, status: RunOutcome, note: String? = nil, at finished: Date = Date()
    ) throws(RunStoreError) {
        try access { database in
            try database.write { db in
                var run = try self.requireRunning(id, db)
                // Only the changed columns are written: the rest of the row stays as it was stored.
                try run.updateChanges(db) { run in
                    run.status = RunStatus(rawValue: status.rawValue) ?? .failed
                    run.finished = finished
                    if let note { run.note = note }
                }
            }
        }
        // Merge the WAL into the file, so that the file alone holds every finished run (a reader
        // without write access cannot use a -wal); best effort, another process may hold it.
        try? database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    /// The run's row, which must exist and still be `running`.
    private func requireRunning(_ id: RunID, _ db: Database) throws -> RunRow {
        guard let run = try RunRow.fetchOne(db, key: id.rawValue) else {
            throw RunStoreError.unknownRun(path: path, id: id)
        }
        guard run.status == .running else {
            throw RunStoreError.runFinished(path: path, id: id, status: run.status)
        }
        return run
    }

    // MARK: Reading

    /// Runs matching `filter`, oldest first (by start time, then id).
    public func list(filter: RunFilter = RunFilter()) throws(RunStoreError) -> [RunRecord] {
        var runs = RunRow.all()
        if let command = filter.command {
            runs = runs.filter(RunRow.Columns.command == command)
        }
        if let edition = filter.edition {
            let usedBy = RunEditionRow.filter(RunEditionRow.Columns.editionID == edition).select(RunEditionRow.Columns.runID)
            runs = runs.filter(usedBy.contains(RunRow.Columns.id))
        }
        // Stored instants are fixed-width text, so the range compares text.
        if let from = filter.startedFrom {
            runs = runs.filter(RunRow.Columns.started >= StoredTimestamp.text(from))
        }
        if let before = filter.startedBefore {
            runs = runs.filter(RunRow.Columns.started < StoredTimestamp.text(before))
        }
        let records = try access { database in
            try database.read { db in try RunListing.request(runs).fetchAll(db).map(\.record) }
        }
        guard let status = filter.status else { return records }
        return records.filter { $0.status == status }
    }

    /// The run with this id and everything recorded for it.
    public func run(id: RunID) throws(RunStoreError) -> StoredRun {
        try access { database in
            try database.read { db in
                guard let listing = try RunListing.request(RunRow.filter(key: id.rawValue)).fetchOne(db) else {
                    throw RunStoreError.unknownRun(path: self.path, id: id)
                }
                let documents = try RunDocumentRow
                    .filter(RunDocumentRow.Columns.runID == id.rawValue)
                    .order(RunDocumentRow.Columns.name)
                    .fetchAll(db)
                let points = try SeriesPointRow
                    .filter(SeriesPointRow.Columns.runID == id.rawValue)
                    .order(SeriesPointRow.Columns.series, SeriesPointRow.Columns.index)
                    .fetchAll(db)
                var series: [RunSeries] = []
                for row in points {
                    if series.last?.name == row.series {
                        series[series.count - 1].points.append(row.point)
                    } else {
                        series.append(RunSeries(name: row.series, points: [row.point]))
                    }
                }
                let pool = try PoolSampleRow
                    .filter(PoolSampleRow.Columns.runID == id.rawValue)
                    .select(PoolSampleRow.Columns.csv, as: String.self)
                    .fetchOne(db)
                return StoredRun(record: listing.record, documents: documents.map(\.document), series: series, sampledPool: pool)
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
}
