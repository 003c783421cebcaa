import ArgumentParser
import Foundation
import JifenAnalyses
import JifenPolicy
import JifenStore

/// `jifen runs …`: what the run store holds, and whether a run still reproduces.
struct Runs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "Recorded simulate, quota-curve, calibrate, whatif (pool) and sensitivity runs: list, show, export, re-run.",
        discussion: "Example: jifen runs list --command simulate --since 2024-05-01 && jifen runs rerun 3",
        subcommands: [RunsList.self, RunsShow.self, RunsExport.self, RunsRerun.self])
}

struct RunsList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Recorded runs, oldest first.",
        discussion: "Example: jifen runs list --edition tianjin/2018 --since 2024-05-01 --format csv")
    @OptionGroup var store: StoreLocation
    @Option(help: "Only runs of this command, e.g. simulate.") var command: String?
    @Option(help: "Only runs that used this edition, e.g. tianjin/2018.") var edition: String?
    @Option(help: "Only runs started on or after DATE (YYYY-MM-DD, UTC) or a UTC time 2024-05-01T08:30:00Z.") var since: String?
    @Option(help: "Only runs started on or before DATE (the whole day, UTC), or before a UTC time.") var until: String?
    @Option(help: "text, json or csv") var format: OutputFormat = .text

    func run() throws {
        let filter = RunFilter(command: command, edition: edition,
                               startedFrom: try since.map { try RunTime.instant($0, option: "--since", endOfDay: false) },
                               startedBefore: try until.map { try RunTime.instant($0, option: "--until", endOfDay: true) })
        let opened = try store.open(createIfMissing: false, readOnly: true)
        let records = try storeCall { () throws(RunStoreError) in try opened.list(filter: filter) }
        switch format {
        case .json:
            try emit(JSON.array(records.map(\.json)).serialized() + "\n")
        case .csv:
            var out = CSV.row(["id", "command", "status", "started", "finished", "editions", "seed", "generator", "version", "arguments"])
            for r in records {
                out += CSV.row([r.id.description, r.start.command, r.status.rawValue, RunTime.text(r.start.started),
                                r.finished.map(RunTime.text) ?? "", r.start.editions.map(\.id).joined(separator: " "),
                                r.start.seed.map(String.init) ?? "", r.start.generator ?? "", r.start.version,
                                r.start.arguments.map(shellQuoted).joined(separator: " ")])
            }
            try emit(out)
        case .text:
            guard !records.isEmpty else {
                try emit("No runs in \(store.path)\(command != nil || edition != nil || since != nil || until != nil ? " match" : "").\n")
                return
            }
            var t = TextTable(["id", "started (UTC)", "command", "status", "editions", "seed", "arguments"], rightAligned: [0, 5])
            for r in records {
                t.add([r.id.description, String(RunTime.text(r.start.started).prefix(19)).replacingOccurrences(of: "T", with: " "),
                       r.start.command, r.status.rawValue, r.start.editions.map(\.id).joined(separator: ", "),
                       r.start.seed.map(String.init) ?? "—", r.start.arguments.map(shellQuoted).joined(separator: " ")])
            }
            try emit(t.render())
        }
    }
}

