import Foundation
import GRDB

/// A row of the `run` table: how a run started and how it ended, as stored.
///
/// `arguments` is a JSON array of strings in a TEXT column, `seed` decimal text (a `UInt64` does
/// not fit SQLite's INTEGER), the two instants `StoredTimestamp` text.
struct RunRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "run"

    /// The run's editions, in the order the command used them.
    static let editions = hasMany(RunEditionRow.self).order(RunEditionRow.Columns.position).forKey("editions")
    /// The run's sampled pool, if one was stored.
    static let poolSample = hasOne(PoolSampleRow.self)

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let command = Column(CodingKeys.command)
        static let started = Column(CodingKeys.started)
    }

    enum CodingKeys: String, CodingKey {
        case id, command, arguments, seed, generator
        case reformHash = "reform_hash", populationHash = "population_hash"
        case version, started, finished, status
        case processID = "process_id", host, note
    }

    var id: Int64?
    var command: String
    var arguments: [String]
    var seed: String?
    var generator: String?
    var reformHash: String?
    var populationHash: String?
    var version: String
    var started: Date
    var finished: Date?
    var status: RunStatus
    var processID: Int64?
    var host: String?
    var note: String?

    static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { StoredTimestamp.encoding }
    static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { StoredTimestamp.decoding }

    /// JSON text as jifen has always stored it: keys sorted, slashes in paths left alone.
    static func databaseJSONEncoder(for column: String) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// A new `running` row for `start`, written by process `processID` on `host`.
    init(starting start: RunStart, processID: Int64, host: String) {
        command = start.command
        arguments = start.arguments
        seed = start.seed.map { String($0) }
        generator = start.generator
        reformHash = start.reformHash
        populationHash = start.populationHash
        version = start.version
        started = start.started
        status = .running
        self.processID = processID
        self.host = host
        note = start.note
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// The run as the store reports it, `incomplete` derived from the writer's process.
    func record(editions: [RunEditionRow], sampledPoolRows: Int?) -> RunRecord {
        let start = RunStart(
            command: command, arguments: arguments, seed: seed.flatMap { UInt64($0) }, generator: generator,
            editions: editions.map { RunEdition(id: $0.editionID, hash: $0.hash) }, reformHash: reformHash,
            populationHash: populationHash, version: version, started: started, note: note)
        return RunRecord(
            id: RunID(rawValue: id ?? 0), start: start, finished: finished,
            status: RunStore.status(stored: status.rawValue, processID: processID, host: host),
            processID: processID.map { Int32(truncatingIfNeeded: $0) }, host: host, sampledPoolRows: sampledPoolRows)
    }
}
