import JifenIO
import Testing

/// Members written once (`JSONMembers`) and copied into documents must read exactly as the
/// same members written field by field, at every depth, pretty and compact, first, between and
/// last among other members, with nested values and escapes in them.
@Suite struct JSONMembersTests {
    static func fields(_ w: inout JSONWriter) {
        w.field("name", "居住证 \"积分\"\n")
        w.field("none", nil as String?)
        w.key("nested")
        w.beginObject()
        w.field("list", ["a", "b\\"])
        w.key("empty")
        w.beginArray()
        w.endArray()
        w.endObject()
        w.field("points", 2.5)
    }

    /// A document with `depth` objects around the members, which come after `before` members
    /// and before `after` more.
    static func document(pretty: Bool, depth: Int, before: Int, after: Int, members: JSONMembers?) -> String {
        var w = JSONWriter(pretty: pretty)
        for _ in 0..<depth {
            w.beginObject()
            for i in 0..<before { w.field("before", Double(i)) }
            w.key("inner")
        }
        w.beginObject()
        for i in 0..<before { w.field("b", Double(i)) }
        if let members { w.members(members) } else { fields(&w) }
        for i in 0..<after { w.field("a", Double(i)) }
        w.endObject()
        for _ in 0..<depth { w.endObject() }
        return w.text
    }

    @Test(arguments: [true, false])
    func copiedMembersReadAsTheFieldsWrittenOneByOne(pretty: Bool) {
        let members = JSONMembers(Self.fields)
        for depth in 0..<4 {
            for (before, after) in [(0, 0), (0, 2), (1, 0), (2, 1)] {
                let expected = Self.document(pretty: pretty, depth: depth, before: before, after: after, members: nil)
                #expect(Self.document(pretty: pretty, depth: depth, before: before, after: after, members: members) == expected,
                        "depth \(depth), \(before) before, \(after) after")
            }
        }
        #expect(Self.document(pretty: pretty, depth: 2, before: 1, after: 1, members: nil).contains("\\\"积分\\\"\\n"))
    }

    @Test func noMembersAddNothing() {
        var w = JSONWriter()
        w.beginObject()
        w.members(JSONMembers { _ in })
        w.endObject()
        #expect(w.text == "{}")
    }
}