struct RunsShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Everything recorded for one run: command line, seed, hashes, times, results.",
        discussion: "Example: jifen runs show 3   (--format json gives the same object as runs export --format json)")
    @OptionGroup var reference: StoredRunReference
    @Option(help: "text or json") var format: OutputFormat = .text

    func run() throws {
        switch format {
        case .json: try emit(try reference.export(.json))
        case .text: try emit(RunsShow.text(try reference.load(), path: reference.store.path))
        case .csv: throw ValidationError("runs show prints text or json; use runs export for CSV")
        }
    }

    static func text(_ stored: StoredRun, path: String) -> String {
        let r = stored.record, s = r.start
        var out = "run \(r.id) in \(path) · \(s.command) · \(r.status.rawValue)\n\n"
        var t = TextTable(["", ""])
        t.add(["command line", (["jifen", s.command] + s.arguments).map(shellQuoted).joined(separator: " ")])
        t.add(["seed", s.seed.map(String.init) ?? "—"])
        t.add(["generator", s.generator ?? "—"])
        for e in s.editions { t.add(["rule book \(e.id)", "sha256 \(e.hash)"]) }
        t.add(["pool model", s.populationHash.map { "sha256 \($0)" } ?? "—"])
        t.add(["reform", s.reformHash.map { "sha256 \($0)" } ?? "—"])
        t.add(["jifen version", s.version])
        t.add(["started (UTC)", RunTime.text(s.started)])
        t.add(["finished (UTC)", r.finished.map { RunTime.text($0) + "  (" + fmt(($0.timeIntervalSince(s.started) * 1000).rounded() / 1000) + " s)" } ?? "—"])
        t.add(["writer", [r.processID.map { "process \($0)" }, r.host.map { "on \($0)" }].compactMap { $0 }.joined(separator: " ")])
        if let note = s.note { t.add(["note", note]) }
        t.add(["sampled pool", r.sampledPoolRows.map { "\($0) applicants (runs export --format json)" } ?? "none"])
        // The table's header row is blank: drop it and its rule.
        out += t.render().split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2).joined(separator: "\n")
        for d in stored.documents {
            out += "\ndocument \(d.name)\n" + JSONOutline.text(d.json) + "\n"
        }
        for series in stored.series {
            out += "\nseries \(series.name) · \(series.points.count) points\n"
            var table = TextTable(["index", "x", "value", "lo", "hi"], rightAligned: [0, 1, 2, 3, 4])
            let shown = 12
            for p in series.points.prefix(shown) {
                table.add([String(p.index), fmt(p.x), p.value.isNaN ? "—" : fmt(p.value), fmt(p.lo), fmt(p.hi)])
            }
            out += table.render()
            if series.points.count > shown { out += "… \(series.points.count - shown) more: jifen runs export \(r.id) --output FILE\n" }
        }
        return out
    }
}

struct RunsExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "One run for pandas: its series as CSV, or the whole run as JSON.",
        discussion: """
        CSV header: run_id,series,index,x,value,lo,hi (empty field: no number).
        Example: jifen runs export 3 --output run3.csv   then pandas.read_csv("run3.csv")
        """)
    @OptionGroup var reference: StoredRunReference
    @Option(help: "File to write (default: stdout).") var output: String?
    @Option(help: "csv or json") var format: ExportFormat = .csv

    enum ExportFormat: String, ExpressibleByArgument, CaseIterable { case csv, json }

    func run() throws {
        try OutputPaths.check([("--output", output)], inputs: [], store: reference.store.path)
        try emit(try reference.export(format == .csv ? .csv : .json), to: output)
    }
}

struct RunsRerun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rerun", abstract: "Run a recorded run again (without recording it) and compare its results byte for byte.",
        discussion: """
        Relative paths in the stored arguments are read from the current directory. Exit status 0 when
        every result is identical, 1 when something differs (each difference is named, with the
        inputs whose hashes changed since the run).
        Example: jifen runs rerun 3
        """)
    @OptionGroup var reference: StoredRunReference
    @Option(help: "text or json") var format: OutputFormat = .text

    func run() throws {
        let stored = try reference.load()
        let runID = stored.record.id
        guard stored.record.status == .complete else {
            throw ValidationError("run \(runID)'s status is \(stored.record.status.rawValue), so it has no complete results to compare")
        }
        let start = stored.record.start
        var command: ParsableCommand
        do {
            command = try Jifen.parseAsRoot([start.command] + start.arguments)
        } catch {
            throw ValidationError("run \(runID)'s arguments no longer parse: \(Jifen.message(for: error))")
        }
        let capture = RunCapture()
        try RunCapture.$current.withValue(capture) { try command.run() }
        guard let again = capture.run else {
            throw ValidationError("\(start.command) does not record its runs, so run \(runID) cannot be re-run")
        }
        let reproduction = Reproduction(stored: stored, start: again.start, results: again.results)
        switch format {
        case .json:
            try emit(JSON.object([
                ("run_id", .number(Double(runID.rawValue))), ("identical", .bool(reproduction.identical)),
                ("input_changes", .array(reproduction.inputChanges.map(JSON.string))),
                ("differences", .array(reproduction.differences.map(JSON.string))),
            ]).serialized() + "\n")
        default:
            try emit(reproduction.text(runID))
        }
        if !reproduction.identical { throw ExitCode(1) }
    }
}

