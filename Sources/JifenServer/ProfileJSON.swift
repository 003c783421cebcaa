import JifenPolicy

/// The JSON body of an API request read straight into the `Tree` the YAML reader would build
/// from it (values, quoting, lines and paths alike), without a YAML parser: composing a profile
/// with libyaml, twice with its safety screen, was a tenth of the server's time per answer.
///
/// Only the plain JSON a client sends is read here: ASCII text, spaces and newlines between
/// tokens, strings without escapes, numbers, `true`, `false`, `null`, unique keys, shallow
/// nesting. Anything else gives nil, and the body is read by the YAML reader as before, so every
/// message about a malformed or unusual body stays the CLI's.
struct ProfileJSON {
    let bytes: UnsafeRawBufferPointer
    let file: String
    var i = 0
    /// The current line, from 1, as the YAML reader counts it.
    var line = 1

    /// Nesting past this is left to the YAML reader (which refuses past 64 levels).
    static let maxDepth = 16
    /// Values longer than this are left to the YAML reader (which refuses past 4 KiB).
    static let maxScalarBytes = 1024

    /// The tree of `bytes`, or nil when they are not JSON of the plain kind read here.
    static func tree(_ bytes: UnsafeRawBufferPointer, file: String) -> Tree? {
        var reader = ProfileJSON(bytes: bytes, file: file)
        reader.skipSpace()
        guard let root = reader.value(path: "", depth: 0) else { return nil }
        reader.skipSpace()
        return reader.i == bytes.count ? root : nil
    }

    private mutating func skipSpace() {
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: " "): i += 1
            case UInt8(ascii: "\n"): i += 1; line += 1
            default: return
            }
        }
    }

    private mutating func value(path: String, depth: Int) -> Tree? {
        guard depth < Self.maxDepth, i < bytes.count else { return nil }
        let at = line
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            var pairs: [(key: String, value: Tree)] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
                i += 1
                return Tree(value: .map([]), file: file, line: at, path: path)
            }
            while true {
                skipSpace()
                guard let key = string(), !pairs.contains(where: { $0.key == key }) else { return nil }
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
                i += 1
                skipSpace()
                guard let v = value(path: path.isEmpty ? key : "\(path).\(key)", depth: depth + 1) else { return nil }
                pairs.append((key, v))
                skipSpace()
                guard let closed = punctuation(close: UInt8(ascii: "}")) else { return nil }
                if closed { return Tree(value: .map(pairs), file: file, line: at, path: path) }
            }
        case UInt8(ascii: "["):
            i += 1
            var items: [Tree] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
                i += 1
                return Tree(value: .list([]), file: file, line: at, path: path)
            }
            while true {
                skipSpace()
                guard let v = value(path: "\(path)[\(items.count)]", depth: depth + 1) else { return nil }
                items.append(v)
                skipSpace()
                guard let closed = punctuation(close: UInt8(ascii: "]")) else { return nil }
                if closed { return Tree(value: .list(items), file: file, line: at, path: path) }
            }
        case UInt8(ascii: "\""):
            guard let s = string() else { return nil }
            return Tree(value: .scalar(s, quoted: true), file: file, line: at, path: path)
        default:
            let start = i
            while i < bytes.count, Self.isWordByte(bytes[i]) { i += 1 }
            let word = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            if word == "null" { return Tree(value: .null, file: file, line: at, path: path) }
            guard word == "true" || word == "false" || Self.isNumber(word.utf8) else { return nil }
            return Tree(value: .scalar(word, quoted: false), file: file, line: at, path: path)
        }
    }

    /// True after `close`, false after a comma, nil otherwise.
    private mutating func punctuation(close: UInt8) -> Bool? {
        guard i < bytes.count else { return nil }
        let c = bytes[i]
        i += 1
        if c == close { return true }
        return c == UInt8(ascii: ",") ? false : nil
    }

    /// A quoted string of printable ASCII without escapes; `i` is at the opening quote.
    private mutating func string() -> String? {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
        let start = i + 1
        var j = start
        while j < bytes.count, bytes[j] != UInt8(ascii: "\"") {
            guard bytes[j] >= 0x20, bytes[j] < 0x7f, bytes[j] != UInt8(ascii: "\\") else { return nil }
            j += 1
        }
        guard j < bytes.count, j - start <= Self.maxScalarBytes else { return nil }
        i = j + 1
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<j]), as: UTF8.self)
    }

    private static func isWordByte(_ b: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b)
            || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || b == UInt8(ascii: ".") || b == UInt8(ascii: "E")
    }

    /// JSON's number grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    static func isNumber(_ s: String.UTF8View) -> Bool {
        var it = Array(s)[...]
        func digits() -> Int {
            let n = it.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }.count
            it = it.dropFirst(n)
            return n
        }
        if it.first == UInt8(ascii: "-") { it = it.dropFirst() }
        if it.first == UInt8(ascii: "0") {
            it = it.dropFirst()
        } else if digits() == 0 {
            return false
        }
        if it.first == UInt8(ascii: ".") {
            it = it.dropFirst()
            guard digits() > 0 else { return false }
        }
        if it.first == UInt8(ascii: "e") || it.first == UInt8(ascii: "E") {
            it = it.dropFirst()
            if it.first == UInt8(ascii: "+") || it.first == UInt8(ascii: "-") { it = it.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return it.isEmpty && s.count <= maxScalarBytes
    }
}
