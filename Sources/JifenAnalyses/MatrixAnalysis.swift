import JifenPolicy

/// Which editions an indicator matrix spans.
public enum MatrixSelection: Sendable {
    /// One edition per city: those in force on the day.
    case inForce(Day)
    /// The editions named, in that order.
    case named([String])
    /// Every edition, oldest first within each city.
    case all
}

extension RuleLibrary {
    /// Indicators across the selected editions, with the most points each gives and how well sourced.
    public func matrix(_ selection: MatrixSelection) throws -> IndicatorMatrix {
        let chosen: [Edition]
        switch selection {
        case .all:
            chosen = book.editions.sorted { ($0.city, $0.inForceFrom) < ($1.city, $1.inForceFrom) }
        case .named(let ids):
            chosen = try ids.map { try book.edition($0) }
        case .inForce(let day):
            chosen = book.cities.compactMap { try? book.edition(city: $0, on: day) }
            guard !chosen.isEmpty else { throw InputError(file: "--as-of", "no edition is in force on \(day)") }
        }
        return IndicatorMatrix(editions: chosen)
    }
}

extension IndicatorMatrix {
    /// The `rules matrix --format json` document.
    public var json: JSON {
        .object([
            ("editions", .array(editions.map { .string($0.id) })),
            ("rows", .array(rows.map { row in
                .object([("indicator", .string(row.indicator)), ("name", .string(row.name)), ("name_zh", .optional(row.nameZh)),
                         ("cells", .array(row.cells.map { c in
                             guard let c else { return .null }
                             return .object([("kind", .string(c.kind)), ("group", .string(c.group)), ("most", .optional(c.most)),
                                             ("confidence", .string(c.confidence.rawValue)),
                                             ("assumed_values", .number(Double(c.assumedValues))),
                                             ("source", .string(c.source)), ("rule", .string(c.rule))])
                         }))])
            })),
        ])
    }
}
