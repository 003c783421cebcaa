import JifenPolicy

/// An edition laid out for reading: indicators with their values, citations and confidences.
public struct RuleTable: Sendable {
    public let edition: Edition
    public init(_ edition: Edition) { self.edition = edition }

    /// An indicator's values in brief; inferred or assumed values carry a `*`.
    public func values(_ ind: Indicator) -> String {
        let f = JSON.format
        func p(_ x: Parameter) -> String { f(x.value) + (x.citation.confidence.isAssumption ? "*" : "") }
        return ind.kind.summary(p)
    }

    /// The weakest confidence among an indicator's citation and its values.
    public func weakest(_ ind: Indicator) -> Confidence {
        (ind.kind.parameters.map(\.citation.confidence) + [ind.citation.confidence]).max()!
    }

    /// The `rules show --format json` document.
    public var json: JSON {
        let e = edition
        func param(_ p: Parameter) -> JSON {
            .object([("path", .string(p.path)), ("value", .number(p.value)), ("source", .string(p.citation.source)),
                     ("clause", .string(p.citation.clause)), ("confidence", .string(p.citation.confidence.rawValue)),
                     ("range", p.range.map { .array([.number($0.lowerBound), .number($0.upperBound)]) } ?? .null),
                     ("note", .optional(p.note))])
        }
        return .object([
            ("id", .string(e.id)), ("city", .string(e.city)), ("title", .string(e.title)), ("title_zh", .optional(e.titleZh)),
            ("from", .string(e.inForceFrom.description)), ("to", .optional(e.inForceTo?.description)),
            ("extends", .optional(e.extends)), ("verification", .string(e.verification)), ("content_hash", .string(e.contentHash)),
            ("indicators", .array(e.indicators.map { ind in
                .object([("id", .string(ind.id)), ("name", .string(ind.name)), ("name_zh", .optional(ind.nameZh)),
                         ("group", .string(ind.group)), ("kind", .string(ind.kind.name)), ("rule", .string(ind.rule)),
                         ("values", .string(values(ind))), ("source", .string(ind.citation.source)),
                         ("clause", .string(ind.citation.clause)), ("confidence", .string(ind.citation.confidence.rawValue))])
            })),
            ("parameters", .array(e.parameters.map(param))),
            ("rounding", e.rounding.map { r in
                .object([("places", .number(r.places.value)), ("mode", .string(r.mode.rawValue)),
                         ("whole_groups", .array(r.wholeGroups.map { .string($0) })), ("rule", .string(r.rule)),
                         ("source", .string(r.citation.source)), ("clause", .string(r.citation.clause)),
                         ("confidence", .string(r.citation.confidence.rawValue))])
            } ?? .null),
            ("sources", .array(e.sources.map(\.json))),
        ])
    }
}
