import Foundation
import GRDB
import Testing

@testable import JifenStore
import JifenPolicy
import JifenTestSupport

/// Files that cannot hold a store, damaged pages, read-only stores, full disks and interrupted
/// runs: each gets its typed error or status, and nothing is written where it must not be.
@Suite struct RunStoreHardeningTests {
    /// A store with three complete runs, closed (checkpointed) so that its pages are in the file.
    func storeWithRuns(_ scratch: borrowing ScratchDirectory) throws -> String {
        let path = scratch.path("jifen.sqlite")
        do {
            let store = try RunStore(path: path)
            for d in 0..<3 {
                let id = try store.begin(simulateStart(started: day(d)))
                try store.record(series: RunSeries(name: "cutoff", points: [SeriesPoint(index: 0, value: Double(d))]), for: id)
                try store.finish(id, status: .complete)
            }
        }
        try checkpoint(path)
        return path
    }

    func checkpoint(_ path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    @Test func anEmptyPathAndDevicesAreNotStores() {
        #expect(throws: RunStoreError.cannotOpen(path: "", reason: "no file name was given")) { try RunStore(path: "") }
        for device in ["/dev/null", "/dev/zero"] {
            #expect { try RunStore(path: device) } throws: { error in
                guard case .cannotOpen(_, let reason) = error as? RunStoreError else { return false }
                return reason.contains("not a regular file")
            }
        }
    }

