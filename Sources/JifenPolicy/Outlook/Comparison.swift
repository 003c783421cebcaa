/// One profile scored under several cities' editions, with the best fit named.
public struct Comparison: Sendable {
    /// The estimated chance of admission in a city that ranks applicants against a quota.
    public struct Chance: Sendable {
        /// 0...1.
        public var probability: Double
        /// How it was estimated, for people ("about 70 % chance at the 2018 batch 1 quota …").
        public var text: String

        public init(probability: Double, text: String) {
            self.probability = probability
            self.text = text
        }
    }

    /// A chance counted for an eligible city where none could be estimated: an even one, neither
    /// favouring nor penalising the city for what is not known.
    public static let unknownChance = 0.5

    public var asOf: Day
    public var cards: [ScoreCard]
    /// Estimated chances of admission by city, where estimated.
    public var chances: [String: Chance]
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

    /// Scores `profile` under each edition (one per city) and names the best fit: among the cities
    /// where the profile is eligible, the one with the best chance of admission (`chance` estimates
    /// it where a city ranks against a quota; elsewhere it counts as even), then the widest margin
    /// over the threshold; if none is eligible, the one with the smallest gap.
    public init(profile: Profile, editions: [Edition], asOf: Day, reform: String? = nil,
                chance: ((ScoreCard, Edition) throws -> Chance?)? = nil) throws {
        try self.init(profile: profile, scorers: editions.map(Scorer.init), asOf: asOf, reform: reform, chance: chance)
    }

    /// The same, with editions already compiled (a server compiles each edition once).
    public init(profile: Profile, scorers: [Scorer], asOf: Day, reform: String? = nil,
                chance: ((ScoreCard, Edition) throws -> Chance?)? = nil) throws {
        self.asOf = asOf
        cards = try scorers.map { s in try s.score(profile, asOf: asOf, reform: s.edition.id.contains("+") ? reform : nil) }
        var chances: [String: Chance] = [:]
        if let chance {
            for (card, scorer) in zip(cards, scorers) where card.eligible { chances[card.city] = try chance(card, scorer.edition) }
        }
        self.chances = chances
        let eligible = cards.filter(\.eligible)
        // Better chance, then wider margin, then the city id (alphabetically first wins a tie).
        func better(_ a: ScoreCard, _ b: ScoreCard) -> Bool {
            let pa = chances[a.city]?.probability ?? Self.unknownChance, pb = chances[b.city]?.probability ?? Self.unknownChance
            let ma = Self.margin(a), mb = Self.margin(b)
            return (pa, ma, b.city) > (pb, mb, a.city)
        }
        if let top = eligible.max(by: { better($1, $0) }) {
            best = top.city
            let margin = Self.margin(top)
            let odds = { (c: ScoreCard) in
                chances[c.city].map { "\(c.city): \($0.text)" } ?? "\(c.city): chance of admission not estimated (no published quota), counted as even"
            }
            if eligible.count == 1 {
                reason = "the only city where the profile is eligible (\(JSON.format(top.total)) \(Self.against(top)))"
                    + (chances[top.city].map { "; \($0.text)" } ?? "")
            } else if chances.isEmpty {
                reason = "eligible in \(eligible.count) cities; the widest margin over the threshold is \(top.city)'s (+\(JSON.format(margin)))"
            } else {
                reason = "eligible in \(eligible.count) cities; the best chance of admission, then the widest margin (+\(JSON.format(margin))), is \(top.city)'s. "
                    + eligible.sorted(by: better).map(odds).joined(separator: "; ")
            }
        } else if let nearest = cards.filter({ !$0.vetoed }).min(by: { ($0.gap, $0.city) < ($1.gap, $1.city) }) {
            best = nearest.city
            reason = "not yet eligible anywhere; closest in \(nearest.city) (\(JSON.format(nearest.gap)) points short"
                + (nearest.ineligibleReasons.count > 1 || nearest.gap == 0 ? "; also: \(nearest.ineligibleReasons.joined(separator: "; "))" : "") + ")"
        } else {
            best = nil
            reason = "vetoed in every city compared"
        }
    }

    /// How far the total is over the threshold; 0 where the city ranks without one, so such a
    /// city neither gains nor loses on margin and its chance decides.
    static func margin(_ card: ScoreCard) -> Double {
        card.threshold.map { card.total - $0 } ?? 0
    }

    /// "against a threshold of 140", or, for a city without one, that ranking alone decides.
    public static func against(_ card: ScoreCard) -> String {
        card.threshold.map { "against a threshold of \(JSON.format($0))" } ?? "with no threshold: admission there is by ranking only"
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
