// A child process for JifenStore's tests: it writes runs into a store so that tests can kill it
// mid-run (`slow`), race two writers against one file (`burst`), or kill it anywhere in an endless
// sequence of runs of seeded random sizes (`sequence`). Not shipped to users.
import Foundation
import JifenStore

func say(_ line: String) {
    // Unbuffered, so a test reading the pipe sees each line as soon as its write has committed.
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(1)
}

let usage = "usage: jifen-store-writer slow DB | burst DB RUNS | sequence DB SEED"
let arguments = CommandLine.arguments.dropFirst()
guard arguments.count >= 2, let mode = arguments.first else { fail(usage) }
let path = arguments[arguments.startIndex + 1]

func start(_ label: String) -> RunStart {
    RunStart(
        command: "simulate", arguments: ["--edition", "tianjin/2018", "--label", label], seed: 7,
        generator: "mt19937", editions: [RunEdition(id: "tianjin/2018", hash: "0123456789abcdef")],
        version: "test")
}

do {
    let store = try RunStore(path: path)
    switch mode {
    case "slow":
        // Commits one series every 20 ms and announces it; never finishes within a test's patience.
        let id = try store.begin(start("slow"))
        say("begun \(id)")
        for step in 0..<100_000 {
            try store.record(
                series: RunSeries(name: "step", points: (0...step).map { SeriesPoint(index: $0, value: Double($0)) }),
                for: id)
            say("recorded \(step)")
            Thread.sleep(forTimeInterval: 0.02)
        }
        try store.finish(id, status: .complete)
    case "burst":
        guard arguments.count == 3, let runs = Int(arguments[arguments.startIndex + 2]) else { fail(usage) }
        for run in 0..<runs {
            let id = try store.begin(start("burst \(run)"))
            try store.record(
                series: RunSeries(name: "cutoff", points: (0..<20).map { SeriesPoint(index: $0, value: Double($0)) }),
                for: id)
            try store.record(document: RunDocument(name: "summary", json: "{\"run\": \(run)}"), for: id)
            try store.finish(id, status: .complete)
        }
        say("done \(runs)")
    case "sequence":
        // Run after run, each with 1–3 series of 1–400 points whose values derive from the run id,
        // announcing "complete ID POINTS" once a run is finished; runs until killed.
        guard arguments.count == 3, var state = UInt64(arguments[arguments.startIndex + 2]) else { fail(usage) }
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        while true {
            let id = try store.begin(start("sequence"))
            var total = 0
            for s in 0...next(3) {
                let count = 1 + next(400)
                total += count
                try store.record(
                    series: RunSeries(name: "s\(s)", points: (0..<count).map { SeriesPoint(index: $0, value: Double(id.rawValue * 1000 + Int64($0))) }),
                    for: id)
            }
            try store.record(document: RunDocument(name: "summary", json: "{\"points\": \(total)}"), for: id)
            try store.finish(id, status: .complete)
            say("complete \(id) \(total)")
        }
    default:
        fail(usage)
    }
} catch {
    fail("\(error)")
}
