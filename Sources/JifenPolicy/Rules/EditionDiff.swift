/// What differs between two editions: values, indicators added or dropped, eligibility gates,
/// vetoes and the tie-break order, each side with its citation.
///
/// Two editions of one city show what a revision changed; two cities' editions show where their
/// common indicators (matched by id) differ and which indicators only one of them has. Values
/// are matched by their path in the edition (`indicators.age.bands[1].points`), so a value is
/// reported as changed when its number differs and as relabelled when only its confidence or range
/// does.
public struct EditionDiff: Sendable {
    /// The kind of entry a difference is about.
    public enum Section: String, Sendable, CaseIterable {
        case threshold, floor, group, indicator, value, eligibility, veto, tieBreak = "tie_break"
    }

    public enum Change: String, Sendable {
        /// Only in the second edition.
        case added
        /// Only in the first edition.
        case dropped
        /// In both, with a different value or rule.
        case changed
        /// In both with the same value or rule, differently sourced: another confidence or range.
        case relabelled
    }

    /// One edition's side of a difference.
    public struct Side: Sendable, Equatable {
        /// The value or rule as a reader sees it, e.g. `10` or `bands on age: "35 or younger: 20"`.
        public var text: String
        public var citation: Citation?
        /// The declared range of an inferred or assumed value.
        public var range: ClosedRange<Double>?
    }

    public struct Entry: Sendable {
        public var section: Section
        /// The id or path the two sides are matched by.
        public var key: String
        public var change: Change
        public var before: Side?
        public var after: Side?
    }

    public let from: Edition
    public let to: Edition
    /// Differences in the order of the first edition, then what only the second has.
    public let entries: [Entry]

    /// True when the two editions are of different cities (entries then read "only in …").
    public var acrossCities: Bool { from.city != to.city }

    public init(from: Edition, to: Edition) {
        self.from = from
        self.to = to
        let before = Self.items(of: from), after = Self.items(of: to)
        let afterByKey = Dictionary(after.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let beforeKeys = Set(before.map(\.key))
        // An indicator only one side has is one entry; its values are not listed again.
        let onlyOneSide = Set(before.filter { $0.section == .indicator && afterByKey[$0.key] == nil }.map(\.key))
            .union(after.filter { $0.section == .indicator && !beforeKeys.contains($0.key) }.map(\.key))
        func isInsideOneSidedIndicator(_ item: Item) -> Bool {
            item.section == .value && item.owner.map(onlyOneSide.contains) == true
        }

        var entries: [Entry] = []
        for item in before where !isInsideOneSidedIndicator(item) {
            if let other = afterByKey[item.key] {
                if let change = item.side.change(to: other.side) {
                    entries.append(Entry(section: item.section, key: item.key, change: change, before: item.side, after: other.side))
                }
            } else {
                entries.append(Entry(section: item.section, key: item.key, change: .dropped, before: item.side, after: nil))
            }
        }
        for item in after where !beforeKeys.contains(item.key) && !isInsideOneSidedIndicator(item) {
            entries.append(Entry(section: item.section, key: item.key, change: .added, before: nil, after: item.side))
        }
        self.entries = entries
    }

    /// A comparable piece of an edition.
    struct Item {
        var section: Section
        var key: String
        var side: Side
        /// The indicator a value belongs to.
        var owner: String?
    }

    static func items(of e: Edition) -> [Item] {
        func value(_ p: Parameter, _ section: Section = .value, owner: String? = nil) -> Item {
            Item(section: section, key: p.path, side: Side(text: JSON.format(p.value), citation: p.citation, range: p.range), owner: owner)
        }
        var items: [Item] = []
        if let t = e.threshold { items.append(value(t, .threshold)) }
        if let f = e.floor { items.append(value(f, .floor)) }
        for g in e.groups {
            let text = (g.combineMax ? "highest of its members" : "sum of its members") + (g.parent.map { ", inside \($0)" } ?? "")
            items.append(Item(section: .group, key: "groups.\(g.id)", side: Side(text: text, citation: g.citation)))
            if let cap = g.cap { items.append(value(cap)) }
        }
        for ind in e.indicators {
            let text = "\(ind.kind.name) in \(ind.group): \(ind.rule)"
            items.append(Item(section: .indicator, key: ind.id, side: Side(text: text, citation: ind.citation), owner: ind.id))
            let own = ind.kind.parameters + [ind.cap].compactMap { $0 } + ind.when.parameters
            items += own.map { value($0, owner: ind.id) }
        }
        for gate in e.eligibility {
            items.append(Item(section: .eligibility, key: "eligibility.\(gate.id)", side: Side(text: gate.rule, citation: gate.citation)))
            items += gate.when.parameters.map { value($0) }
        }
        for veto in e.vetoes {
            let kinds = veto.kinds.map(\.rawValue).joined(separator: ", ")
            items.append(Item(section: .veto, key: "vetoes.\(veto.id)", side: Side(text: "\(veto.rule) [\(kinds)]", citation: veto.citation)))
            if let w = veto.windowYears { items.append(value(w)) }
        }
        if !e.tieBreak.isEmpty {
            let order = e.tieBreak.map { "\($0.key) \($0.descending ? "desc" : "asc")" }.joined(separator: " → ")
            items.append(Item(section: .tieBreak, key: "tie_break", side: Side(text: order, citation: e.tieBreak.first?.citation)))
        }
        return items
    }
}

extension EditionDiff.Side {
    /// Rules and structure are compared by their text, numbers by value: a clause reworded in
    /// the citation of an unchanged rule is no difference; a new confidence or range is one.
    func change(to other: Self) -> EditionDiff.Change? {
        if text != other.text { return .changed }
        if citation?.confidence != other.citation?.confidence || range != other.range { return .relabelled }
        return nil
    }
}
