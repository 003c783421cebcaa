import JifenPolicy

extension RuleLibrary {
    /// What differs between two editions (of one city, or of two cities' common indicators).
    public func diff(from: String, to: String) throws -> EditionDiff {
        EditionDiff(from: try book.edition(from), to: try book.edition(to))
    }
}

extension EditionDiff {
    /// The `rules diff --format json` document.
    public var json: JSON {
        func side(_ s: EditionDiff.Side?) -> JSON {
            guard let s else { return .null }
            return .object([("text", .string(s.text)), ("source", .optional(s.citation?.source)),
                            ("clause", .optional(s.citation?.clause)), ("confidence", .optional(s.citation?.confidence.rawValue)),
                            ("range", s.range.map { .array([.number($0.lowerBound), .number($0.upperBound)]) } ?? .null)])
        }
        return .object([
            ("from", .string(from.id)), ("to", .string(to.id)), ("across_cities", .bool(acrossCities)),
            ("entries", .array(entries.map { e in
                .object([("section", .string(e.section.rawValue)), ("key", .string(e.key)), ("change", .string(e.change.rawValue)),
                         ("before", side(e.before)), ("after", side(e.after))])
            })),
        ])
    }
}
