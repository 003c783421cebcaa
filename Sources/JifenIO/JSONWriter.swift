/// A JSON document written as it is walked, straight into bytes, with the layout of `JSON`'s
/// `serialized(pretty:)`: a large document (a score card is a few hundred values) is never built
/// as a `JSON` tree first, which cost as much as writing it and as much again to free.
public struct JSONWriter: ~Copyable {
    /// The bytes written so far.
    public var bytes: ByteWriter
    let pretty: Bool
    /// Per open object or array, whether it has a member yet (for commas and `{}`/`[]`).
    private var open: [Bool] = []
    /// A key has been written and its value is next.
    private var afterKey = false

    public init(pretty: Bool = true, capacity: Int = 1 << 12) {
        self.pretty = pretty
        bytes = ByteWriter(capacity: capacity)
        open.reserveCapacity(8)
    }

    /// A writer into `memory` until it is full (`ByteWriter.init(lending:)`).
    public init(pretty: Bool = true, lending memory: UnsafeMutableRawBufferPointer) {
        self.pretty = pretty
        bytes = ByteWriter(lending: memory)
        open.reserveCapacity(8)
    }

    /// The separator and indentation before a value (an array item, or a document's root).
    private mutating func beginValue() {
        if afterKey {
            afterKey = false
            return
        }
        nextMember()
    }

    private mutating func nextMember() {
        guard let last = open.indices.last else { return }
        if open[last] { bytes.byte(UInt8(ascii: ",")) } else { open[last] = true }
        if pretty { bytes.lineBreak(indent: 2 * open.count) }
    }

    /// The bytes written so far, as text.
    public var text: String { bytes.withBytes { String(decoding: $0, as: UTF8.self) } }

    /// The key of the next member of the open object, a name written in the program: copied
    /// as it is, since such names need no escape (a score card has hundreds of them).
    public mutating func key(_ k: StaticString) {
        nextMember()
        bytes.byte(UInt8(ascii: "\""))
        // Through `withUTF8Buffer`: a one-letter name is stored as a scalar, not as a pointer.
        k.withUTF8Buffer { bytes.bytes(UnsafeRawBufferPointer($0)) }
        if pretty { bytes.ascii("\": ") } else { bytes.ascii("\":") }
        afterKey = true
    }

    /// The key of the next member of the open object, from data (escaped as needed).
    public mutating func key(text k: String) {
        nextMember()
        bytes.jsonString(k)
        if pretty { bytes.ascii(": ") } else { bytes.byte(UInt8(ascii: ":")) }
        afterKey = true
    }

    public mutating func beginObject() {
        beginValue()
        bytes.byte(UInt8(ascii: "{"))
        open.append(false)
    }

    public mutating func endObject() { close(UInt8(ascii: "}")) }

    public mutating func beginArray() {
        beginValue()
        bytes.byte(UInt8(ascii: "["))
        open.append(false)
    }

    public mutating func endArray() { close(UInt8(ascii: "]")) }

    private mutating func close(_ bracket: UInt8) {
        let hadMembers = open.removeLast()
        if hadMembers, pretty { bytes.lineBreak(indent: 2 * open.count) }
        bytes.byte(bracket)
    }

    public mutating func null() {
        beginValue()
        bytes.ascii("null")
    }

    public mutating func bool(_ b: Bool) {
        beginValue()
        if b { bytes.ascii("true") } else { bytes.ascii("false") }
    }

    /// A number as `JSON.number` writes it.
    public mutating func number(_ d: Double) {
        beginValue()
        bytes.number(d)
    }

    public mutating func string(_ s: String) {
        beginValue()
        bytes.jsonString(s)
    }

    /// A `JSON` value, laid out as if it were part of the document's tree.
    public mutating func value(_ json: JSON) {
        beginValue()
        json.write(&bytes, depth: pretty ? open.count : nil)
    }

    /// Members written once, added to the open object.
    public mutating func members(_ m: JSONMembers) {
        let source = pretty ? m.pretty : m.compact
        guard !source.isEmpty else { return }
        nextMember()
        // They were written one level deep; each of their lines goes as much deeper as this object is.
        let deeper = pretty ? 2 * (open.count - 1) : 0
        source.withUnsafeBytes { raw in
            var start = 0
            if deeper > 0 {
                for b in m.lineBreaks {
                    bytes.bytes(UnsafeRawBufferPointer(rebasing: raw[start..<b]))
                    bytes.lineBreak(indent: deeper)
                    start = b + 1
                }
            }
            bytes.bytes(UnsafeRawBufferPointer(rebasing: raw[start...]))
        }
    }

    // Members of an object by key and value, the common cases in one call.

    public mutating func field(_ k: StaticString, _ s: String) {
        key(k)
        string(s)
    }

    /// `null` for nil.
    public mutating func field(_ k: StaticString, _ s: String?) {
        key(k)
        if let s { string(s) } else { null() }
    }

    public mutating func field(_ k: StaticString, _ d: Double) {
        key(k)
        number(d)
    }

    /// `null` for nil.
    public mutating func field(_ k: StaticString, _ d: Double?) {
        key(k)
        if let d { number(d) } else { null() }
    }

    public mutating func field(_ k: StaticString, _ b: Bool) {
        key(k)
        bool(b)
    }

    /// An array of strings.
    public mutating func field(_ k: StaticString, _ list: [String]) {
        key(k)
        beginArray()
        for s in list { string(s) }
        endArray()
    }
}

/// A value that writes itself as a JSON document through a `JSONWriter` (the documents of
/// `--format json` and of the API).
public protocol JSONDocument {
    func write(to json: inout JSONWriter)
}

extension JSONDocument {
    /// Text form; `pretty` indents by two spaces.
    public func serialized(pretty: Bool = true) -> String {
        var w = JSONWriter(pretty: pretty)
        write(to: &w)
        return w.text
    }
}

extension JSON: JSONDocument {
    public func write(to json: inout JSONWriter) { json.value(self) }
}
