import Foundation
import GRDB
import Testing

@testable import JifenStore
import JifenPolicy

/// A fresh directory per test, so stores never collide across parallel tests.
struct ScratchDirectory: ~Copyable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// 2024-01-01T00:00:00Z plus whole days.
func day(_ offset: Int) -> Date {
    Date(timeIntervalSince1970: 1_704_067_200 + Double(offset) * 86_400)
}

func simulateStart(_ editions: [String] = ["tianjin/2018"], command: String = "simulate", started: Date) -> RunStart {
    RunStart(
        command: command, arguments: ["--pool", "1000"], seed: 1,
        editions: editions.map { RunEdition(id: $0, hash: ContentHash.sha256($0)) }, version: "0.1.0",
        started: started)
}

@Suite struct RunStoreRoundTripTests {
    @Test func everyResultTypeRoundTrips() throws {
        let scratch = try ScratchDirectory()
        let store = try RunStore(path: scratch.path("jifen.sqlite"))
        let start = RunStart(
            command: "whatif",
            arguments: ["--edition", "hangzhou/2023", "--reform", "reforms/弹性.yaml", "--note=a \"quoted\", comma"],
            seed: UInt64.max, generator: "mt19937",
            editions: [
                RunEdition(id: "hangzhou/2023", hash: ContentHash.sha256("a")),
                RunEdition(id: "hangzhou/2021", hash: ContentHash.sha256("b")),
            ],
            reformHash: ContentHash.sha256("reform"), populationHash: ContentHash.sha256("population"),
            version: "0.1.0", started: Date(timeIntervalSince1970: 1_700_000_000.123), note: "baseline vs reform")
        let id = try store.begin(start)
        let cutoff = RunSeries(
            name: "cutoff",
            points: [
                SeriesPoint(index: 2, value: .infinity),
                SeriesPoint(index: 0, value: 150.5, lo: 140, hi: 160),
                SeriesPoint(index: 1, value: .nan),
            ])
        let curve = RunSeries(
            name: "quota-curve",
            points: [SeriesPoint(index: 0, x: 1000, value: 120.25, lo: -1e-300, hi: 1e300)])
        let summary = RunDocument(name: "summary", json: #"{"cutoff": {"mean": 150.5}, "城市": "杭州"}"#)
        let sobol = try RunDocument(name: "sobol", encoding: ["S1": [0.25, 0.5]])
        let pool = "age,points\n29,\"1\n2\"\n35,140\n"
        try store.record(series: curve, for: id)
        try store.record(series: cutoff, for: id)
        try store.record(document: summary, for: id)
        try store.record(document: sobol, for: id)
        try store.record(sampledPool: pool, for: id)
        let finished = Date(timeIntervalSince1970: 1_700_000_042.5)
        try store.finish(id, status: .complete, at: finished)

        let stored = try store.run(id: id)
        let expected = StoredRun(
            record: RunRecord(
                id: id, start: start, finished: finished, status: .complete, processID: getpid(),
                host: ProcessInfo.processInfo.hostName, sampledPoolRows: 2),
            documents: [sobol, summary],
            series: [
                RunSeries(name: "cutoff", points: [cutoff.points[1], cutoff.points[2], cutoff.points[0]]),
                curve,
            ],
            sampledPool: pool)
        #expect(stored == expected)
        #expect(stored.series[0].points[1].value.isNaN)
        #expect(sobol.json == #"{"S1":[0.25,0.5]}"#)
    }

    @Test func recordingAgainReplacesByName() throws {
        let scratch = try ScratchDirectory()
        let store = try RunStore(path: scratch.path("jifen.sqlite"))
        let id = try store.begin(simulateStart(started: day(0)))
        try store.record(series: RunSeries(name: "cutoff", points: (0..<5).map { SeriesPoint(index: $0, value: 1) }), for: id)
        try store.record(series: RunSeries(name: "cutoff", points: [SeriesPoint(index: 7, value: 2)]), for: id)
        try store.record(document: RunDocument(name: "summary", json: "1"), for: id)
        try store.record(document: RunDocument(name: "summary", json: "[2]"), for: id)
        try store.record(sampledPool: "a\n1\n", for: id)
        try store.record(sampledPool: "a\n1\n2\n3", for: id)
        let stored = try store.run(id: id)
        #expect(stored.series == [RunSeries(name: "cutoff", points: [SeriesPoint(index: 7, value: 2)])])
        #expect(stored.documents == [RunDocument(name: "summary", json: "[2]")])
        #expect(stored.sampledPool == "a\n1\n2\n3")
        #expect(stored.record.sampledPoolRows == 3)
    }

    @Test func finishedRunsAcceptNothingMore() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("jifen.sqlite")
        let store = try RunStore(path: path)
        let id = try store.begin(simulateStart(started: day(0)))
        try store.finish(id, status: .failed, note: "GSL error")
        let point = RunSeries(name: "cutoff", points: [SeriesPoint(index: 0, value: 1)])
        #expect(throws: RunStoreError.runFinished(path: path, id: id, status: .failed)) {
            try store.record(series: point, for: id)
        }
        #expect(throws: RunStoreError.runFinished(path: path, id: id, status: .failed)) {
            try store.finish(id, status: .complete)
        }
        let record = try store.run(id: id).record
        #expect(record.status == .failed)
        #expect(record.start.note == "GSL error")
        #expect(record.finished != nil)
        let missing = RunID(rawValue: 99)
        #expect(throws: RunStoreError.unknownRun(path: path, id: missing)) { try store.run(id: missing) }
        #expect(throws: RunStoreError.unknownRun(path: path, id: missing)) { try store.record(series: point, for: missing) }
    }

    @Test func invalidResultsAreRejectedWhole() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("jifen.sqlite")
        let store = try RunStore(path: path)
        let id = try store.begin(simulateStart(started: day(0)))
        #expect(throws: RunStoreError.self) {
            try store.record(document: RunDocument(name: "summary", json: "{mean: 1"), for: id)
        }
        let duplicated = RunSeries(name: "cutoff", points: [SeriesPoint(index: 0, value: 1), SeriesPoint(index: 0, value: 2)])
        #expect(throws: RunStoreError.invalidResult(path: path, id: id, name: "cutoff", reason: "index 0 appears twice")) {
            try store.record(series: duplicated, for: id)
        }
        let stored = try store.run(id: id)
        #expect(stored.documents.isEmpty)
        #expect(stored.series.isEmpty)
    }
}

