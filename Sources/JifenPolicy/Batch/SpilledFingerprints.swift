#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The fingerprints of the applicants that `IDFingerprints` has no room for, each with its line,
/// kept in sorted runs in an unlinked temporary file: memory holds one run and, while merging, a
/// small window of each, whatever the length of the file. Ids repeated among them are found by
/// merging the runs (fingerprints in order, each fingerprint's lines in order).
final class SpilledFingerprints {
    /// 2¹⁸ entries of 16 bytes: a 4 MB run.
    static let defaultRunEntries = 1 << 18
    /// Lines kept of one fingerprint while merging: two equal fingerprints are a repeated id but
    /// for a 64-bit collision, so the first few lines of a fingerprint settle it.
    static let linesKept = 1024

    struct Entry: Comparable {
        var fingerprint: UInt64
        var line: UInt64

        static func < (a: Entry, b: Entry) -> Bool {
            a.fingerprint != b.fingerprint ? a.fingerprint < b.fingerprint : a.line < b.line
        }
    }

    let file: String
    private let fd: Int32
    private let runEntries: Int
    private var buffer: [Entry] = []
    /// Where each sorted run lies in the temporary file, in entries.
    private var runs: [Range<Int>] = []
    private var written = 0

    /// Opens the temporary file (in `$TMPDIR`, else `/tmp`); `file` names the CSV in messages.
    init(file: String, runEntries: Int = defaultRunEntries) throws(InputError) {
        self.file = file
        self.runEntries = max(1, runEntries)
        let folder = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((folder + "/jifen-ids-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw InputError(file: file, "has too many applicants to check for duplicate ids in memory, and no temporary file can be made in \(folder) (\(String(cString: strerror(errno)))); set TMPDIR to a writable folder")
        }
        // Unlinked at once: the file goes with the process, whatever happens to the run.
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        self.fd = fd
        buffer.reserveCapacity(self.runEntries)
    }

    deinit { close(fd) }

    /// Adds an applicant's fingerprint and line (lines in increasing order).
    func append(_ fingerprint: UInt64, line: Int) throws(InputError) {
        buffer.append(Entry(fingerprint: fingerprint, line: UInt64(line)))
        if buffer.count >= runEntries { try flush() }
    }

    /// Sorts what is in memory and writes it as one more run.
    private func flush() throws(InputError) {
        guard !buffer.isEmpty else { return }
        buffer.sort()
        let stride = MemoryLayout<Entry>.stride
        let (fd, offset) = (self.fd, written * stride)
        let ok = buffer.withUnsafeBytes { b in
            var done = 0
            while done < b.count {
                let n = pwrite(fd, b.baseAddress! + done, b.count - done, off_t(offset + done))
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
        guard ok else { throw writeError() }
        runs.append(written..<written + buffer.count)
        written += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeError() -> InputError {
        InputError(file: file, "has too many applicants to check for duplicate ids in memory, and the temporary file for them cannot be written (\(String(cString: strerror(errno))))")
    }

    /// Of the fingerprints spilled more than once, the one whose second line is the smallest
    /// line after `after` and before `limit`: its lines in order (at most `linesKept`), or nil.
    func repeated(secondLineAfter after: Int, before limit: Int) throws(InputError) -> [Int]? {
        try flush()
        var merge = try RunMerge(fd: fd, runs: runs, file: file)
        var best: [Int]?
        var lines: [Int] = []
        var current: UInt64 = 0
        func close() {
            guard lines.count >= 2, lines[1] > after, lines[1] < limit, lines[1] < best?[1] ?? .max else { return }
            best = lines
        }
        while let e = try merge.next() {
            if lines.isEmpty || e.fingerprint != current {
                close()
                lines.removeAll(keepingCapacity: true)
                current = e.fingerprint
            }
            if lines.count < Self.linesKept { lines.append(Int(e.line)) }
        }
        close()
        return best
    }
}

/// The entries of several sorted runs in one order, read through a small window of each run.
private struct RunMerge {
    /// Entries read at a time from one run: 64 KB.
    static let window = 4096

    struct Cursor {
        var range: Range<Int>
        var entries: [SpilledFingerprints.Entry] = []
        var index = 0
    }

    let fd: Int32
    let file: String
    var cursors: [Cursor]
    /// A binary min-heap of cursor numbers, keyed by each cursor's current entry.
    var heap: [Int] = []

    init(fd: Int32, runs: [Range<Int>], file: String) throws(InputError) {
        self.fd = fd
        self.file = file
        cursors = runs.map { Cursor(range: $0) }
        for k in cursors.indices where try refill(k) { push(k) }
    }

    /// Reads the next window of cursor `k`; false when its run is used up.
    mutating func refill(_ k: Int) throws(InputError) -> Bool {
        let range = cursors[k].range
        let n = min(Self.window, range.count)
        guard n > 0 else { return false }
        let stride = MemoryLayout<SpilledFingerprints.Entry>.stride
        var entries = [SpilledFingerprints.Entry](repeating: .init(fingerprint: 0, line: 0), count: n)
        let fd = self.fd
        let ok = entries.withUnsafeMutableBytes { b in
            var done = 0
            while done < b.count {
                let got = pread(fd, b.baseAddress! + done, b.count - done, off_t(range.lowerBound * stride + done))
                if got < 0, errno == EINTR { continue }
                guard got > 0 else { return false }
                done += got
            }
            return true
        }
        guard ok else {
            throw InputError(file: file, "the temporary file of its applicants' fingerprints cannot be read back (\(String(cString: strerror(errno))))")
        }
        cursors[k].entries = entries
        cursors[k].index = 0
        cursors[k].range = range.lowerBound + n..<range.upperBound
        return true
    }

    func key(_ k: Int) -> SpilledFingerprints.Entry { cursors[k].entries[cursors[k].index] }

    /// The smallest entry not yet taken, or nil when every run is used up.
    mutating func next() throws(InputError) -> SpilledFingerprints.Entry? {
        guard let top = heap.first else { return nil }
        let entry = key(top)
        cursors[top].index += 1
        if cursors[top].index == cursors[top].entries.count, try !refill(top) {
            let last = heap.removeLast()
            if !heap.isEmpty { heap[0] = last }
        }
        if !heap.isEmpty { siftDown(0) }
        return entry
    }

    mutating func push(_ k: Int) {
        heap.append(k)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard key(heap[i]) < key(heap[parent]) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    mutating func siftDown(_ start: Int) {
        var i = start
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < heap.count, key(heap[l]) < key(heap[m]) { m = l }
            if r < heap.count, key(heap[r]) < key(heap[m]) { m = r }
            guard m != i else { return }
            heap.swapAt(i, m)
            i = m
        }
    }
}
