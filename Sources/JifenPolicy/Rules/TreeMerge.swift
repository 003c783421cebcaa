/// The diff semantics shared by `extends` and reforms: maps merge key by key, id-keyed lists
/// merge item by item, other lists and scalars are replaced.
enum TreeMerge {
    /// Lists whose items are matched by their `id`.
    static let idLists: Set<String> = ["indicators", "groups", "eligibility", "vetoes"]

    /// Maps replaced whole rather than merged: a date span, a citation, and a number in full
    /// form (a map with `value`), whose range and note must never outlive a changed value.
    static let wholeMaps: Set<String> = ["in_force", "cite"]

    static func merge(_ base: Tree, _ overlay: Tree, key: String? = nil) -> Tree {
        switch (base.value, overlay.value) {
        case let (.map(_), .map(o)) where key.map(wholeMaps.contains) == true || o.contains(where: { $0.key == "value" }):
            return overlay
        case let (.map(b), .map(o)):
            var pairs = b
            for (k, v) in o {
                if let i = pairs.firstIndex(where: { $0.key == k }) {
                    pairs[i].value = merge(pairs[i].value, v, key: k)
                } else {
                    pairs.append((k, v))
                }
            }
            var result = overlay
            result.value = .map(pairs)
            return result
        case let (.list(b), .list(o)) where key.map(idLists.contains) == true:
            var items = b
            for item in o {
                if let id = itemID(item), let i = items.firstIndex(where: { itemID($0) == id }) {
                    items[i] = merge(items[i], item)
                } else {
                    items.append(item)
                }
            }
            var result = overlay
            result.value = .list(items)
            return result
        default:
            return overlay
        }
    }

    static func itemID(_ t: Tree) -> String? {
        guard case .map(let pairs) = t.value, let v = pairs.first(where: { $0.key == "id" })?.value,
              case .scalar(let s, _) = v.value else { return nil }
        return s
    }

    /// Merges a child (an `extends` file or a reform's changes) into `base`, then drops the items
    /// its `remove:` names.
    static func apply(_ child: Tree, to base: Tree) throws -> Tree {
        var overlay = child
        var removal: Tree?
        if case .map(var pairs) = overlay.value {
            if let i = pairs.firstIndex(where: { $0.key == "remove" }) {
                removal = pairs[i].value
                pairs.remove(at: i)
            }
            overlay.value = .map(pairs)
        }
        let merged = merge(base, overlay)
        return try removal.map { try remove($0, from: merged) } ?? merged
    }

    /// Drops id-keyed items named under `remove:`; an unknown id is an error.
    static func remove(_ removal: Tree, from tree: Tree) throws -> Tree {
        let f = try removal.fields(Array(idLists).sorted())
        guard case .map(var pairs) = tree.value else { return tree }
        for listKey in idLists.sorted() {
            guard let ids = f[listKey] else { continue }
            let names = try ids.list().map { ($0, try $0.string()) }
            guard let i = pairs.firstIndex(where: { $0.key == listKey }), case .list(var items) = pairs[i].value.value else {
                throw ids.error("nothing to remove: the parent edition has no \(listKey)")
            }
            for (node, id) in names {
                guard let j = items.firstIndex(where: { itemID($0) == id }) else {
                    throw node.error("cannot remove '\(id)': the parent edition has no such item in \(listKey)")
                }
                items.remove(at: j)
            }
            pairs[i].value.value = .list(items)
        }
        var result = tree
        result.value = .map(pairs)
        return result
    }
}
