/// A number the compiled edition reads per applicant, derived from the profile on the evaluation date.
///
/// Categorical values are codes: ordered levels by rank (0 = none), districts by position in the
/// edition's list (+1), other ids by the compiled edition's vocabulary (+1); booleans are 0/1; a missing value
/// is 0, except a missing age, which is NaN so that no age band matches it.
public indirect enum Feature: Hashable, Sendable, CustomStringConvertible {
    /// A profile value by its full dotted path, e.g. `places.tianjin.insured_months`.
    case value(String)
    /// 1 when the object at the path is given.
    case exists(String)
    /// The sum of one numeric field over several places.
    case regionSum(field: String, places: [String])
    /// Awards matching a filter and none of `excluding` (the indicator's earlier rules: an award
    /// scores by the first rule it matches), dated within `windowYears` of the evaluation date.
    case awardCount(AwardFilter, excluding: [AwardFilter], windowYears: Double?)
    /// Conduct records of one kind within the window (and places), counting one act once when
    /// `actValues` ranks the kinds of one indicator.
    case conductCount(ConductKind, windowYears: Double?, places: [String]?, actValues: [ActValue]?)
    /// The smallest of several values (`min_of`).
    case minimum([Feature])
    /// The sum of several values (`sum_of`).
    case total([Feature])
    /// max(0, a − b) (`minus`).
    case difference(Feature, Feature)
    /// The first value the profile gives; the last one otherwise (`first_given`).
    case firstGiven([Feature])
    /// Months of a month count that fall in [from, to) (`months_of`): a home's months from its
    /// purchase date, any other count read as the months just before the evaluation date.
    case window(Feature, from: Day?, to: Day?)
    /// Calendar years among the `last` before the evaluation date's year whose amount in a yearly
    /// history (a full profile path) reaches `atLeast`.
    case yearCount(String, last: Int, atLeast: Double)

    /// A conduct kind and its deduction, used to keep only the largest record of one act.
    public struct ActValue: Hashable, Sendable {
        public var kind: ConductKind
        public var points: Double
        public var windowYears: Double?
    }

    public var description: String {
        switch self {
        case .value(let p): return p
        case .exists(let p): return p
        case .regionSum(let f, let places): return places.map { "places.\($0).\(f)" }.joined(separator: "+")
        case .awardCount: return "awards"
        case .conductCount: return "conduct"
        case .minimum(let parts): return InputExpression.written("min_of", parts)
        case .total(let parts): return InputExpression.written("sum_of", parts)
        case .difference(let a, let b): return InputExpression.written("minus", [a, b])
        case .firstGiven(let parts): return InputExpression.written("first_given", parts)
        case .window(let inner, let from, let to): return InputExpression.written(window: inner, from: from, to: to)
        case .yearCount(let path, let last, let atLeast): return "years(\(path), last \(last), at least \(JSON.format(atLeast)))"
        }
    }
}


extension AwardFilter {
    func matches(_ a: Award) -> Bool {
        if let k = kind, a.kind != k { return false }
        if let l = level, a.level != l { return false }
        if let g = grade, a.grade != g { return false }
        if let r = rankMax, (a.rank ?? .max) > r { return false }
        if let c = contestClass, a.contestClass != c { return false }
        return true
    }
}
