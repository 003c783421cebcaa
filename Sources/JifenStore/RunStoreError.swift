import Foundation
import GRDB

/// Why the run store could not do what was asked; each description is one sentence naming the file.
public enum RunStoreError: Error, Hashable, Sendable, CustomStringConvertible, LocalizedError {
    /// The file does not exist and the store was opened without creating it.
    case missing(path: String)
    /// The file could not be opened or created (a directory, a missing folder, no permission).
    case cannotOpen(path: String, reason: String)
    /// The file is not an SQLite database at all.
    case notSQLite(path: String)
    /// The file is an SQLite database that belongs to something else.
    case notAStore(path: String)
    /// The file is a jifen store whose pages SQLite reports as damaged.
    case corrupt(path: String)
    /// The file was written by a newer jifen, with migrations this version does not know.
    case newerFormat(path: String, unknownMigrations: [String])
    /// No run has this id.
    case unknownRun(path: String, id: RunID)
    /// The run has finished, so nothing more can be recorded for it.
    case runFinished(path: String, id: RunID, status: RunStatus)
    /// A document or series was rejected before anything was written.
    case invalidResult(path: String, id: RunID, name: String, reason: String)
    /// A write failed for lack of space or on an I/O error: nothing of that write was kept.
    case cannotWrite(path: String, reason: String)
    /// SQLite reported another error.
    case database(path: String, message: String)

    public var description: String {
        switch self {
        case .missing(let path):
            "The run store \(path) does not exist."
        case .cannotOpen(let path, let reason):
            "The run store \(path) could not be opened: \(reason)."
        case .notSQLite(let path):
            "The file \(path) is not an SQLite database, so it cannot be a jifen run store."
        case .notAStore(let path):
            "The SQLite database \(path) is not a jifen run store (its application id and tables belong to something else)."
        case .corrupt(let path):
            "The run store \(path) is damaged (SQLite reports a malformed database); restore it from a copy or use another --db."
        case .newerFormat(let path, let unknown):
            "The run store \(path) was written by a newer jifen (unknown migrations: \(unknown.joined(separator: ", ")))."
        case .unknownRun(let path, let id):
            "The run store \(path) has no run \(id)."
        case .runFinished(let path, let id, let status):
            "Run \(id) in \(path) is already \(status.rawValue), so no more results can be recorded for it."
        case .invalidResult(let path, let id, let name, let reason):
            "The result \"\(name)\" for run \(id) in \(path) was not recorded: \(reason)."
        case .cannotWrite(let path, let reason):
            "The run store \(path) could not be written: \(reason)."
        case .database(let path, let message):
            "The run store \(path) reported an SQLite error: \(message)."
        }
    }

    public var errorDescription: String? { description }

    /// Maps an error thrown while using the database at `path` onto the store's vocabulary.
    init(_ error: any Error, path: String) {
        if let storeError = error as? RunStoreError {
            self = storeError
            return
        }
        // A row that does not decode (a timestamp or an argument list of another shape) was
        // not written by jifen: the file's content is damaged.
        if error is RowDecodingError || error is DecodingError {
            self = .corrupt(path: path)
            return
        }
        guard let databaseError = error as? DatabaseError else {
            self = .database(path: path, message: String(describing: error))
            return
        }
        switch databaseError.resultCode {
        case .SQLITE_NOTADB:
            self = RunStoreError.hasSQLiteHeader(path) ? .corrupt(path: path) : .notSQLite(path: path)
        case .SQLITE_CORRUPT:
            self = .corrupt(path: path)
        case .SQLITE_FULL:
            self = .cannotWrite(path: path, reason: "the disk is full")
        case .SQLITE_IOERR:
            self = .cannotWrite(path: path, reason: "a disk I/O error (a full disk or a file-size limit, for instance)")
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY:
            self = .cannotOpen(path: path, reason: databaseError.message ?? "\(databaseError.resultCode)")
        default:
            self = .database(path: path, message: databaseError.message ?? "\(databaseError.resultCode)")
        }
    }

    /// Whether the file starts with SQLite's 16-byte magic string: if so, SQLITE_NOTADB means damage.
    private static func hasSQLiteHeader(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        return header == Data("SQLite format 3\0".utf8)
    }
}
