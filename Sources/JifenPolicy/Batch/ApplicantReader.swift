import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An applicant CSV read as a stream: cut into chunks of whole rows, each chunk decoded
/// straight into the compiled edition's feature columns and passed to `work` on one of several workers,
/// and the results handed on in file order. Memory holds a few chunks at a time, whatever
/// the length of the file: the duplicate-id check keeps at most 8 MB of fingerprints in memory
/// and spills the rest, sorted, to a temporary file.
///
/// Rows are checked as strictly as profile files, by the same field checks and with the same
/// messages; the first bad row in file order stops the read with one sentence naming its line.
public struct ApplicantReader: Sendable {
    let file: String
    let compiled: CompiledEdition
    let columns: ApplicantColumns
    /// A fresh stream of the file's bytes (the first read, and a second look to confirm a duplicate id).
    let open: @Sendable () throws(InputError) -> CSVChunker.Source
    let chunkBytes: Int
    /// The bound of the in-memory duplicate-id table, in slots, and the fingerprints per sorted
    /// run past it (small in tests, to take the spill path on a short file).
    var idTableSlots = IDFingerprints.defaultMaxSlots
    var spillRunEntries = SpilledFingerprints.defaultRunEntries

    /// The chunk size used unless a caller chooses another: large enough that per-chunk work is
    /// noise, small enough that a few chunks per worker stay in cache and memory.
    public static let defaultChunkBytes = 1 << 20

    /// Opens the CSV file at `path` (named `display` in messages) and checks its header.
    public init(path: String, display: String? = nil, compiled: CompiledEdition, asOf: Day, today: Day = .today,
                chunkBytes: Int = defaultChunkBytes) throws {
        let name = display ?? path
        try self.init(file: name, compiled: compiled, asOf: asOf, today: today, chunkBytes: chunkBytes) { () throws(InputError) in
            let fd = try Self.openFile(path, name: name)
            let descriptor = FileDescriptor(fd)
            let read = FileSource.reader(fd: fd, file: name)
            return { (p, n) throws(InputError) in
                _ = descriptor
                return try read(p, n)
            }
        }
    }

    /// Reads CSV text held in memory (tests, and callers that already have the bytes).
    public init(bytes: [UInt8], file: String, compiled: CompiledEdition, asOf: Day, today: Day = .today,
                chunkBytes: Int = defaultChunkBytes) throws {
        try self.init(file: file, compiled: compiled, asOf: asOf, today: today, chunkBytes: chunkBytes) { () throws(InputError) in
            let cursor = ByteCursor(bytes)
            return { (p, n) throws(InputError) in cursor.read(into: p, count: n) }
        }
    }

    init(file: String, compiled: CompiledEdition, asOf: Day, today: Day, chunkBytes: Int,
         open: @escaping @Sendable () throws(InputError) -> CSVChunker.Source) throws {
        self.file = file
        self.compiled = compiled
        self.open = open
        self.chunkBytes = chunkBytes
        let (names, line) = try Self.header(file: file, open: open)
        columns = try ApplicantColumns(header: try ApplicantHeader(names, file: file, line: line), compiled: compiled, file: file,
                                       line: line, asOf: asOf, today: today)
    }

    /// Refuses a `places.<id>.…` column whose place is outside `known` (the place ids the rule
    /// books know), as the profile decoder does: a misspelt place would be read as one no rule counts.
    public func checkPlaces(known: Set<String>) throws {
        let header = columns.header
        for name in header.columns where name.hasPrefix("places.") {
            let id = String(name.split(separator: ".", maxSplits: 2).dropFirst().first ?? "")
            if let error = Profile.unknownPlace(id, known, file: file, line: header.line, key: "places.\(id)") { throw error }
        }
    }

    /// The column that dates a file's applicants: `simulate --export-pool` writes the date its
    /// ages and dates were computed for, so that reading the file back uses the same one.
    public static let dateColumn = "as_of"

    /// The date in the first applicant row's `as_of` column, if the file has one: the evaluation
    /// date to use when none is given (every row is then checked against it).
    public static func fileDate(path: String, display: String? = nil) throws -> Day? {
        let name = display ?? path
        let fd = try openFile(path, name: name)
        let descriptor = FileDescriptor(fd)
        var chunker = CSVChunker(file: name, target: 1 << 16, read: FileSource.reader(fd: fd, file: name))
        defer { _ = descriptor }
        guard var first = try chunker.next() else { return nil }
        try checkUTF8(first, file: name)
        return try first.withUnsafeMutableBytes { b throws -> Day? in
            var reader = CSVRowReader(b, file: name)
            guard try reader.next() != nil else { return nil }
            let names = (0..<reader.fieldCount).map { String(decoding: reader.bytes($0), as: UTF8.self) }
            guard let c = names.firstIndex(of: dateColumn), let line = try reader.next(), c < reader.fieldCount else { return nil }
            let text = String(decoding: reader.bytes(c), as: UTF8.self)
            guard let day = Day(text) else {
                throw InputError(file: name, line: line, key: dateColumn, "expected a date YYYY-MM-DD, found \(excerpt(text))")
            }
            return day
        }
    }

