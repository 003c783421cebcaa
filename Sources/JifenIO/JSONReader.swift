/// Makes the values a `JSONReader` reads, so that the caller gets its own document type (with the
/// line and path of every value) without a second pass over a generic tree.
public protocol JSONNodeBuilder {
    associatedtype Node
    func null(line: Int, path: String) -> Node
    /// A string (`quoted`) or a bare `true`, `false` or number, as written.
    func scalar(_ text: String, quoted: Bool, line: Int, path: String) -> Node
    func list(_ items: [Node], line: Int, path: String) -> Node
    func map(_ pairs: [(key: String, value: Node)], line: Int, path: String) -> Node
}

/// Why a `JSONReader` read no value.
public enum JSONReadFailure: Error, Equatable, Sendable {
    /// Not JSON: what is wrong, and the byte offset (from 0) where it was found.
    case malformed(String, at: Int)
    /// A key given twice in one object; `path` is the key's path.
    case duplicateKey(path: String)
    /// JSON, but not of the plain kind (`JSONReader.Dialect.plain`).
    case notPlain
}

/// One small JSON reader for applicant data: CSV cells (`awards`, `conduct`) and API request
/// bodies. Many short documents are read, and a YAML parser for each costs more than the rest of
/// the work. Paths are dotted keys and `[n]` indices below the root's path.
///
/// Numbers follow `DecimalNumber`'s grammar (JSON's, finite); nesting is at most 16 levels; a key
/// may appear once per object. Failures are returned, not thrown, so that one caller can name the
/// cell and another can hand a body it does not read to a fuller parser.
public struct JSONReader<Builder: JSONNodeBuilder> {
    /// What the reader accepts besides the grammar above.
    public enum Dialect: Sendable {
        /// Any JSON text: escapes, any UTF-8, tabs, carriage returns and line feeds between tokens.
        /// Every value gets `line` (a CSV cell sits on one line of its file).
        case full(line: Int)
        /// The plain JSON a client writes: printable ASCII strings without escapes, spaces and line
        /// feeds between tokens, strings and words of at most 1,024 bytes. Lines are counted from 1
        /// as a YAML reader counts them. Anything else is `.notPlain` (or malformed).
        case plain
    }

    /// Deepest nesting read.
    @inlinable public static var maxDepth: Int { 16 }
    /// Longest string or word of the plain dialect.
    @inlinable public static var maxPlainScalarBytes: Int { 1024 }

    // Inlinable, so that each caller's module specialises the reader for its builder: unspecialised,
    // every node went through the builder's witness table (a third more time on award-heavy files).
    @usableFromInline let bytes: UnsafeRawBufferPointer
    @usableFromInline let builder: Builder
    @usableFromInline let plain: Bool
    @usableFromInline var line: Int
    @usableFromInline var i = 0

    @usableFromInline
    init(bytes: UnsafeRawBufferPointer, builder: Builder, plain: Bool, line: Int) {
        self.bytes = bytes
        self.builder = builder
        self.plain = plain
        self.line = line
    }

