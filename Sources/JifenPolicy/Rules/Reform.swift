import Foundation

/// A what-if: a small diff applied to any edition, giving a derived edition that is validated in
/// full before it is used.
///
/// ```yaml
/// id: tianjin-no-age
/// title: Drop age points
/// base: tianjin/2018       # the edition it was written for
/// applies_to: [tianjin/2018, tianjin/2020]   # optional; default: the base alone
/// changes:                 # a partial edition, merged as `extends` merges
///   remove: {indicators: [age]}
/// set:   [{path: threshold, value: 120}]
/// scale: [{path: "indicators.pension.tiers[0].rate", factor: 2}]
/// ```
///
/// Every number a reform introduces is cited to the reform itself with confidence `assumed`, so
/// explanations never present a what-if value as law.
public struct Reform: Sendable {
    public var id: String
    public var title: String
    public var file: String
    public var contentHash: String
    let tree: Tree

    /// Loads and checks the shape of a reform file (its effect is checked when applied).
    public static func load(_ path: String) throws -> Reform {
        try Reform(text: try InputFile.text(path, what: "the reform file"), file: path)
    }

    /// A reform from YAML text; `file` names it in messages (generated reforms pass a description).
    public init(text: String, file: String) throws {
        let tree = try Tree.parse(text, file: file)
        let f = try tree.fields(Reform.keys)
        guard f.has("changes") || f.has("set") || f.has("scale") else {
            throw tree.error("a reform needs `changes`, `set` or `scale`")
        }
        // Text fields are checked here, not skipped where they are read.
        _ = try f["base"]?.identifier()
        for key in ["title_zh", "description"] { _ = try f[key]?.string() }
        if let editions = f["applies_to"] {
            let ids = try editions.list().map { try $0.string() }
            guard !ids.isEmpty else { throw editions.error("applies_to lists no edition; list the edition ids (e.g. [tianjin/2018]) or leave it out") }
        }
        self.init(id: try f.require("id").identifier(), title: try f.require("title").string(), file: file,
                  contentHash: ContentHash.sha256(text), tree: tree)
    }

    init(id: String, title: String, file: String, contentHash: String, tree: Tree) {
        self.id = id
        self.title = title
        self.file = file
        self.contentHash = contentHash
        self.tree = tree
    }

    /// The edition the reform was written for, if it names one.
    public var base: String? {
        (try? tree.fields(Reform.keys))?["base"].flatMap { try? $0.string() }
    }

    /// The edition named by `base`; an unknown one is an error at `base:` in the reform file.
    public func baseEdition(in book: Rulebook) throws -> Edition? {
        guard let node = (try tree.fields(Reform.keys))["base"] else { return nil }
        do {
            return try book.edition(try node.identifier())
        } catch let error as InputError {
            throw node.error(error.message)
        }
    }

    /// The city of `base`, to which `compare` and `plan` apply the reform.
    public var city: String? { base.map { String($0.split(separator: "/").first ?? "") } }

    /// The editions the reform was written for: `applies_to`, else `base`; nil (any edition)
    /// when it names neither, as generated reforms do.
    public var appliesTo: [String]? {
        let f = try? tree.fields(Reform.keys)
        if let list = try? f?["applies_to"]?.list() { return list.compactMap { try? $0.string() } }
        return base.map { [$0] }
    }

    /// True when the reform was written for `editionID` (or for any edition).
    public func applies(to editionID: String) -> Bool {
        appliesTo.map { $0.contains(editionID) } ?? true
    }

    /// The editions the reform applies to, as a phrase for messages.
    public var appliesToPhrase: String {
        appliesTo.map { $0.joined(separator: ", ") } ?? "any edition"
    }

    static let keys = ["id", "title", "title_zh", "description", "base", "applies_to", "changes", "set", "scale"]

