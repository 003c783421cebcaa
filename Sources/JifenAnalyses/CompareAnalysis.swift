import JifenPolicy

/// One profile scored in several cities side by side.
public struct CompareRequest: Sendable {
    public var profile: Profile
    /// City ids; `nil` for every city with an edition in force on `asOf`.
    public var cities: [String]?
    public var asOf: Day
    public var reform: Reform?

    public init(profile: Profile, cities: [String]? = nil, asOf: Day, reform: Reform? = nil) {
        self.profile = profile
        self.cities = cities
        self.asOf = asOf
        self.reform = reform
    }
}

/// Score cards per city, with the best fit named.
public struct CompareResult: Sendable {
    public var comparison: Comparison

    /// The `compare --format json` document.
    public var json: JSON {
        .object([("as_of", .string(comparison.asOf.description)), ("cities", .array(comparison.cards.map(\.json))),
                 ("best", .optional(comparison.best)), ("reason", .string(comparison.reason)),
                 ("disclaimer", .string(ScoreCard.disclaimer))])
    }
}

extension RuleLibrary {
    /// Scores the profile under each city's edition in force (reformed where the reform applies);
    /// an unknown city, or one with no edition in force, is an `InputError`.
    public func compare(_ request: CompareRequest) throws -> CompareResult {
        let scorers = try cities(request.cities, on: request.asOf).map { city in
            scorer(try edition(city: city, on: request.asOf, reform: request.reform))
        }
        return CompareResult(comparison: try Comparison(profile: request.profile, scorers: scorers, asOf: request.asOf,
                                                        reform: request.reform?.id))
    }
}
