extension Edition {
    /// Every cited number of the edition, in file order: what reforms can set and what
    /// sensitivity analyses perturb.
    public var parameters: [Parameter] {
        return [threshold, floor].compactMap { $0 } + groups.compactMap(\.cap)
            + indicators.flatMap { $0.kind.parameters + [$0.cap].compactMap { $0 } + $0.when.parameters }
            + eligibility.flatMap { $0.when.parameters } + vetoes.compactMap(\.windowYears)
    }

    /// The inferred and assumed values: rules no source states.
    public var assumedParameters: [Parameter] { parameters.filter { $0.citation.confidence.isAssumption } }
}

extension [Predicate] {
    /// The cited numbers the conditions compare against, nested `any` lists included.
    public var parameters: [Parameter] {
        flatMap { p -> [Parameter] in
            switch p {
            case .any(let items): return items.parameters
            case .compare(_, _, .number(let n)): return [n]
            default: return []
            }
        }
    }
}
