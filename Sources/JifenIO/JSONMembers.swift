/// Members of a JSON object written once and copied into many documents, at any depth: the
/// constant part of something written again and again (a rule's name, group and wording on
/// every score card) costs a copy rather than a scan for escapes per document.
///
/// The members are kept as a pretty document lays them out one level deep, and as a compact one
/// does. A pretty document's only line breaks are its layout (a string's line break is written
/// `\n`), so copying them deeper is adding the same indentation after each line break.
public final class JSONMembers: Sendable {
    /// The members as written one level deep, the first without the separator before it.
    let pretty: [UInt8]
    let compact: [UInt8]
    /// Where `pretty` has its line breaks.
    let lineBreaks: [Int]

    /// The members `write` adds to an open object.
    public init(_ write: (inout JSONWriter) -> Void) {
        func members(pretty: Bool) -> [UInt8] {
            var w = JSONWriter(pretty: pretty, capacity: 256)
            w.beginObject()
            write(&w)
            // Drop the `{` and, when pretty, the line break and indentation before the first member.
            return Array(w.bytes.array.dropFirst(pretty ? 4 : 1))
        }
        let laidOut = members(pretty: true)
        pretty = laidOut
        compact = members(pretty: false)
        lineBreaks = laidOut.indices.filter { laidOut[$0] == UInt8(ascii: "\n") }
    }
}