    /// Opens a regular file for reading. A pipe or device is refused: the file is read more than
    /// once (its header, its rows, and again to confirm a duplicate id), and a pipe read twice
    /// would silently lose the bytes the first read took.
    static func openFile(_ path: String, name: String) throws(InputError) -> Int32 {
        // Non-blocking, so that opening a pipe with no writer does not wait (no effect on files).
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw InputError(file: name, "cannot read the file (does it exist?)") }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw InputError(file: name, "is not a regular file; applicants are read from a file (it is read more than once), not a pipe or device")
        }
        return fd
    }

    /// The header row's fields and line.
    static func header(file: String, open: () throws(InputError) -> CSVChunker.Source) throws -> ([String], Int) {
        var chunker = CSVChunker(file: file, target: 1 << 16, read: try open())
        guard var first = try chunker.next() else { throw InputError(file: file, "the file is empty; expected a header row") }
        try checkUTF8(first, file: file)
        return try first.withUnsafeMutableBytes { b in
            var reader = CSVRowReader(b, file: file)
            guard let line = try reader.next() else { throw InputError(file: file, "the file is empty; expected a header row") }
            return ((0..<reader.fieldCount).map { String(decoding: reader.bytes($0), as: UTF8.self) }, line)
        }
    }

    static func checkUTF8(_ bytes: [UInt8], file: String) throws(InputError) {
        var high: UInt8 = 0
        for b in bytes { high |= b }
        if high >= 0x80, String(validating: bytes, as: UTF8.self) == nil { throw InputError(file: file, "is not UTF-8 text") }
    }

    /// Reads every applicant: `work` runs on each decoded chunk on one of `threads` workers, and
    /// `deliver` gets the results on the calling thread in file order. Returns the number of
    /// applicants. A file with a header and no applicants is an error.
    ///
    /// The calling thread cuts the file into chunks and takes the results back in order while the
    /// workers decode: a few chunks are in flight at a time, each decoded as soon as a worker is free.
    @discardableResult
    public func read<Result: Sendable>(threads: Int, work: @escaping @Sendable (ApplicantChunk) throws -> Result,
                                       deliver: (Result) throws -> Void) throws -> Int {
        var chunker = CSVChunker(file: file, target: chunkBytes, read: try open())
        var ids = IDFingerprints(maxSlots: idTableSlots)
        var spill: SpilledFingerprints?
        var nextLine = 1, rows = 0
        let workers = max(1, threads)
        let (file, columns, compiled) = (file, columns, compiled)
        let pipeline = ChunkPipeline<[UInt8], Swift.Result<(ApplicantChunk.Trace, Result), Error>>(limit: 2 * workers + 2)
        pipeline.start(workers: workers) { bytes in
            Swift.Result {
                try Self.checkUTF8(bytes, file: file)
                let chunk = try bytes.withUnsafeMutableBytes { b in try columns.decode(b, compiled: compiled) }
                return (chunk.trace, try work(chunk))
            }
        }
        defer { pipeline.close() }
        var cutting = true, header = true
        var cutError: InputError?
        while true {
            // A result that is ready goes first (it makes room); then the next chunk is cut.
            let ready = pipeline.inFlight > 0 ? pipeline.next(wait: false) : nil
            if ready == nil, cutting, pipeline.hasRoom {
                var cut: [UInt8]?
                do throws(InputError) {
                    cut = try chunker.next()
                } catch {
                    cutError = error
                }
                guard var chunk = cut else {
                    cutting = false
                    continue
                }
                if header {
                    // The header row is not an applicant: the first chunk starts after it.
                    nextLine = 1 + (try Self.afterHeader(&chunk, file: file))
                    header = false
                }
                pipeline.submit(chunk)
                continue
            }
            guard let result = ready ?? (pipeline.inFlight > 0 ? pipeline.next(wait: true) : nil) else { break }
            let (trace, value): (ApplicantChunk.Trace, Result)
            do {
                (trace, value) = try result.get()
            } catch var e as InputError {
                e.line = e.line.map { $0 + nextLine - 1 }
                throw e
            }
            for (k, f) in trace.fingerprints.enumerated() {
                let line = Int(trace.rowLines[k]) + nextLine - 1
                if ids.isFull {
                    if spill == nil { spill = try SpilledFingerprints(file: file, runEntries: spillRunEntries) }
                    try spill?.append(f, line: line)
                    guard ids.contains(f) else { continue }
                } else if ids.insert(f) {
                    continue
                }
                if let id = try duplicate(of: trace.ids[k], before: line) {
                    // A repeat among the spilled rows before this one comes first.
                    let first = try spill.flatMap { try firstRepeat(in: $0) }
                    throw ApplicantHeader.duplicateID(first?.id ?? id, file: file, line: first?.line ?? line)
                }
            }
            try deliver(value)
            rows += trace.ids.count
            nextLine += trace.lines
        }
        if var cutError {
            cutError.line = nextLine
            throw cutError
        }
        guard rows > 0 else { throw InputError(file: file, "has a header but no applicants") }
        if let spill, let first = try firstRepeat(in: spill) {
            throw ApplicantHeader.duplicateID(first.id, file: file, line: first.line)
        }
        return rows
    }

    /// Drops the header row (and blank lines before it) from the first chunk; returns the line
    /// breaks dropped.
    static func afterHeader(_ chunk: inout [UInt8], file: String) throws -> Int {
        // Reading unescapes in place, so read a copy.
        var copy = chunk
        let (end, lines) = try copy.withUnsafeMutableBytes { c in
            do {
                var reader = CSVRowReader(c, file: file)
                _ = try reader.next()
                return (reader.position, reader.linesRead)
            }
        }
        chunk.removeFirst(end)
        return lines
    }

    /// The id on an earlier line than `line` that equals `id`, read again from the file: a
    /// fingerprint match is confirmed before it is reported.
    func duplicate(of id: String, before line: Int) throws -> String? {
        let target = Array(id.utf8)
        var found = false
        try scanIDs(before: line) { _, bytes in
            found = bytes.elementsEqual(target)
            return !found
        }
        return found ? id : nil
    }

    /// The first line among the spilled rows whose id repeats an earlier spilled row's, and the
    /// id: fingerprints met more than once are confirmed against the ids read again from the
    /// file, in the order of their second lines, until no later one can come first.
    func firstRepeat(in spill: SpilledFingerprints) throws -> (id: String, line: Int)? {
        var best: (id: String, line: Int)?
        var after = 0
        while let lines = try spill.repeated(secondLineAfter: after, before: best?.line ?? .max) {
            var ids: [Int: String] = [:]
            let wanted = Set(lines)
            try scanIDs(before: lines.last! + 1) { l, bytes in
                if wanted.contains(l) { ids[l] = String(decoding: bytes, as: UTF8.self) }
                return true
            }
            for k in 1..<lines.count where lines[..<k].contains(where: { ids[$0] == ids[lines[k]] }) {
                if lines[k] < best?.line ?? .max { best = (ids[lines[k]] ?? "", lines[k]) }
                break
            }
            after = lines[1]
        }
        return best
    }

    /// Reads the file again from the start, handing `body` each applicant's line and id before
    /// line `end`, until `body` returns false.
    func scanIDs(before end: Int, _ body: (Int, UnsafeRawBufferPointer) -> Bool) throws {
        var chunker = CSVChunker(file: file, target: chunkBytes, read: try open())
        var lineBase = 0, header = true
        let idColumn = columns.header.idColumn
        while var chunk = try chunker.next() {
            let (lines, stop) = try chunk.withUnsafeMutableBytes { b -> (Int, Bool) in
                var reader = CSVRowReader(b, file: file)
                while let l = try reader.next() {
                    if header { header = false; continue }
                    if lineBase + l >= end { return (0, true) }
                    if reader.fieldCount > idColumn, !body(lineBase + l, reader.bytes(idColumn)) { return (0, true) }
                }
                return (reader.linesRead, false)
            }
            if stop { return }
            lineBase += lines
        }
    }
}

extension ApplicantChunk {
    /// What the reader keeps of a chunk after `work` has it: ids to confirm duplicates, and lines.
    struct Trace: Sendable {
        var ids: [String]
        var fingerprints: [UInt64]
        var rowLines: [Int32]
        var lines: Int
    }

    var trace: Trace { Trace(ids: ids, fingerprints: fingerprints, rowLines: rowLines, lines: lines) }
}

/// Closes a file descriptor when the last reader of it goes.
final class FileDescriptor: @unchecked Sendable {
    let fd: Int32
    init(_ fd: Int32) { self.fd = fd }
    deinit { close(fd) }
}

/// Bytes in memory read like a file.
final class ByteCursor: @unchecked Sendable {
    let bytes: [UInt8]
    var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func read(into pointer: UnsafeMutableRawPointer, count: Int) -> Int {
        let n = min(count, bytes.count - offset)
        bytes.withUnsafeBytes { b in pointer.copyMemory(from: b.baseAddress! + offset, byteCount: n) }
        offset += n
        return n
    }
}