    /// The reformed edition, id `<edition>+<reform>`. An edition the reform was not written for is
    /// refused: its paths and values were chosen for another table, and applying them elsewhere
    /// would silently answer a different question.
    public func apply(to editionID: String, in book: Rulebook) throws -> Edition {
        let original = try book.edition(editionID)
        guard applies(to: editionID) else {
            throw InputError(file: file, key: "applies_to",
                             "reform \(id) applies to \(appliesToPhrase), not \(editionID); choose one of those editions, or add \(editionID) to applies_to if the changes make sense there")
        }
        guard var merged = book.trees[editionID] else { throw InputError(file: file, "edition \(editionID) has no source document") }
        let f = try tree.fields(Reform.keys)
        let cite = reformCitation
        if let changes = f["changes"] {
            if case .map(let pairs) = changes.value {
                for key in ["id", "extends", "city", "place"] where pairs.contains(where: { $0.key == key }) {
                    throw changes.error("a reform cannot change `\(key)`")
                }
            }
            merged = try TreeMerge.apply(Reform.citeNumbers(changes, cite: cite, note: "set by reform \(id)"), to: merged)
        }
        for op in try f["set"]?.list() ?? [] {
            let g = try op.fields(["path", "value"])
            let value = try g.require("value").double()
            merged = try Reform.update(merged, path: try g.require("path").string(), at: op) { _ in value }
        }
        for op in try f["scale"]?.list() ?? [] {
            let g = try op.fields(["path", "factor"])
            let factor = try g.require("factor").double()
            let path = try g.require("path").string()
            if path.split(separator: ".").count == 2, path.hasPrefix("indicators.") {
                let fields = Reform.pointFields(in: merged, indicator: path, at: op)
                guard !fields.isEmpty else { throw op.error("path \(excerpt(path)): no such indicator, or it has no point values to scale") }
                for field in fields {
                    merged = try Reform.update(merged, path: field, at: op) { $0 * factor }
                }
            } else {
                merged = try Reform.update(merged, path: path, at: op) { $0 * factor }
            }
        }
        let catalog = (book.bibliography?.sources ?? []) + [reformSource]
        var edition = try EditionDecoder.decode(merged, file: original.file, hash: ContentHash.sha256(original.contentHash + contentHash),
                                                catalog: catalog)
        edition.id = "\(editionID)+\(id)"
        return edition
    }

    var reformCitation: Tree {
        let n = { (s: String) in Tree(value: .scalar(s, quoted: true), file: file, line: tree.line, path: "reform") }
        return Tree(value: .map([("source", n("reform")), ("clause", n("\(id): \(title)")), ("confidence", n("assumed"))]),
                    file: file, line: tree.line, path: "reform")
    }

    /// The reform itself as a source, which its values cite.
    var reformSource: Source {
        Source(id: "reform", document: "What-if reform: \(title)", url: file, language: "en")
    }

    /// Keys whose numbers are not rule values (filters and ids).
    static let structuralKeys: Set<String> = ["rank_max", "contest_class", "id", "published", "from_date"]

    /// Writes every plain number of a reform's changes in full form, cited to the reform.
    static func citeNumbers(_ t: Tree, cite: Tree, note: String, key: String? = nil) -> Tree {
        var r = t
        switch t.value {
        case .scalar(let s, let quoted) where !quoted && Double(s) != nil && !structuralKeys.contains(key ?? ""):
            r.value = fullForm(Double(s)!, t, cite: cite, note: note)
        case .map(let pairs):
            if pairs.contains(where: { $0.key == "value" }) {
                var p = pairs
                if !p.contains(where: { $0.key == "cite" }) { p.append(("cite", cite)) }
                r.value = .map(p)
            } else {
                r.value = .map(pairs.map { ($0.key, citeNumbers($0.value, cite: cite, note: note, key: $0.key)) })
            }
        case .list(let items):
            r.value = .list(items.map { citeNumbers($0, cite: cite, note: note, key: key) })
        default: break
        }
        return r
    }

    static func fullForm(_ v: Double, _ at: Tree, cite: Tree, note: String) -> Tree.Value {
        let n = { (s: String, q: Bool) in Tree(value: .scalar(s, quoted: q), file: at.file, line: at.line, path: at.path) }
        let text = JSON.format(v)
        return .map([("value", n(text, false)), ("cite", cite),
                     ("range", Tree(value: .list([n(text, false), n(text, false)]), file: at.file, line: at.line, path: at.path)),
                     ("note", n(note, true))])
    }

