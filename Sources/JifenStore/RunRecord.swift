import Foundation

/// The store's identifier of one recorded run; ids grow with each run begun and are never reused.
public struct RunID: RawRepresentable, Hashable, Comparable, Sendable, Codable, LosslessStringConvertible {
    /// The row id in the `run` table.
    public let rawValue: Int64

    /// Wraps a row id.
    public init(rawValue: Int64) {
        self.rawValue = rawValue
    }

    /// Parses the decimal form users type after `jifen runs show`.
    public init?(_ description: String) {
        guard let value = Int64(description), value > 0 else { return nil }
        rawValue = value
    }

    /// The decimal form, as printed by `jifen runs list`.
    public var description: String { String(rawValue) }

    public static func < (lhs: RunID, rhs: RunID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Where a run stands.
///
/// `incomplete` is never stored: it is how the store reports a run whose row still says
/// `running` but whose writing process is known to be gone (see `docs/run-store.md`).
/// `interrupted` is a run stopped by SIGINT or SIGTERM, which its command recorded before exiting.
public enum RunStatus: String, Sendable, Codable, CaseIterable {
    case running, complete, failed, interrupted, incomplete
}

/// How a run ended, as its command reports it to `RunStore.finish(_:status:note:at:)`.
public enum RunOutcome: String, Sendable, Codable, CaseIterable {
    case complete, failed, interrupted
}

/// One rule-book edition a run used, pinned by the hash of its content.
public struct RunEdition: Hashable, Sendable, Codable {
    /// The edition id, e.g. `tianjin/2018`.
    public var id: String
    /// `ContentHash.sha256` of the edition's resolved content.
    public var hash: String

    /// An edition reference.
    public init(id: String, hash: String) {
        self.id = id
        self.hash = hash
    }
}

/// What a command knows when it starts a run: everything needed to run it again.
public struct RunStart: Hashable, Sendable, Codable {
    /// The subcommand, e.g. `simulate` or `quota-curve`.
    public var command: String
    /// The command's arguments as typed, without the program or subcommand name.
    public var arguments: [String]
    /// The master seed of the random streams, when the command draws random numbers.
    public var seed: UInt64?
    /// The generator algorithm, e.g. `mt19937`.
    public var generator: String?
    /// The editions used, in the order the command used them.
    public var editions: [RunEdition]
    /// `ContentHash.sha256` of the reform file, when one was applied.
    public var reformHash: String?
    /// `ContentHash.sha256` of the population model, when one was used.
    public var populationHash: String?
    /// The jifen version that ran the command.
    public var version: String
    /// When the run started (stored to the millisecond).
    public var started: Date
    /// A free-text remark.
    public var note: String?

    /// Describes a run about to start; `started` defaults to now.
    public init(
        command: String, arguments: [String], seed: UInt64? = nil, generator: String? = nil,
        editions: [RunEdition] = [], reformHash: String? = nil, populationHash: String? = nil,
        version: String, started: Date = Date(), note: String? = nil
    ) {
        self.command = command
        self.arguments = arguments
        self.seed = seed
        self.generator = generator
        self.editions = editions
        self.reformHash = reformHash
        self.populationHash = populationHash
        self.version = version
        self.started = started
        self.note = note
    }
}

/// A run as the store reports it: how it started, how (and whether) it ended.
public struct RunRecord: Hashable, Sendable, Codable {
    /// The run's id.
    public var id: RunID
    /// How the run started.
    public var start: RunStart
    /// When the run finished; nil while running or when it never finished.
    public var finished: Date?
    /// The run's status, `incomplete` derived as documented on `RunStatus`.
    public var status: RunStatus
    /// The process id of the writer, recorded so that a dead writer can be detected.
    public var processID: Int32?
    /// The host the writer ran on; process ids are only checked on the same host.
    public var host: String?
    /// Data rows in the sampled pool, nil when no pool was stored.
    public var sampledPoolRows: Int?

    /// A run record; normally built by the store.
    public init(
        id: RunID, start: RunStart, finished: Date?, status: RunStatus,
        processID: Int32?, host: String?, sampledPoolRows: Int?
    ) {
        self.id = id
        self.start = start
        self.finished = finished
        self.status = status
        self.processID = processID
        self.host = host
        self.sampledPoolRows = sampledPoolRows
    }
}

/// A named JSON result document, e.g. a summary table or a sensitivity report.
public struct RunDocument: Hashable, Sendable, Codable {
    /// The document's name, unique within a run.
    public var name: String
    /// The document as JSON text; the store checks that it parses.
    public var json: String

    /// A document from JSON text.
    public init(name: String, json: String) {
        self.name = name
        self.json = json
    }

    /// A document encoding `value` with sorted keys, so equal values give equal text.
    public init(name: String, encoding value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        self.name = name
        self.json = String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// One point of a numeric series: a replicate's value, a curve point, or an index with its interval.
public struct SeriesPoint: Hashable, Sendable, Codable {
    /// The point's position in its series, unique within the series.
    public var index: Int
    /// The abscissa, e.g. the quota of a quota-curve point.
    public var x: Double?
    /// The value; NaN is stored as SQL NULL and read back as NaN.
    public var value: Double
    /// The lower bound of an interval around `value`.
    public var lo: Double?
    /// The upper bound of an interval around `value`.
    public var hi: Double?

    /// A series point; `x`, `lo` and `hi` are optional.
    public init(index: Int, x: Double? = nil, value: Double, lo: Double? = nil, hi: Double? = nil) {
        self.index = index
        self.x = x
        self.value = value
        self.lo = lo
        self.hi = hi
    }

    /// NaN-aware equality, so a stored NaN compares equal to itself after a round trip.
    public static func == (lhs: SeriesPoint, rhs: SeriesPoint) -> Bool {
        lhs.index == rhs.index && lhs.x == rhs.x && lhs.lo == rhs.lo && lhs.hi == rhs.hi
            && (lhs.value == rhs.value || (lhs.value.isNaN && rhs.value.isNaN))
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(index)
        hasher.combine(x)
        hasher.combine(value.isNaN ? .nan : value)
        hasher.combine(lo)
        hasher.combine(hi)
    }
}

/// A named numeric series, e.g. `cutoff` per replicate or a quota curve.
public struct RunSeries: Hashable, Sendable, Codable {
    /// The series' name, unique within a run.
    public var name: String
    /// The points, in index order when read back from the store.
    public var points: [SeriesPoint]

    /// A named series.
    public init(name: String, points: [SeriesPoint]) {
        self.name = name
        self.points = points
    }
}

/// A run with everything recorded for it: what `jifen runs show` and `runs rerun` need.
public struct StoredRun: Hashable, Sendable, Codable {
    /// The run's record.
    public var record: RunRecord
    /// Result documents, ordered by name.
    public var documents: [RunDocument]
    /// Numeric series, ordered by name, each with points ordered by index.
    public var series: [RunSeries]
    /// The sampled applicant pool as CSV text, when one was stored.
    public var sampledPool: String?

    /// A stored run; normally built by the store.
    public init(record: RunRecord, documents: [RunDocument], series: [RunSeries], sampledPool: String?) {
        self.record = record
        self.documents = documents
        self.series = series
        self.sampledPool = sampledPool
    }
}

/// Which runs `RunStore.list(filter:)` returns; nil fields do not filter.
public struct RunFilter: Hashable, Sendable {
    /// Only runs of this command.
    public var command: String?
    /// Only runs that used this edition id.
    public var edition: String?
    /// Only runs started at or after this instant.
    public var startedFrom: Date?
    /// Only runs started strictly before this instant.
    public var startedBefore: Date?
    /// Only runs with this status (after `incomplete` is derived).
    public var status: RunStatus?

    /// A filter; with no arguments it matches every run.
    public init(
        command: String? = nil, edition: String? = nil, startedFrom: Date? = nil,
        startedBefore: Date? = nil, status: RunStatus? = nil
    ) {
        self.command = command
        self.edition = edition
        self.startedFrom = startedFrom
        self.startedBefore = startedBefore
        self.status = status
    }
}
