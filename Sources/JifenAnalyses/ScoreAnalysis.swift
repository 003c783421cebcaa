import JifenPolicy

/// One profile scored under one edition: the edition named, or the city's edition in force.
public struct ScoreRequest: Sendable {
    public var profile: Profile
    public var city: String?
    /// An edition id; overrides `city`.
    public var edition: String?
    public var asOf: Day
    public var reform: Reform?

    public init(profile: Profile, city: String? = nil, edition: String? = nil, asOf: Day, reform: Reform? = nil) {
        self.profile = profile
        self.city = city
        self.edition = edition
        self.asOf = asOf
        self.reform = reform
    }
}

/// A score card with every point explained.
public struct ScoreResult: Sendable {
    public var card: ScoreCard
}

extension ScoreResult: JSONDocument {
    /// The `score --format json` document.
    public func write(to w: inout JSONWriter) { card.write(to: &w) }
}

extension RuleLibrary {
    /// Scores the request's profile; an unknown city or edition, or a date no edition covers, is
    /// an `InputError`.
    public func score(_ request: ScoreRequest) throws -> ScoreResult {
        let base: Edition
        if let id = request.edition {
            base = try book.edition(id)
        } else if let city = request.city {
            base = try book.edition(city: city, on: request.asOf)
        } else {
            throw InputError(file: "--city", "give a city or an edition to score against")
        }
        let edition = try reformed(base, by: request.reform)
        return ScoreResult(card: try scorer(edition).score(request.profile, asOf: request.asOf, reform: request.reform?.id))
    }
}