/// `ID [--db PATH]`: one run of an existing store.
struct StoredRunReference: ParsableArguments {
    @OptionGroup var store: StoreLocation
    @Argument(help: "Run id, as runs list prints it.") var id: String

    func load() throws -> StoredRun {
        let (opened, runID) = try open()
        return try storeCall { () throws(RunStoreError) in try opened.run(id: runID) }
    }

    func export(_ format: RunExportFormat) throws -> String {
        let (opened, runID) = try open()
        return try storeCall { () throws(RunStoreError) in try opened.export(id: runID, format: format) }
    }

    private func open() throws -> (RunStore, RunID) {
        let runID = try RunTime.id(id)
        return (try store.open(createIfMissing: false, readOnly: true), runID)
    }
}

/// A stored run set against the same command run again today: which inputs' hashes moved since,
/// and which results differ.
struct Reproduction {
    /// One sentence per input whose content hash (or the jifen version) differs.
    var inputChanges: [String] = []
    /// One sentence per document, series or sampled pool that is not byte-identical.
    var differences: [String] = []

    /// Whether every result is identical.
    var identical: Bool { differences.isEmpty }

    init(stored: StoredRun, start: RunStart, results: RunResults) {
        let before = stored.record.start
        for e in before.editions {
            guard let now = start.editions.first(where: { $0.id == e.id }) else {
                inputChanges.append("the run used rule book \(e.id); the re-run did not")
                continue
            }
            if now.hash != e.hash {
                inputChanges.append("rule book \(e.id) changed since the run (sha256 \(e.hash.prefix(12))… then, \(now.hash.prefix(12))… now)")
            }
        }
        for e in start.editions where !before.editions.contains(where: { $0.id == e.id }) {
            inputChanges.append("the re-run used rule book \(e.id), which the run did not")
        }
        Self.compare("pool model", before.populationHash, start.populationHash, into: &inputChanges)
        Self.compare("reform", before.reformHash, start.reformHash, into: &inputChanges)
        if before.version != start.version {
            inputChanges.append("the run was made by jifen \(before.version); this is jifen \(start.version)")
        }

        let documents = Dictionary(results.documents.map { ($0.name, $0.json) }, uniquingKeysWith: { $1 })
        for d in stored.documents {
            guard let now = documents[d.name] else { differences.append("document \(d.name) was not produced again"); continue }
            if now != d.json {
                let keys = Self.differingKeys(d.json, now)
                differences.append("document \(d.name) differs" + (keys.isEmpty ? "" : " in " + keys.joined(separator: ", ")))
            }
        }
        for d in results.documents where !stored.documents.contains(where: { $0.name == d.name }) {
            differences.append("document \(d.name) is new in the re-run")
        }
        let series = Dictionary(results.series.map { ($0.name, $0.points) }, uniquingKeysWith: { $1 })
        for s in stored.series {
            guard let now = series[s.name] else { differences.append("series \(s.name) was not produced again"); continue }
            // Points are compared exactly; the store keeps 8-byte doubles, so equal runs give equal bits.
            let changed = zip(s.points, now).filter { $0 != $1 }
            if s.points.count != now.count {
                differences.append("series \(s.name) has \(now.count) points, the run had \(s.points.count)")
            } else if let (was, is_) = changed.first {
                differences.append("series \(s.name): \(changed.count) of \(now.count) points differ (first at index \(was.index): \(Self.number(was.value)) then, \(Self.number(is_.value)) now)")
            }
        }
        for s in results.series where !stored.series.contains(where: { $0.name == s.name }) {
            differences.append("series \(s.name) is new in the re-run")
        }
        if stored.sampledPool != results.sampledPool {
            differences.append(stored.sampledPool == nil || results.sampledPool == nil
                ? "the sampled pool was stored for only one of the two runs" : "the sampled pool differs")
        }
    }

    func text(_ id: RunID) -> String {
        var out = identical ? "identical: every result of run \(id) was reproduced byte for byte.\n"
                            : "different: run \(id) was not reproduced.\n"
        for d in differences { out += "  - \(d)\n" }
        if !inputChanges.isEmpty {
            out += identical ? "Inputs changed since the run, without changing these results:\n" : "Why: inputs changed since the run:\n"
            for c in inputChanges { out += "  - \(c)\n" }
        } else if !identical {
            out += "Why: every input has the hash it had; the difference comes from the program or the platform.\n"
        }
        return out
    }

