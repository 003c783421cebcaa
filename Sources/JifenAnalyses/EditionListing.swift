import JifenPolicy

/// Every loaded edition in brief: id, city, span in force, indicators, threshold, verification.
public struct EditionListing: Sendable {
    public var editions: [Edition]

    public init(editions: [Edition]) { self.editions = editions }

    /// The `rules list --format json` document.
    public var json: JSON {
        .array(editions.map { e in
            .object([("id", .string(e.id)), ("city", .string(e.city)), ("title", .string(e.title)),
                     ("from", .string(e.inForceFrom.description)), ("to", .optional(e.inForceTo?.description)),
                     ("indicators", .number(Double(e.indicators.count))), ("threshold", .optional(e.threshold?.value)),
                     ("assumed_values", .number(Double(e.assumedParameters.count))), ("verification", .string(e.verification))])
        })
    }
}

extension RuleLibrary {
    public var listing: EditionListing { EditionListing(editions: book.editions) }

    /// One edition's table; an unknown id is an `InputError` with a suggestion.
    public func table(_ id: String) throws -> RuleTable { RuleTable(try book.edition(id)) }
}
