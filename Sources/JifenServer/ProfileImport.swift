import JifenPolicy

/// A profile file pasted into the applicant page, turned into the form's values: what the form
/// can show goes into the address like a submitted form; what it cannot (a second place, awards,
/// conduct records, …) is named, so nothing is dropped silently.
struct ProfileImport {
    var values: [String: String]
    /// Dotted paths of the file's values the form has no field for.
    var leftOut: [String]

    /// Reads `text` with the profile decoder (so errors name the line and key), then maps it.
    init(text: String, form: ApplicantForm, today: Day, districts: [String: [String]] = [:]) throws {
        let tree = try Tree.parse(text, file: "profile.yaml")
        _ = try Profile.decode(tree, today: today, districts: districts)
        let places = Self.child(tree, "places").map(Self.keys) ?? []
        let place = places.first { form.cities.contains($0) } ?? form.cities.first ?? ""
        var values = ["place": place]
        var used = Set<String>()
        for f in form.fields where !f.path.isEmpty {
            let path = f.path.map { $0 == "place" ? place : $0 }
            guard let value = Self.scalar(tree, path) else {
                if case .check = f.kind { values[f.name] = "" }
                continue
            }
            used.insert(path.joined(separator: "."))
            if case .check = f.kind { values[f.name] = value == "true" ? "on" : "" } else { values[f.name] = value }
        }
        self.values = values
        leftOut = Self.leaves(tree, prefix: "").filter { !used.contains($0) }
    }

    /// The form's query string for these values, in field order: the shareable address.
    func query(_ form: ApplicantForm, asOf: Day) -> String {
        var values = values
        values["as_of"] = values["as_of"] ?? asOf.description
        values["years"] = values["years"] ?? "10"
        return form.fields.compactMap { f in
            guard let v = values[f.name], !v.isEmpty else { return nil }
            return "\(f.name)=\(v.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._"))) ?? v)"
        }.joined(separator: "&")
    }

    private static func child(_ tree: Tree, _ key: String) -> Tree? {
        guard case .map(let pairs) = tree.value else { return nil }
        return pairs.first { $0.key == key }?.value
    }

    private static func keys(_ tree: Tree) -> [String] {
        guard case .map(let pairs) = tree.value else { return [] }
        return pairs.map(\.key)
    }

    private static func scalar(_ tree: Tree, _ path: [String]) -> String? {
        var node = tree
        for key in path {
            guard let next = child(node, key) else { return nil }
            node = next
        }
        if case .scalar(let s, _) = node.value { return s }
        return nil
    }

    private static func leaves(_ tree: Tree, prefix: String) -> [String] {
        switch tree.value {
        case .map(let pairs):
            return pairs.flatMap { leaves($0.value, prefix: prefix.isEmpty ? $0.key : "\(prefix).\($0.key)") }
        case .list(let items): return items.isEmpty ? [] : [prefix]
        case .scalar: return [prefix]
        case .null: return []
        }
    }
}
