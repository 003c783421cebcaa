import JifenPolicy

/// "When would I qualify, and what is worth doing?" for one profile in several cities.
public struct PlanRequest: Sendable {
    public var profile: Profile
    /// Years to look ahead (0 to 40).
    public var years: Int
    /// City ids; `nil` for every city with an edition in force on `asOf`.
    public var cities: [String]?
    public var asOf: Day
    public var reform: Reform?

    /// The longest look-ahead: a projection month by month beyond it says nothing useful.
    public static let yearRange = 0...40

    public init(profile: Profile, years: Int = 10, cities: [String]? = nil, asOf: Day, reform: Reform? = nil) {
        self.profile = profile
        self.years = years
        self.cities = cities
        self.asOf = asOf
        self.reform = reform
    }
}

/// One city's plan: the score now, when the threshold would be reached, and the best actions.
public struct CityPlan: Sendable {
    public var city: String
    /// What the person must do there (move, insure, rent): each city is a separate scenario.
    public var scenario: String
    public var now: ScoreCard
    /// The first month the projected score reaches the threshold, with that month's card.
    public var reached: (months: Int, date: Day, card: ScoreCard)?
    public var actions: [Action]
}

/// Plans per city under the projection's stated assumptions.
public struct PlanResult: Sendable {
    public var asOf: Day
    public var years: Int
    public var plans: [CityPlan]
    /// Editions of the reform's city it was not written for, scored as published.
    public var warnings: [String]

    /// The `plan --format json` document.
    public var json: JSON {
        .object([
            ("as_of", .string(asOf.description)), ("years", .number(Double(years))),
            ("assumptions", .array(Projection.assumptions.map { .string($0) })),
            ("cities", .array(plans.map { p in
                .object([("city", .string(p.city)), ("scenario", .string(p.scenario)), ("start", .string(asOf.description)), ("edition_now", .string(p.now.edition)), ("total_now", .number(p.now.total)),
                         ("eligible_now", .bool(p.now.eligible)), ("threshold", .optional(p.now.threshold)),
                         ("reached", .optional(p.reached?.date.description)),
                         ("eligible_then", .bool(p.reached?.card.eligible ?? false)),
                         ("still_needed", .array((p.reached.map { c in c.card.ineligibleReasons } ?? []).map { .string($0) })), ("months", .optional(p.reached.map { Double($0.months) })),
                         ("edition_then", .optional(p.reached?.card.edition)), ("total_then", .optional(p.reached?.card.total)),
                         ("actions", .array(p.actions.map { .object([("action", .string($0.description)), ("action_zh", .string($0.descriptionZh)), ("gain", .number($0.gain))]) }))])
            })),
            ("disclaimer", .string(ScoreCard.disclaimer)),
        ])
    }
}

extension RuleLibrary {
    /// Projects the profile month by month in each city under the edition in force then, and
    /// ranks the actions worth most; years outside `PlanRequest.yearRange` are an `InputError`.
    public func plan(_ request: PlanRequest) throws -> PlanResult {
        guard PlanRequest.yearRange.contains(request.years) else {
            throw InputError(file: "--years", "must be between 0 and 40 (found \(request.years))")
        }
        var editions: [Edition] = []
        let plans: [CityPlan] = try cities(request.cities, on: request.asOf).map { city in
            editions.append(try book.edition(city: city, on: request.asOf))
            let now = scorer(try edition(city: city, on: request.asOf, reform: request.reform))
            let card = try now.score(request.profile, asOf: request.asOf)
            let reached = try Projection.firstReaching(request.profile, in: now.edition.place, from: request.asOf,
                                                       years: request.years) { day in
                scorer(try edition(city: city, on: day, reform: request.reform))
            }
            return CityPlan(city: city, scenario: Projection.scenario(request.profile, in: now.edition.place, from: request.asOf),
                            now: card, reached: reached,
                            actions: try Action.best(for: request.profile, scorer: now, asOf: request.asOf))
        }
        return PlanResult(asOf: request.asOf, years: request.years, plans: plans,
                          warnings: unreformedWarnings(editions, by: request.reform))
    }
}