    @Test func randomBytesOverAnIndexPageAreFoundOnOpening() throws {
        let scratch = try ScratchDirectory()
        let path = try storeWithRuns(scratch)
        let root = try DatabaseQueue(path: path).read { db in
            try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'run_by_started'")
        }
        let page = try #require(root)
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: UInt64((page - 1) * 4096))
        var generator = SystemRandomNumberGenerator()
        try handle.write(contentsOf: Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }))
        try handle.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: RunStoreError.corrupt(path: path)) { try RunStore(path: path) }
        #expect(throws: RunStoreError.corrupt(path: path)) { try RunStore(path: path, createIfMissing: false, readOnly: true) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func theCheckIsSealedAndAnyChangeBreaksTheSeal() throws {
        let scratch = try ScratchDirectory()
        let path = try storeWithRuns(scratch)
        #expect(!CheckSeal(store: path).isCurrent)
        do {
            let store = try RunStore(path: path)
            #expect(CheckSeal(store: path).isCurrent)
            _ = try store.begin(simulateStart(started: day(5)))
            #expect(!CheckSeal(store: path).isCurrent)
        }
        // Bytes changed behind SQLite's back change the file's state too.
        try checkpoint(path)
        _ = try RunStore(path: path, readOnly: true)
        #expect(CheckSeal(store: path).isCurrent)
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: 4096 + 200)
        try handle.write(contentsOf: Data([0x42]))
        try handle.close()
        #expect(!CheckSeal(store: path).isCurrent)
    }

    @Test func aReadOnlyOpeningReadsAndNeverWrites() throws {
        let scratch = try ScratchDirectory()
        let path = try storeWithRuns(scratch)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let store = try RunStore(path: path, createIfMissing: false, readOnly: true)
        #expect(try store.list().count == 3)
        #expect(try store.export(id: RunID(rawValue: 2), format: .csv).contains("cutoff"))
        #expect(throws: RunStoreError.self) { try store.begin(simulateStart(started: day(9))) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(throws: RunStoreError.missing(path: scratch.path("none.sqlite"))) {
            try RunStore(path: scratch.path("none.sqlite"), readOnly: true)
        }
    }

    @Test func aFullDiskIsACannotWriteError() throws {
        let scratch = try ScratchDirectory()
        let queue = try DatabaseQueue(path: scratch.path("small.sqlite"))
        let error = try #require(throws: DatabaseError.self) {
            try queue.write { db in
                try db.execute(sql: "PRAGMA max_page_count = 3; CREATE TABLE t (x TEXT)")
                for _ in 0..<100 { try db.execute(sql: "INSERT INTO t VALUES (?)", arguments: [String(repeating: "x", count: 4000)]) }
            }
        }
        #expect(error.resultCode == .SQLITE_FULL)
        #expect(RunStoreError(error, path: "s.sqlite") == .cannotWrite(path: "s.sqlite", reason: "the disk is full"))
    }

    @Test func aRunCanBeFinishedInterruptedAndIdsSurviveTheV3Migration() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("v2.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try StoreSchema.migrator.migrate(queue, upTo: "v2")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO run (id, command, arguments, version, started, status) VALUES
                        (1, 'simulate', '[]', '0.1.0', '2024-01-01T00:00:00.000Z', 'complete'),
                        (7, 'simulate', '[]', '0.1.0', '2024-01-02T00:00:00.000Z', 'failed');
                    INSERT INTO run_edition VALUES (7, 0, 'tianjin/2018', 'abc');
                    """)
            }
        }
        let store = try RunStore(path: path)
        #expect(try store.list().map(\.id.rawValue) == [1, 7])
        #expect(try store.run(id: RunID(rawValue: 7)).record.start.editions.map(\.id) == ["tianjin/2018"])
        let id = try store.begin(simulateStart(started: day(3)))
        #expect(id.rawValue == 8)
        try store.finish(id, status: .interrupted, note: "stopped by SIGINT")
        let record = try store.run(id: id).record
        #expect(record.status == .interrupted && record.start.note == "stopped by SIGINT")
        #expect(throws: RunStoreError.runFinished(path: path, id: id, status: .interrupted)) { try store.finish(id, status: .complete) }
        #expect(try store.integrityCheck() == ["ok"])
    }
}

/// Property: whatever moment a writer is killed at, over any sequence of record/kill/reopen,
/// every run it announced complete is there, complete and whole, and the file stays sound.
@Suite(.serialized) struct RunStoreKillPropertyTests {
    @Test(arguments: [1, 2, 3]) func completedRunsSurviveAnySequenceOfKills(seed: UInt64) throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("jifen.sqlite")
        var random = RandomProfiles(seed: seed)
        var completed: [Int64: Int] = [:]
        for round in 0..<6 {
            let child = try WriterChild(["sequence", path, "\(seed * 100 + UInt64(round))"])
            // Let it finish 0–3 runs, then kill it at a random instant within its next run.
            let wanted = random.int(0...3)
            var seen = 0
            while seen < wanted, let line = child.nextLine() {
                let parts = line.split(separator: " ")
                guard parts.count == 3, parts[0] == "complete", let id = Int64(parts[1]), let points = Int(parts[2]) else { continue }
                completed[id] = points
                seen += 1
            }
            usleep(UInt32(random.int(0...30_000)))
            kill(child.process.processIdentifier, SIGKILL)
            child.process.waitUntilExit()
            // Lines written before the kill may still be in the pipe.
            while let line = child.nextLine() {
                let parts = line.split(separator: " ")
                if parts.count == 3, parts[0] == "complete", let id = Int64(parts[1]), let points = Int(parts[2]) { completed[id] = points }
            }

            let store = try RunStore(path: path)
            #expect(try store.integrityCheck() == ["ok"])
            for (id, points) in completed {
                let run = try store.run(id: RunID(rawValue: id))
                #expect(run.record.status == .complete, "run \(id) after round \(round)")
                #expect(run.series.reduce(0) { $0 + $1.points.count } == points)
                #expect(run.series.allSatisfy { s in s.points.enumerated().allSatisfy { $0.element.value == Double(id * 1000 + Int64($0.offset)) } })
                #expect(run.documents == [RunDocument(name: "summary", json: "{\"points\": \(points)}")])
            }
            #expect(try store.list(filter: RunFilter(status: .running)).isEmpty)
        }
        #expect(!completed.isEmpty)
    }
}
