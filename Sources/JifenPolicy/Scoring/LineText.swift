/// An indicator's text on every score card, written as JSON once per compiled edition: the
/// members of its lines that do not depend on the profile, copied into each card rather than
/// scanned for escapes again.
final class LineText: Sendable {
    /// `indicator`, `name`, `name_zh`, `category` and `group`.
    let head: JSONMembers
    /// `rule`.
    let rule: JSONMembers
    /// The `citation` member for each citation a line of the indicator can show: its own, or
    /// that of one of its values (a line cites the least certain value it used).
    let citations: [(citation: Citation, document: String?, member: JSONMembers)]

    init(_ indicator: Indicator, category: String, documents: [String: String]) {
        head = JSONMembers { w in
            w.field("indicator", indicator.id)
            w.field("name", indicator.name)
            w.field("name_zh", indicator.nameZh)
            w.field("category", category)
            w.field("group", indicator.group)
        }
        rule = JSONMembers { w in w.field("rule", indicator.rule) }
        var cited: [Citation] = [indicator.citation]
        for p in indicator.kind.parameters + [indicator.cap].compactMap({ $0 }) + indicator.when.parameters where !cited.contains(p.citation) {
            cited.append(p.citation)
        }
        citations = cited.map { c in
            (c, documents[c.source], JSONMembers { w in ScoreLine.writeCitation(c, document: documents[c.source], to: &w) })
        }
    }

    /// The document title and `citation` member of `citation`, if it is one of the indicator's.
    func cited(_ citation: Citation) -> (document: String?, member: JSONMembers)? {
        // By index: taking each entry out of the array copied its citation's strings.
        for i in citations.indices where citations[i].citation == citation { return (citations[i].document, citations[i].member) }
        return nil
    }
}
