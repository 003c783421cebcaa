#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Cuts a CSV byte stream into chunks of whole rows of about `target` bytes, in bounded memory:
/// a row ends at a line break outside quotes (an even number of quotes before it). A UTF-8 byte
/// order mark at the start of the stream is dropped.
public struct CSVChunker {
    /// Reads up to `count` bytes into the pointer; 0 at the end.
    public typealias Source = (UnsafeMutableRawPointer, Int) throws(InputError) -> Int

    public let read: Source
    public let file: String
    public let target: Int
    /// The longest row accepted: a longer one is almost always a quote left open.
    public static let maxRow = 1 << 20
    private var carry: [UInt8] = []
    private var atEnd = false
    /// Whether the start of the stream has been looked at for a byte order mark.
    private var started = false

    public init(file: String, target: Int, read: @escaping Source) {
        self.file = file
        self.target = max(1, target)
        self.read = read
    }

    /// The next chunk of whole rows (the last one may end without a line break), or nil at the end.
    public mutating func next() throws(InputError) -> [UInt8]? {
        var buffer = carry
        carry = []
        while true {
            if !atEnd {
                let want = max(target - buffer.count, target / 2, 1 << 12)
                let old = buffer.count
                var got = 0
                var failure: InputError?
                // Read straight into new, uninitialised memory after the bytes kept so far.
                buffer = [UInt8](unsafeUninitializedCapacity: old + want) { b, n in
                    buffer.withUnsafeBufferPointer { kept in
                        if old > 0 { b.baseAddress!.update(from: kept.baseAddress!, count: old) }
                    }
                    do throws(InputError) { got = try read(b.baseAddress! + old, want) } catch { failure = error }
                    n = old + got
                }
                if let failure { throw failure }
                if got == 0 { atEnd = true }
            }
            if atEnd {
                dropByteOrderMark(&buffer)
                return buffer.isEmpty ? nil : buffer
            }
            if buffer.count >= target, let cut = Self.lastRowEnd(buffer) {
                carry = Array(buffer[cut...])
                buffer.removeLast(buffer.count - cut)
                dropByteOrderMark(&buffer)
                return buffer
            }
            if buffer.count > target + Self.maxRow {
                throw InputError(file: file, "a row is longer than \(Self.maxRow / 1024) KiB; is a quoted field left open?")
            }
        }
    }

    /// Drops a UTF-8 byte order mark from the first chunk: spreadsheets write one before the
    /// header, and it is not part of the first column's name. A chunk is whole rows, so the first
    /// one holds the whole mark if there is one.
    private mutating func dropByteOrderMark(_ chunk: inout [UInt8]) {
        guard !started else { return }
        started = true
        if chunk.starts(with: [0xEF, 0xBB, 0xBF]) { chunk.removeFirst(3) }
    }

    /// The position just after the last line break outside quotes, if any.
    public static func lastRowEnd(_ b: [UInt8]) -> Int? {
        b.withUnsafeBufferPointer { b in
            var quotes = 0
            for byte in b where byte == UInt8(ascii: "\"") { quotes += 1 }
            // Walking back from the end, `quotes` counts the quotes before position p.
            var p = b.count - 1
            while p >= 0 {
                let c = b[p]
                if c == UInt8(ascii: "\"") {
                    quotes -= 1
                } else if quotes & 1 == 0 {
                    // A CR that may be the first half of a CRLF split by the read is not a row end yet.
                    if c == UInt8(ascii: "\n") || (c == UInt8(ascii: "\r") && p + 1 < b.count && b[p + 1] != UInt8(ascii: "\n")) {
                        return p + 1
                    }
                }
                p -= 1
            }
            return nil
        }
    }
}

/// Reading a file descriptor for the chunker.
public enum FileSource {
    public static func reader(fd: Int32, file: String) -> CSVChunker.Source {
        { (pointer, count) throws(InputError) in
            while true {
                #if canImport(Glibc)
                let n = Glibc.read(fd, pointer, count)
                #else
                let n = Darwin.read(fd, pointer, count)
                #endif
                if n >= 0 { return n }
                if errno != EINTR { throw InputError(file: file, "cannot read the file (\(String(cString: strerror(errno))))") }
            }
        }
    }
}
