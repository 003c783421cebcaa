import JifenPolicy

/// A profile document written back as YAML, for the applicant page's "download this profile":
/// the file `jifen compare --profile` reads.
enum ProfileYAML {
    static func text(_ tree: Tree) -> String {
        "# jifen profile, exported from the applicant page (see docs/profile.md)\n" + lines(tree, indent: "")
    }

    private static func lines(_ tree: Tree, indent: String) -> String {
        guard case .map(let pairs) = tree.value else { return "" }
        var out = ""
        for (key, child) in pairs {
            switch child.value {
            case .scalar(let s, _): out += "\(indent)\(key): \(plain(s) ? s : JSON.quoted(s))\n"
            case .map: out += "\(indent)\(key):\n" + lines(child, indent: indent + "  ")
            case .list, .null: continue
            }
        }
        return out
    }

    /// Numbers, dates, booleans and ids are written bare so they read back as what they are.
    private static func plain(_ s: String) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "_.-".unicodeScalars.contains($0) }
    }
}