@Suite struct RunStoreQueryTests {
    /// Four runs, begun out of start-time order.
    func populated(_ path: String) throws -> (RunStore, [RunID]) {
        let store = try RunStore(path: path)
        let r1 = try store.begin(simulateStart(started: day(0)))
        let r2 = try store.begin(simulateStart(["hangzhou/2021"], command: "quota-curve", started: day(31)))
        let r3 = try store.begin(
            simulateStart(["hangzhou/2021", "tianjin/2018"], started: Date(timeIntervalSince1970: 1_704_067_199.999)))
        let r4 = try store.begin(simulateStart(["tianjin/2020"], started: day(60)))
        try store.finish(r4, status: .failed)
        return (store, [r1, r2, r3, r4])
    }

    @Test func listFiltersAndOrdersByStartTime() throws {
        let scratch = try ScratchDirectory()
        let (store, ids) = try populated(scratch.path("jifen.sqlite"))
        let (r1, r2, r3, r4) = (ids[0], ids[1], ids[2], ids[3])
        func listed(_ filter: RunFilter) throws -> [RunID] { try store.list(filter: filter).map(\.id) }
        #expect(try listed(RunFilter()) == [r3, r1, r2, r4])
        #expect(try listed(RunFilter(command: "simulate")) == [r3, r1, r4])
        #expect(try listed(RunFilter(edition: "tianjin/2018")) == [r3, r1])
        #expect(try listed(RunFilter(edition: "hangzhou/2021")) == [r3, r2])
        // The range is half-open: day 0 itself is in, day 60 (r4's start) is out.
        #expect(try listed(RunFilter(startedFrom: day(0), startedBefore: day(60))) == [r1, r2])
        #expect(try listed(RunFilter(status: .failed)) == [r4])
        #expect(try listed(RunFilter(status: .running)) == [r3, r1, r2])
        #expect(try listed(RunFilter(command: "simulate", edition: "tianjin/2018", startedFrom: day(0))) == [r1])
        #expect(try listed(RunFilter(command: "sensitivity")) == [])
        let editionsOfR3 = try store.list().first { $0.id == r3 }?.start.editions.map(\.id)
        #expect(editionsOfR3 == ["hangzhou/2021", "tianjin/2018"])
    }

    @Test func csvExportHasOneRowPerPoint() throws {
        let scratch = try ScratchDirectory()
        let store = try RunStore(path: scratch.path("jifen.sqlite"))
        let id = try store.begin(simulateStart(started: day(0)))
        try store.record(
            series: RunSeries(
                name: "cutoff",
                points: [
                    SeriesPoint(index: 0, value: 150.5, lo: 140, hi: 160), SeriesPoint(index: 1, value: .nan),
                    SeriesPoint(index: 2, value: .infinity),
                ]),
            for: id)
        try store.record(series: RunSeries(name: "curve, a", points: [SeriesPoint(index: 0, x: 1000, value: 120.25)]), for: id)
        // "curve, a" sorts before "cutoff" ('r' < 't'); NaN and absent values are empty fields.
        let expected = """
            run_id,series,index,x,value,lo,hi
            \(id),"curve, a",0,1000.0,120.25,,
            \(id),cutoff,0,,150.5,140.0,160.0
            \(id),cutoff,1,,,,
            \(id),cutoff,2,,inf,,

            """
        #expect(try store.export(id: id, format: .csv) == expected)
    }

