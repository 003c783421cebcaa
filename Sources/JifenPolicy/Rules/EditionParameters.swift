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

extension Edition {
    /// Every citation of the edition: each item's and each number's own, in file order. What
    /// `rules sources` counts and what decides which bibliography entries an edition lists.
    public var citations: [Citation] {
        var out: [Citation] = []
        out += groups.compactMap(\.citation)
        out += indicators.map(\.citation)
        out += eligibility.map(\.citation) + vetoes.map(\.citation) + tieBreak.compactMap(\.citation)
        out += [atCutoff.citation].compactMap { $0 }
        out += [rounding?.citation].compactMap { $0 }
        return out + parameters.map(\.citation)
    }
}
