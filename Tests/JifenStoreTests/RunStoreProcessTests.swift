import Foundation
import Testing

@testable import JifenStore
import JifenTestSupport

func writerExecutable() throws -> URL { try Fixtures.builtExecutable("jifen-store-writer") }

/// A running writer child whose stdout is read line by line.
final class WriterChild {
    let process = Process()
    private let output = Pipe()
    private var pending = Data()

    init(_ arguments: [String]) throws {
        process.executableURL = try writerExecutable()
        process.arguments = arguments
        process.standardOutput = output
        try process.run()
        // A stuck child must fail the test, not hang it.
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + 120) { [process] in
            if process.isRunning { kill(pid, SIGKILL) }
        }
    }

    /// The next line of output, or nil at end of output.
    func nextLine() -> String? {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending = Data(pending[(newline + 1)...])
                return line
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { return nil }
            pending.append(chunk)
        }
    }
}

@Suite(.serialized) struct RunStoreProcessTests {
    @Test func killedWriterLeavesASoundFileAndAnIncompleteRun() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("jifen.sqlite")
        let child = try WriterChild(["slow", path])
        let begun = try #require(child.nextLine())
        let id = try #require(begun.hasPrefix("begun ") ? RunID(String(begun.dropFirst(6))) : nil)
        var announced = -1
        while announced < 5, let line = child.nextLine(), line.hasPrefix("recorded ") {
            announced = Int(line.dropFirst(9)) ?? announced
        }
        try #require(announced >= 5)
        // While the writer lives, its run is running.
        #expect(try RunStore(path: path).run(id: id).record.status == .running)

        kill(child.process.processIdentifier, SIGKILL)
        child.process.waitUntilExit()
        #expect(child.process.terminationReason == .uncaughtSignal)
        #expect(child.process.terminationStatus == SIGKILL)

        let store = try RunStore(path: path)
        #expect(try store.integrityCheck() == ["ok"])
        let stored = try store.run(id: id)
        #expect(stored.record.status == .incomplete)
        #expect(stored.record.finished == nil)
        #expect(stored.record.processID == child.process.processIdentifier)
        #expect(try store.list(filter: RunFilter(status: .incomplete)).map(\.id) == [id])
        // Step n replaced the series with points 0...n in one transaction: whatever committed last
        // is whole, and at least the announced step committed.
        let points = try #require(stored.series.first { $0.name == "step" }?.points)
        #expect(points.count >= announced + 1)
        #expect(points == (0..<points.count).map { SeriesPoint(index: $0, value: Double($0)) })
    }

    @Test func twoWriterProcessesBothSucceed() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("jifen.sqlite")
        // Both start on a file that does not exist yet, so they also race to create and migrate it.
        let children = try [WriterChild(["burst", path, "40"]), WriterChild(["burst", path, "40"])]
        for child in children {
            #expect(child.nextLine() == "done 40")
            child.process.waitUntilExit()
            #expect(child.process.terminationStatus == 0)
        }
        let store = try RunStore(path: path)
        let runs = try store.list()
        #expect(runs.count == 80)
        #expect(Set(runs.map(\.id)).count == 80)
        #expect(runs.allSatisfy { $0.status == .complete })
        #expect(try store.integrityCheck() == ["ok"])
    }

    @Test func twoStoresInThreadsBothSucceed() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("jifen.sqlite")
        let failures = NSLock()
        nonisolated(unsafe) var errors: [String] = []
        DispatchQueue.concurrentPerform(iterations: 2) { writer in
            do {
                let store = try RunStore(path: path)
                for run in 0..<30 {
                    let id = try store.begin(simulateStart(started: day(run)))
                    try store.record(
                        series: RunSeries(name: "writer \(writer)", points: [SeriesPoint(index: 0, value: Double(run))]),
                        for: id)
                    try store.finish(id, status: .complete)
                }
            } catch {
                failures.withLock { errors.append("\(error)") }
            }
        }
        #expect(errors.isEmpty)
        let runs = try RunStore(path: path).list()
        #expect(runs.count == 60)
        #expect(runs.allSatisfy { $0.status == .complete })
    }
}