    /// The paths of an indicator's point-valued numbers (points, rates, slopes), for `scale`.
    static func pointFields(in merged: Tree, indicator path: String, at op: Tree) -> [String] {
        guard let node = try? locate(merged, path: path, at: op), case .map(let pairs) = node.value else { return [] }
        var out: [String] = []
        for (k, v) in pairs {
            switch (k, v.value) {
            case ("points", .map(let entries)) where !entries.contains(where: { $0.key == "value" }):
                out += entries.map { "\(path).points.\($0.key)" }
            case ("points", _), ("rate", _), ("base", _), ("per_step", _): out.append("\(path).\(k)")
            case ("tiers", .list(let items)): out += items.indices.map { "\(path).tiers[\($0)].rate" }
            case ("bands", .list(let items)):
                for (i, b) in items.enumerated() {
                    out.append("\(path).bands[\(i)].points")
                    if case .map(let bp) = b.value, bp.contains(where: { $0.key == "slope" }) { out.append("\(path).bands[\(i)].slope") }
                }
            case ("match", .list(let items)): out += items.indices.map { "\(path).match[\($0)].points" }
            case ("rate_by", .map(let rb)):
                if case .map(let values)? = rb.first(where: { $0.key == "values" })?.value.value {
                    out += values.map { "\(path).rate_by.values.\($0.key)" }
                }
            default: break
            }
        }
        return out
    }

    // MARK: Paths

    static func locate(_ root: Tree, path: String, at op: Tree) throws -> Tree {
        var node = root
        var found = root
        try walk(&node, ParameterPath(path).steps[...], path: path, at: op) { found = $0 }
        return found
    }

    /// Replaces the number at `path` (plain or full form) with `transform(old)`, cited to the reform.
    static func update(_ root: Tree, path: String, at op: Tree, _ transform: (Double) throws -> Double) throws -> Tree {
        var node = root
        try walk(&node, ParameterPath(path).steps[...], path: path, at: op) { target in
            let old: Double
            if case .map(let pairs) = target.value, let v = pairs.first(where: { $0.key == "value" })?.value {
                old = try v.double()
            } else {
                old = try target.double()
            }
            let new = try transform(old)
            guard new.isFinite else { throw op.error("the result for \(path) is not a finite number") }
            let cite = Tree(value: .map([
                ("source", Tree(value: .scalar("reform", quoted: true), file: op.file, line: op.line, path: path)),
                ("clause", Tree(value: .scalar("\(path): \(JSON.format(old)) → \(JSON.format(new))", quoted: true), file: op.file, line: op.line, path: path)),
                ("confidence", Tree(value: .scalar("assumed", quoted: true), file: op.file, line: op.line, path: path)),
            ]), file: op.file, line: op.line, path: path)
            var at = target
            at.file = op.file
            at.line = op.line
            target.value = fullForm(new, at, cite: cite, note: "changed by reform (was \(JSON.format(old)))")
        }
        return node
    }

    static func walk(_ node: inout Tree, _ rest: ArraySlice<ParameterPath.Step>, path: String, at op: Tree,
                     _ body: (inout Tree) throws -> Void) throws {
        guard let step = rest.first else { return try body(&node) }
        guard case .map(var pairs) = node.value else { throw op.error("path \(excerpt(path)): '\(step.key)' is not inside a mapping") }
        guard let i = pairs.firstIndex(where: { $0.key == step.key }) else {
            let hint = nearest(step.key, in: pairs.map(\.key)).map { " (did you mean '\($0)'?)" } ?? ""
            throw op.error("path \(excerpt(path)): no '\(step.key)' here\(hint)")
        }
        var child = pairs[i].value
        if TreeMerge.idLists.contains(step.key), step.index == nil, case .list(var items) = child.value {
            // `indicators.<id>`: the next step names an item by id.
            let next = rest.dropFirst()
            guard let idStep = next.first else { throw op.error("path \(excerpt(path)): name an item of \(step.key) by its id") }
            guard let j = items.firstIndex(where: { TreeMerge.itemID($0) == idStep.key }) else {
                let hint = nearest(idStep.key, in: items.compactMap(TreeMerge.itemID)).map { " (did you mean '\($0)'?)" } ?? ""
                throw op.error("path \(excerpt(path)): no item '\(idStep.key)' in \(step.key)\(hint)")
            }
            var item = items[j]
            if let index = idStep.index {
                throw op.error("path \(excerpt(path)): \(idStep.key)[\(index)] — index lists inside the item instead")
            }
            try walk(&item, next.dropFirst(), path: path, at: op, body)
            items[j] = item
            child.value = .list(items)
        } else if let index = step.index {
            guard case .list(var items) = child.value, items.indices.contains(index) else {
                throw op.error("path \(excerpt(path)): \(step.key) has no item \(index)")
            }
            try walk(&items[index], rest.dropFirst(), path: path, at: op, body)
            child.value = .list(items)
        } else {
            try walk(&child, rest.dropFirst(), path: path, at: op, body)
        }
        pairs[i].value = child
        node.value = .map(pairs)
    }
}