    private static func compare(_ what: String, _ then: String?, _ now: String?, into out: inout [String]) {
        switch (then, now) {
        case let (a?, b?) where a != b:
            out.append("the \(what) changed since the run (sha256 \(a.prefix(12))… then, \(b.prefix(12))… now)")
        case (_?, nil): out.append("the run used a \(what); the re-run did not")
        case (nil, _?): out.append("the re-run used a \(what); the run did not")
        default: break
        }
    }

    private static func number(_ d: Double) -> String { d.isNaN ? "none" : fmt(d) }

    /// Top-level keys of two JSON objects whose values differ, to say where a document changed.
    private static func differingKeys(_ a: String, _ b: String) -> [String] {
        func object(_ text: String) -> [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
        }
        func canonical(_ value: Any?) -> Data? {
            value.flatMap { try? JSONSerialization.data(withJSONObject: [$0], options: [.sortedKeys]) }
        }
        guard let x = object(a), let y = object(b) else { return [] }
        return Set(x.keys).union(y.keys).sorted().filter { canonical(x[$0]) != canonical(y[$0]) }
    }
}

/// Run ids and instants as the runs commands read and print them (UTC, milliseconds).
enum RunTime {
    static func id(_ text: String) throws -> RunID {
        guard let id = RunID(text) else { throw ValidationError("a run id is a positive whole number, as runs list prints it; got '\(text)'") }
        return id
    }

    static func text(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }

    /// A date (a whole UTC day: its start, or with `endOfDay` the start of the next) or a UTC time.
    static func instant(_ text: String, option: String, endOfDay: Bool) throws -> Date {
        if let day = Day(text) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            if let start = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) {
                return endOfDay ? start.addingTimeInterval(86_400) : start
            }
        }
        let f = ISO8601DateFormatter()
        if let date = f.date(from: text) { return date }
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = f.date(from: text) { return date }
        throw ValidationError("\(option) takes a date YYYY-MM-DD or a UTC time like 2024-05-01T08:30:00Z; got '\(text)'")
    }
}

extension RunRecord {
    /// The record as `runs list --format json` prints it.
    var json: JSON {
        .object([
            ("id", .number(Double(id.rawValue))), ("command", .string(start.command)),
            ("arguments", .array(start.arguments.map(JSON.string))), ("status", .string(status.rawValue)),
            ("started", .string(RunTime.text(start.started))), ("finished", .optional(finished.map(RunTime.text))),
            ("editions", .array(start.editions.map { .object([("id", .string($0.id)), ("hash", .string($0.hash))]) })),
            ("seed", start.seed.map { .number(Double($0)) } ?? .null), ("generator", .optional(start.generator)),
            ("population_hash", .optional(start.populationHash)), ("reform_hash", .optional(start.reformHash)),
            ("version", .string(start.version)), ("sampled_pool_rows", sampledPoolRows.map { .number(Double($0)) } ?? .null),
        ])
    }
}

/// An argument as a POSIX shell reads it back: bare when safe, else single-quoted.
func shellQuoted(_ argument: String) -> String {
    let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=,+@%")
    if !argument.isEmpty && argument.allSatisfy(safe.contains) { return argument }
    return "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

/// Compact JSON laid out with two-space indents, keys in their stored order.
func indentedJSON(_ text: String) -> String {
    var out = "", depth = 1, inString = false, escaped = false
    func newline() { out += "\n" + String(repeating: "  ", count: depth) }
    out += "  "
    let characters = Array(text)
    var i = 0
    while i < characters.count {
        let c = characters[i]
        i += 1
        if inString {
            out.append(c)
            if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
            continue
        }
        switch c {
        case "\"": inString = true; out.append(c)
        case "{", "[":
            // An empty object or array stays on its line.
            if i < characters.count, characters[i] == (c == "{" ? "}" : "]") {
                out.append(c); out.append(characters[i]); i += 1
            } else {
                depth += 1; out.append(c); newline()
            }
        case "}", "]": depth -= 1; newline(); out.append(c)
        case ",": out.append(c); newline()
        case ":": out += ": "
        case " ", "\n", "\t", "\r": break
        default: out.append(c)
        }
    }
    return out
}
