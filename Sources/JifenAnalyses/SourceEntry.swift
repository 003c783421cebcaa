import JifenPolicy

/// A bibliography entry as readers see it: in a line of text, and in the rule JSON documents.
extension Source {
    /// Title, issuer, number, date, address and retrieval date, as a reader would cite it.
    public var citationText: String {
        var parts: [String] = []
        if let title, title != document { parts.append("\(title) (\(document))") } else { parts.append(document) }
        parts += [issuer, number, published.map { "published \($0)" }].compactMap { $0 }
        if let address { parts.append(address) }
        if let retrieved { parts.append("read \(retrieved)") }
        if let kind { parts.append(kind.rawValue.replacingOccurrences(of: "_", with: " ") + (language.map { ", \($0)" } ?? "")) }
        return parts.joined(separator: "; ")
    }

    public var json: JSON {
        .object([("id", .string(id)), ("title", .optional(title)), ("title_en", .string(document)), ("issuer", .optional(issuer)),
                 ("number", .optional(number)), ("published", .optional(published)), ("url", .optional(url)),
                 ("commit", .optional(commit)), ("site", .optional(site)), ("retrieved", .optional(retrieved)),
                 ("kind", .optional(kind?.rawValue)), ("language", .optional(language)),
                 ("covers", covers.map { .array($0.map { .string($0) }) } ?? .null), ("note", .optional(note))])
    }
}
