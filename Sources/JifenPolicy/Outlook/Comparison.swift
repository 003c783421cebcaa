/// One profile scored under several cities' editions, with the best fit named.
public struct Comparison: Sendable {
    public var asOf: Day
    public var cards: [ScoreCard]
    /// The city that suits the profile best, and why.
    public var best: String?
    public var reason: String

    /// Cities a comparison covers by default: those with an edition in force on `day`, less the
    /// blocks other cities' editions build on (e.g. the Zhejiang provincial block).
    public static func defaultCities(_ book: Rulebook, on day: Day) -> [String] {
        let blocks = Set(book.editions.compactMap { e -> String? in
            guard let parent = e.extends, let parentCity = parent.split(separator: "/").first, parentCity != e.city else { return nil }
            return String(parentCity)
        })
        return book.cities.filter { city in !blocks.contains(city) && (try? book.edition(city: city, on: day)) != nil }
    }

    /// Scores `profile` under each edition (one per city). The best fit is the eligible city with
    /// the widest margin over its threshold; if none is eligible, the one with the smallest gap.
    public init(profile: Profile, editions: [Edition], asOf: Day, reform: String? = nil) throws {
        try self.init(profile: profile, scorers: editions.map(Scorer.init), asOf: asOf, reform: reform)
    }

    /// The same, with editions already compiled (a server compiles each edition once).
    public init(profile: Profile, scorers: [Scorer], asOf: Day, reform: String? = nil) throws {
        self.asOf = asOf
        cards = try scorers.map { s in try s.score(profile, asOf: asOf, reform: s.edition.id.contains("+") ? reform : nil) }
        let eligible = cards.filter(\.eligible)
        if let top = eligible.max(by: { ($0.total - ($0.threshold ?? 0), $1.city) < ($1.total - ($1.threshold ?? 0), $0.city) }) {
            best = top.city
            let margin = top.total - (top.threshold ?? 0)
            reason = eligible.count == 1
                ? "the only city where the profile is eligible (\(JSON.format(top.total)) against a threshold of \(JSON.format(top.threshold ?? 0)))"
                : "eligible in \(eligible.count) cities; the widest margin over the threshold is \(top.city)'s (+\(JSON.format(margin)))"
        } else if let nearest = cards.filter({ !$0.vetoed }).min(by: { ($0.gap, $0.city) < ($1.gap, $1.city) }) {
            best = nearest.city
            reason = "not yet eligible anywhere; closest in \(nearest.city) (\(JSON.format(nearest.gap)) points short"
                + (nearest.ineligibleReasons.count > 1 || nearest.gap == 0 ? "; also: \(nearest.ineligibleReasons.joined(separator: "; "))" : "") + ")"
        } else {
            best = nil
            reason = "vetoed in every city compared"
        }
    }

    /// What keeps one card from eligibility, in brief.
    public static func holdsBack(_ card: ScoreCard) -> String {
        if card.eligible { return "—" }
        if card.vetoed { return "vetoed: " + card.vetoReasons.joined(separator: "; ") }
        let conditions = card.ineligibleReasons.count - (card.gap > 0 ? 1 : 0)
        var parts: [String] = []
        if card.gap > 0 { parts.append("\(JSON.format(card.gap)) points short") }
        if conditions > 0 { parts.append("\(conditions) condition\(conditions == 1 ? "" : "s") unmet") }
        return parts.joined(separator: "; ")
    }
}