    /// Reads `bytes` as one JSON value whose path is `path`.
    @inlinable
    public static func read(_ bytes: UnsafeRawBufferPointer, path: String, dialect: Dialect,
                            builder: Builder) -> Result<Builder.Node, JSONReadFailure> {
        var reader: JSONReader
        switch dialect {
        case .full(let line): reader = JSONReader(bytes: bytes, builder: builder, plain: false, line: line)
        case .plain: reader = JSONReader(bytes: bytes, builder: builder, plain: true, line: 1)
        }
        do throws(JSONReadFailure) {
            reader.skipSpace()
            let value = try reader.value(path: path, depth: 0)
            reader.skipSpace()
            guard reader.i == bytes.count else { throw reader.malformed("text after the JSON value") }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }

    @inlinable func malformed(_ what: String) -> JSONReadFailure { .malformed(what, at: i) }

    @inlinable mutating func skipSpace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20: i += 1
            case 0x0a:
                i += 1
                if plain { line += 1 }
            case 0x09, 0x0d:
                if plain { return }
                i += 1
            default: return
            }
        }
    }

    @inlinable static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    @inlinable mutating func value(path: String, depth: Int) throws(JSONReadFailure) -> Builder.Node {
        guard depth < Self.maxDepth else { throw malformed("nesting deeper than \(Self.maxDepth) levels") }
        guard i < bytes.count else { throw malformed("a value is missing") }
        let at = line
        switch bytes[i] {
        case UInt8(ascii: "["):
            i += 1
            var items: [Builder.Node] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return builder.list([], line: at, path: path) }
            while true {
                skipSpace()
                items.append(try value(path: "\(path)[\(items.count)]", depth: depth + 1))
                skipSpace()
                if try punctuation("]", or: ",") { return builder.list(items, line: at, path: path) }
            }
        case UInt8(ascii: "{"):
            i += 1
            var pairs: [(key: String, value: Builder.Node)] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return builder.map([], line: at, path: path) }
            while true {
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw malformed("expected a quoted key") }
                let key = try string()
                let keyPath = Self.join(path, key)
                if pairs.contains(where: { $0.key == key }) { throw .duplicateKey(path: keyPath) }
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw malformed("expected ':' after a key") }
                i += 1
                skipSpace()
                pairs.append((key, try value(path: keyPath, depth: depth + 1)))
                skipSpace()
                if try punctuation("}", or: ",") { return builder.map(pairs, line: at, path: path) }
            }
        case UInt8(ascii: "\""):
            return builder.scalar(try string(), quoted: true, line: at, path: path)
        default:
            // A bare word or number; its type is checked where it is used, like any scalar.
            let start = i
            while i < bytes.count, !",]} \t\r\n".utf8.contains(bytes[i]) { i += 1 }
            let word = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            if word == "null" { return builder.null(line: at, path: path) }
            guard word == "true" || word == "false" || DecimalNumber.parse(word) != nil else {
                i = start
                throw malformed("expected a value, found \(excerpt(word))")
            }
            if plain, i - start > Self.maxPlainScalarBytes { throw .notPlain }
            return builder.scalar(word, quoted: false, line: at, path: path)
        }
    }

    /// True after `close`, false after `separator`; anything else is malformed.
    @inlinable mutating func punctuation(_ close: Unicode.Scalar, or separator: Unicode.Scalar) throws(JSONReadFailure) -> Bool {
        guard i < bytes.count else { throw malformed("'\(close)' is missing") }
        let c = bytes[i]
        i += 1
        if c == UInt8(ascii: close) { return true }
        if c == UInt8(ascii: separator) { return false }
        i -= 1
        throw malformed("expected '\(separator)' or '\(close)'")
    }

    /// A quoted string, escapes decoded; `i` is at the opening quote.
    @inlinable mutating func string() throws(JSONReadFailure) -> String {
        i += 1
        if plain { return try plainString() }
        // Most strings hold no escape: their bytes are decoded at once. Building the text scalar by
        // scalar was a tenth of the time of a file with awards on many rows.
        let first = i
        while i < bytes.count, bytes[i] != UInt8(ascii: "\\") {
            if bytes[i] == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[first..<(i - 1)]), as: UTF8.self)
            }
            guard bytes[i] >= 0x20 else { throw malformed("a control character inside a string") }
            i += 1
        }
        i = first
        return try escapedString()
    }

    /// The rest of a string that holds an escape (or is never closed); `i` is after the opening quote.
    @inlinable mutating func escapedString() throws(JSONReadFailure) -> String {
        var scalars = String.UnicodeScalarView()
        var start = i
        func flush() { scalars.append(contentsOf: String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self).unicodeScalars) }
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                flush()
                i += 1
                return String(scalars)
            }
            guard c >= 0x20 else { throw malformed("a control character inside a string") }
            if c != UInt8(ascii: "\\") { i += 1; continue }
            flush()
            i += 1
            guard i < bytes.count else { break }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{8}")
            case UInt8(ascii: "f"): scalars.append("\u{c}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                    i += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw malformed("an unpaired surrogate escape") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else { throw malformed("an unpaired surrogate escape") }
                scalars.append(scalar)
            default:
                i -= 1
                throw malformed("an unknown escape")
            }
            start = i
        }
        throw malformed("a string is never closed")
    }

    /// The plain dialect's string: printable ASCII up to the closing quote, no escapes.
    @inlinable mutating func plainString() throws(JSONReadFailure) -> String {
        let start = i
        while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
            guard bytes[i] >= 0x20, bytes[i] < 0x7f, bytes[i] != UInt8(ascii: "\\") else { throw .notPlain }
            i += 1
        }
        guard i < bytes.count else { throw malformed("a string is never closed") }
        guard i - start <= Self.maxPlainScalarBytes else { throw .notPlain }
        i += 1
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<(i - 1)]), as: UTF8.self)
    }

    @inlinable mutating func hex4() throws(JSONReadFailure) -> UInt32 {
        guard i + 4 <= bytes.count else { throw malformed("a \\u escape needs four hex digits") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i] | 0x20
            let d: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
            default: throw malformed("a \\u escape needs four hex digits")
            }
            v = v << 4 | UInt32(d)
            i += 1
        }
        return v
    }
}