    @Test func jsonExportIsTheWholeRun() throws {
        let scratch = try ScratchDirectory()
        let store = try RunStore(path: scratch.path("jifen.sqlite"))
        let id = try store.begin(simulateStart(started: day(0)))
        try store.record(series: RunSeries(name: "cutoff", points: [SeriesPoint(index: 0, value: .nan, lo: 1.5)]), for: id)
        try store.record(document: RunDocument(name: "summary", json: #" {"mean": 150.5, "note": "杭州"} "#), for: id)
        try store.record(sampledPool: "age\n29\n", for: id)
        try store.finish(id, status: .complete, at: day(1))
        let text = try store.export(id: id, format: .json)
        #expect(try store.export(id: id, format: .json) == text)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["id"] as? Int == Int(id.rawValue))
        #expect(object["command"] as? String == "simulate")
        #expect(object["arguments"] as? [String] == ["--pool", "1000"])
        #expect(object["seed"] as? Int == 1)
        #expect(object["started"] as? String == "2024-01-01T00:00:00.000Z")
        #expect(object["finished"] as? String == "2024-01-02T00:00:00.000Z")
        #expect(object["status"] as? String == "complete")
        #expect(object["reform_hash"] is NSNull)
        let editions = try #require(object["editions"] as? [[String: String]])
        #expect(editions == [["id": "tianjin/2018", "hash": ContentHash.sha256("tianjin/2018")]])
        let summary = try #require((object["documents"] as? [String: Any])?["summary"] as? [String: Any])
        #expect(summary["mean"] as? Double == 150.5)
        #expect(summary["note"] as? String == "杭州")
        let series = try #require(object["series"] as? [[String: Any]])
        let point = try #require((series.first?["points"] as? [[String: Any]])?.first)
        #expect(series.first?["name"] as? String == "cutoff")
        #expect(point["value"] is NSNull)
        #expect(point["lo"] as? Double == 1.5)
        let pool = try #require(object["sampled_pool"] as? [String: Any])
        #expect(pool["rows"] as? Int == 1)
        #expect(pool["csv"] as? String == "age\n29\n")
    }

    @Test func statusRuleForRunningRows() {
        let host = ProcessInfo.processInfo.hostName
        #expect(RunStore.status(stored: "complete", processID: nil, host: nil) == .complete)
        #expect(RunStore.status(stored: "failed", processID: 1, host: host) == .failed)
        #expect(RunStore.status(stored: "running", processID: Int64(getpid()), host: host) == .running)
        #expect(RunStore.status(stored: "running", processID: nil, host: nil) == .incomplete)
        // Another machine's processes cannot be checked from here.
        #expect(RunStore.status(stored: "running", processID: 1, host: host + ".elsewhere") == .running)
    }
}

@Suite struct RunStoreFileTests {
    @Test func migratesAStoreBuiltWithOnlyV1() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("old.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try StoreSchema.migrator.migrate(queue, upTo: "v1")
            // What a v1 jifen wrote: a finished run with an edition, a series, a document and a pool.
            try queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO run (id, command, arguments, seed, generator, version, started, finished, status,
                                         process_id, host)
                        VALUES (1, 'simulate', '["--pool","10"]', '42', 'taus2', '0.0.9', '2024-01-01T00:00:00.000Z',
                                '2024-01-01T00:01:00.000Z', 'complete', 1, 'old-host');
                        INSERT INTO run_edition VALUES (1, 0, 'tianjin/2016', 'abc');
                        INSERT INTO series_point VALUES (1, 'cutoff', 0, NULL, 141.5, NULL, NULL);
                        INSERT INTO run_document VALUES (1, 'summary', '{"mean":141.5}');
                        INSERT INTO pool_sample VALUES (1, 'age,city
                        30,"Tianjin,
                        Binhai"
                        41,Tianjin
                        ');
                        """)
            }
            let v2Index = try queue.read { db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE name = 'run_by_started'")
            }
            #expect(v2Index.isEmpty)
        }

        let store = try RunStore(path: path)
        let stored = try store.run(id: RunID(rawValue: 1))
        #expect(stored.record.start.seed == 42)
        #expect(stored.record.start.generator == "taus2")
        #expect(stored.record.start.editions == [RunEdition(id: "tianjin/2016", hash: "abc")])
        #expect(stored.record.status == .complete)
        #expect(stored.record.sampledPoolRows == 2)
        #expect(stored.series == [RunSeries(name: "cutoff", points: [SeriesPoint(index: 0, value: 141.5)])])
        #expect(stored.documents == [RunDocument(name: "summary", json: #"{"mean":141.5}"#)])

        let queue = try DatabaseQueue(path: path)
        let (migrations, indexes, journalMode) = try queue.read { db in
            (
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier"),
                try String.fetchAll(
                    db,
                    sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name"),
                try String.fetchOne(db, sql: "PRAGMA journal_mode")
            )
        }
        #expect(migrations == ["v1", "v2", "v3"])
        #expect(indexes == ["run_by_command", "run_by_started", "run_edition_by_edition"])
        #expect(journalMode == "wal")
        // New writes after migration use the new column.
        let id = try store.begin(simulateStart(started: day(2)))
        try store.record(sampledPool: "a\n1\n", for: id)
        #expect(try store.list(filter: RunFilter(edition: "tianjin/2018")).map(\.sampledPoolRows) == [1])
    }

    @Test func identifiesItselfAsAJifenStore() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("jifen.sqlite")
        _ = try RunStore(path: path)
        let queue = try DatabaseQueue(path: path)
        let (applicationID, format) = try queue.read { db in
            (
                try Int32.fetchOne(db, sql: "PRAGMA application_id"),
                try String.fetchOne(db, sql: "SELECT value FROM store_meta WHERE key = 'format'")
            )
        }
        #expect(applicationID == 0x4A49_4645)
        #expect(format == "jifen-run-store")
    }

    @Test func anotherApplicationsDatabaseIsRefused() throws {
        let scratch = try ScratchDirectory()
        let withTables = scratch.path("other.sqlite")
        try DatabaseQueue(path: withTables).write { db in try db.execute(sql: "CREATE TABLE customer (id INTEGER)") }
        #expect(throws: RunStoreError.notAStore(path: withTables)) { try RunStore(path: withTables) }

        let otherID = scratch.path("other-id.sqlite")
        try DatabaseQueue(path: otherID).write { db in try db.execute(sql: "PRAGMA application_id = 7") }
        #expect(throws: RunStoreError.notAStore(path: otherID)) { try RunStore(path: otherID) }
        // Refusing must not have added jifen's tables to the other application's file.
        let tables = try DatabaseQueue(path: withTables).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
        }
        #expect(tables == ["customer"])
        let journalMode = try DatabaseQueue(path: withTables).read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journalMode == "delete")
    }

    @Test func nonSQLiteAndDamagedFilesGiveTypedErrors() throws {
        let scratch = try ScratchDirectory()
        let text = scratch.path("notes.sqlite")
        try Data("city,quota\ntianjin,6000\n".utf8 + Data(repeating: 0x20, count: 600)).write(to: URL(fileURLWithPath: text))
        #expect(throws: RunStoreError.notSQLite(path: text)) { try RunStore(path: text) }

        let damaged = scratch.path("damaged.sqlite")
        do {
            let store = try RunStore(path: damaged)
            for offset in 0..<50 { _ = try store.begin(simulateStart(started: day(offset))) }
        }
        // Keep the 100-byte header (magic string, page size) and trash the rest of the file.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: damaged))
        #expect(bytes.count > 4096)
        for offset in 100..<bytes.count { bytes[offset] = UInt8(truncatingIfNeeded: offset &* 7919) }
        try bytes.write(to: URL(fileURLWithPath: damaged))
        #expect(throws: RunStoreError.corrupt(path: damaged)) { try RunStore(path: damaged) }
        let description = RunStoreError.corrupt(path: damaged).description
        #expect(description.contains(damaged))
    }

    @Test func openingWithoutCreatingAMissingFile() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("absent.sqlite")
        #expect(throws: RunStoreError.missing(path: path)) { try RunStore(path: path, createIfMissing: false) }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(throws: RunStoreError.cannotOpen(path: scratch.url.path, reason: "it is a directory")) {
            try RunStore(path: scratch.url.path)
        }
        let deep = scratch.path("no/such/folder/jifen.sqlite")
        #expect {
            try RunStore(path: deep)
        } throws: { error in
            guard case .cannotOpen(let path, _) = error as? RunStoreError else { return false }
            return path == deep
        }
    }

    @Test func aStoreFromANewerJifenIsRefused() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("jifen.sqlite")
        _ = try RunStore(path: path)
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9')")
        }
        #expect(throws: RunStoreError.newerFormat(path: path, unknownMigrations: ["v9"])) { try RunStore(path: path) }
    }
}
