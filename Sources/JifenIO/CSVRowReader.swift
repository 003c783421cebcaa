/// RFC 4180 rows read from a buffer of whole rows, in place: a field is a byte range of the
/// buffer, and quoted fields are unescaped where they lie (unescaping only shortens them).
///
/// Lines, blank rows and errors are counted and worded as `CSV.parse` does; lines are counted
/// from 1 at the start of the buffer.
public struct CSVRowReader {
    public let buffer: UnsafeMutableRawBufferPointer
    public let file: String
    /// Where the next row starts in the buffer.
    public private(set) var position = 0
    /// The line the reader is on (1-based, within the buffer).
    public private(set) var line = 1
    /// The number of fields of the row last read.
    public private(set) var fieldCount = 0
    /// Where they lie in the buffer: kept in memory of their own rather than in an array, which
    /// would check its uniqueness and capacity on every field of every row.
    private let bounds = FieldBounds()

    public init(_ buffer: UnsafeMutableRawBufferPointer, file: String) {
        self.buffer = buffer
        self.file = file
    }

    /// The fields of the row last read.
    public var fields: [Range<Int>] { (0..<fieldCount).map { bounds.start[$0]..<bounds.end[$0] } }

    /// Reads the next row that is not blank into `fields` and returns the line it starts on, or
    /// nil at the end of the buffer.
    public mutating func next() throws(InputError) -> Int? {
        let b = buffer, n = b.count
        while position < n {
            let rowLine = line
            fieldCount = 0
            var i = position
            row: while true {
                if i < n, b[i] == UInt8(ascii: "\"") {
                    i += 1
                    var w = i
                    let start = i
                    while true {
                        guard i < n else { throw InputError(file: file, line: rowLine, "a quoted field is never closed") }
                        let c = b[i]
                        if c == UInt8(ascii: "\"") {
                            if i + 1 < n, b[i + 1] == UInt8(ascii: "\"") {
                                b[w] = c; w += 1; i += 2
                                continue
                            }
                            i += 1
                            break
                        }
                        if c == UInt8(ascii: "\n") { line += 1 }
                        b[w] = c; w += 1; i += 1
                    }
                    append(start, w)
                    if i < n, b[i] != UInt8(ascii: ","), b[i] != UInt8(ascii: "\n"), b[i] != UInt8(ascii: "\r") {
                        if b[i] == UInt8(ascii: "\"") { throw Self.strayQuote(file, line) }
                        throw InputError(file: file, line: line, "text after a closing quote")
                    }
                } else {
                    let start = i
                    while i < n {
                        let c = b[i]
                        // Digits, letters, '-' and '.' are above ','; one comparison passes them.
                        if c <= UInt8(ascii: ","), Self.delimiters >> UInt64(c) & 1 != 0 {
                            if c == UInt8(ascii: "\"") { throw Self.strayQuote(file, line) }
                            break
                        }
                        i += 1
                    }
                    append(start, i)
                }
                guard i < n else { break row }
                switch b[i] {
                case UInt8(ascii: ","):
                    i += 1
                case UInt8(ascii: "\r"):
                    i += 1
                    if i < n, b[i] == UInt8(ascii: "\n") { i += 1 }
                    line += 1
                    break row
                default:
                    i += 1
                    line += 1
                    break row
                }
            }
            position = i
            if fieldCount == 1, bounds.start[0] == bounds.end[0] { continue }
            return rowLine
        }
        return nil
    }

    /// The bytes that end or break an unquoted field (`,`, `"`, LF, CR), as bits of a mask.
    static let delimiters: UInt64 = 1 << UInt64(UInt8(ascii: ",")) | 1 << UInt64(UInt8(ascii: "\""))
        | 1 << UInt64(UInt8(ascii: "\n")) | 1 << UInt64(UInt8(ascii: "\r"))

    static func strayQuote(_ file: String, _ line: Int) -> InputError {
        InputError(file: file, line: line, "a quote inside an unquoted field; quote the whole field and double inner quotes")
    }

    /// Field `k` of the current row.
    public func bytes(_ k: Int) -> UnsafeRawBufferPointer {
        precondition(k >= 0 && k < fieldCount, "CSVRowReader.bytes: no field \(k)")
        return UnsafeRawBufferPointer(start: buffer.baseAddress! + bounds.start[k], count: bounds.end[k] - bounds.start[k])
    }

    @inline(__always)
    private mutating func append(_ start: Int, _ end: Int) {
        if fieldCount == bounds.capacity { bounds.grow() }
        bounds.start[fieldCount] = start
        bounds.end[fieldCount] = end
        fieldCount += 1
    }

    /// Line breaks after the last row read: the lines the whole buffer spans, less one.
    public var linesRead: Int { line - 1 }
}

/// The start and end offsets of a row's fields, in memory that grows (doubling) as a row needs.
private final class FieldBounds {
    private(set) var capacity = 64
    private(set) var start: UnsafeMutablePointer<Int>
    private(set) var end: UnsafeMutablePointer<Int>

    init() {
        start = .allocate(capacity: capacity)
        end = .allocate(capacity: capacity)
    }

    deinit {
        start.deallocate()
        end.deallocate()
    }

    func grow() {
        let bigger = capacity * 2
        let (newStart, newEnd) = (UnsafeMutablePointer<Int>.allocate(capacity: bigger), UnsafeMutablePointer<Int>.allocate(capacity: bigger))
        newStart.moveInitialize(from: start, count: capacity)
        newEnd.moveInitialize(from: end, count: capacity)
        start.deallocate()
        end.deallocate()
        (start, end, capacity) = (newStart, newEnd, bigger)
    }
}
