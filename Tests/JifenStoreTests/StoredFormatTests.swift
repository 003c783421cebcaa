import Foundation
import GRDB
import Testing

@testable import JifenStore

/// The records keep the stored format: a store written before the records existed reads back
/// whole, and what the records write is, column by column, the text the hand-written SQL wrote.
@Suite struct StoredFormatTests {
    /// A v3 store filled with the statements the store used before its record types: a finished
    /// run with two editions, a NaN point and a pool, and a run left `running` by a dead writer.
    func storeWrittenByRawSQL(_ path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try StoreSchema.migrator.migrate(queue)
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO run (command, arguments, seed, generator, reform_hash, population_hash,
                                     version, started, status, process_id, host, note)
                    VALUES ('simulate', '["--edition","tianjin/2018","--note=a \\"q\\", 弹性"]', '18446744073709551615',
                            'taus2', 'r1', 'p1', '0.4.0', '2024-03-01T08:30:00.125Z', 'running', 77, 'lab', NULL);
                    INSERT INTO run_edition (run_id, position, edition_id, hash) VALUES (1, 0, 'tianjin/2018', 'h18');
                    INSERT INTO run_edition (run_id, position, edition_id, hash) VALUES (1, 1, 'tianjin/2016', 'h16');
                    INSERT INTO series_point (run_id, series, idx, x, value, lo, hi) VALUES (1, 'cutoff', 1, NULL, NULL, NULL, NULL);
                    INSERT INTO series_point (run_id, series, idx, x, value, lo, hi) VALUES (1, 'cutoff', 0, 2.5, 141.5, 140, 143);
                    INSERT OR REPLACE INTO run_document (run_id, name, json) VALUES (1, 'summary', '{"mean": 141.5}');
                    INSERT OR REPLACE INTO pool_sample (run_id, csv, rows) VALUES (1, 'age
                    30
                    ', 1);
                    UPDATE run SET status = 'complete', finished = '2024-03-01T08:31:02.000Z', note = coalesce('done', note) WHERE id = 1;
                    INSERT INTO run (command, arguments, seed, generator, reform_hash, population_hash,
                                     version, started, status, process_id, host, note)
                    VALUES ('quota-curve', '[]', NULL, NULL, NULL, NULL, '0.4.0', '2024-03-02T00:00:00.000Z', 'running', NULL, NULL, NULL);
                    """)
        }
    }

    @Test func aStoreWrittenBeforeTheRecordsReadsBackWhole() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("jifen.sqlite")
        try storeWrittenByRawSQL(path)
        let store = try RunStore(path: path, createIfMissing: false, readOnly: true)

        let stored = try store.run(id: RunID(rawValue: 1))
        let start = stored.record.start
        #expect(start.command == "simulate")
        #expect(start.arguments == ["--edition", "tianjin/2018", "--note=a \"q\", 弹性"])
        #expect(start.seed == UInt64.max)
        #expect(start.generator == "taus2")
        #expect(start.editions == [RunEdition(id: "tianjin/2018", hash: "h18"), RunEdition(id: "tianjin/2016", hash: "h16")])
        #expect(start.reformHash == "r1" && start.populationHash == "p1" && start.version == "0.4.0")
        // 2024-03-01T08:30:00Z is 1,709,281,800 s after the epoch.
        #expect(start.started == Date(timeIntervalSince1970: 1_709_281_800.125))
        #expect(stored.record.finished == Date(timeIntervalSince1970: 1_709_281_862))
        #expect(stored.record.status == .complete)
        #expect(start.note == "done")
        #expect(stored.record.processID == 77 && stored.record.host == "lab")
        #expect(stored.record.sampledPoolRows == 1)
        #expect(stored.documents == [RunDocument(name: "summary", json: #"{"mean": 141.5}"#)])
        #expect(stored.series == [RunSeries(name: "cutoff", points: [
            SeriesPoint(index: 0, x: 2.5, value: 141.5, lo: 140, hi: 143), SeriesPoint(index: 1, value: .nan),
        ])])
        #expect(stored.sampledPool == "age\n30\n")

        let listed = try store.list()
        #expect(listed.map(\.id.rawValue) == [1, 2])
        #expect(listed[1].start.arguments.isEmpty && listed[1].start.seed == nil)
        // No process id or host: nothing can vouch for the writer.
        #expect(listed[1].status == .incomplete)
        #expect(listed[1].sampledPoolRows == nil)
        #expect(try store.list(filter: RunFilter(edition: "tianjin/2016")).map(\.id.rawValue) == [1])
        #expect(try store.list(filter: RunFilter(startedFrom: Date(timeIntervalSince1970: 1_709_281_800.126))).map(\.id.rawValue) == [2])
    }

    @Test func recordsWriteTheTextTheStoreHasAlwaysHeld() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("jifen.sqlite")
        do {
            let store = try RunStore(path: path)
            let id = try store.begin(RunStart(
                command: "calibrate", arguments: ["--target", "datasets/history/天津.csv", "--note=\"x\"\\y\ttab"],
                seed: UInt64.max, generator: "mt19937", editions: [RunEdition(id: "tianjin/2018", hash: "abc")],
                version: "0.5.0", started: Date(timeIntervalSince1970: 1_709_281_800.125)))
            try store.record(series: RunSeries(name: "fit", points: [SeriesPoint(index: 3, x: .nan, value: .nan, lo: -.infinity, hi: 1.5)]), for: id)
            try store.finish(id, status: .interrupted, note: "stopped by SIGINT", at: Date(timeIntervalSince1970: 1_709_281_801))
        }
        let queue = try DatabaseQueue(path: path)
        let (run, point) = try queue.read { db in
            (try #require(try Row.fetchOne(db, sql: "SELECT * FROM run")),
             try #require(try Row.fetchOne(db, sql: "SELECT * FROM series_point")))
        }
        // JSON text as the hand-written encoder made it: slashes and CJK as they are, quotes,
        // backslashes and tabs escaped.
        #expect(run["arguments"] as String == #"["--target","datasets/history/天津.csv","--note=\"x\"\\y\ttab"]"#)
        #expect(run["seed"] as String == "18446744073709551615")
        #expect(run["started"] as String == "2024-03-01T08:30:00.125Z")
        #expect(run["finished"] as String == "2024-03-01T08:30:01.000Z")
        #expect(run["status"] as String == "interrupted")
        #expect(run["note"] as String == "stopped by SIGINT")
        #expect(run["process_id"] as Int64 == Int64(getpid()))
        #expect(point["idx"] as Int == 3)
        #expect((point["x"] as DatabaseValue).isNull && (point["value"] as DatabaseValue).isNull)
        #expect(point["lo"] as Double == -.infinity && point["hi"] as Double == 1.5)
    }

    @Test func aRowOfAnotherShapeIsReportedAsDamage() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("jifen.sqlite")
        try storeWrittenByRawSQL(path)
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "UPDATE run SET started = '2024-03-01 08:30:00' WHERE id = 2")
        }
        let store = try RunStore(path: path)
        #expect(throws: RunStoreError.corrupt(path: path)) { try store.list() }
        #expect(try store.run(id: RunID(rawValue: 1)).record.start.command == "simulate")
    }
}
