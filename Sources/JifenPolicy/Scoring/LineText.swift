/// An indicator's text on every score card, written as JSON once per compiled edition: the
/// members of its lines that do not depend on the profile, copied into each card rather than
/// scanned for escapes again.
final class LineText: Sendable {
    /// `indicator`, `name`, `name_zh`, `category` and `group`.
    let head: JSONMembers
    /// `rule`.
    let rule: JSONMembers

    init(_ indicator: Indicator, category: String) {
        head = JSONMembers { w in
            w.field("indicator", indicator.id)
            w.field("name", indicator.name)
            w.field("name_zh", indicator.nameZh)
            w.field("category", category)
            w.field("group", indicator.group)
        }
        rule = JSONMembers { w in w.field("rule", indicator.rule) }
    }
}
