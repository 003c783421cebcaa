import Foundation
import JifenPolicy

/// One profile scored in several cities side by side.
public struct CompareRequest: Sendable {
    public var profile: Profile
    /// City ids; `nil` for every city with an edition in force on `asOf`.
    public var cities: [String]?
    public var asOf: Day
    public var reform: Reform?
    /// The simulated rounds for the chance of admission where a city ranks against a quota; nil
    /// to leave chances out (each city's round costs a simulation the first time).
    public var chances: AdmissionRounds?

    public init(profile: Profile, cities: [String]? = nil, asOf: Day, reform: Reform? = nil, chances: AdmissionRounds? = nil) {
        self.profile = profile
        self.cities = cities
        self.asOf = asOf
        self.reform = reform
        self.chances = chances
    }
}

/// Score cards per city, with the best fit named.
public struct CompareResult: Sendable {
    public var comparison: Comparison
    /// Editions of the reform's city it was not written for, scored as published.
    public var warnings: [String]
}

extension CompareResult: JSONDocument {
    /// The `compare --format json` document.
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.field("as_of", comparison.asOf.description)
        w.key("cities")
        w.beginArray()
        // Through the buffer: taking a card from the array copied (retained) each of its fields.
        comparison.cards.withUnsafeBufferPointer { cards in
            for i in cards.indices { cards[i].write(to: &w) }
        }
        w.endArray()
        w.key("chances")
        w.beginArray()
        for card in comparison.cards {
            guard let chance = comparison.chances[card.city] else { continue }
            w.beginObject()
            w.field("city", card.city)
            w.field("probability", chance.probability)
            w.field("text", chance.text)
            w.endObject()
        }
        w.endArray()
        w.field("best", comparison.best)
        w.field("reason", comparison.reason)
        w.field("disclaimer", ScoreCard.disclaimer)
        w.endObject()
    }
}

extension RuleLibrary {
    /// Scores the profile under each city's edition in force (reformed where the reform applies);
    /// an unknown city, or one with no edition in force, is an `InputError`.
    public func compare(_ request: CompareRequest) throws -> CompareResult {
        let published = try cities(request.cities, on: request.asOf).map { try edition(city: $0, on: request.asOf) }
        let scorers = try published.map { scorer(try reformed($0, by: request.reform, acrossCities: true)) }
        let chance = request.chances.map { rounds in
            { (card: ScoreCard, edition: Edition) throws -> Comparison.Chance? in
                try rounds.chance(card, edition: edition).map { .init(probability: $0.probability, text: $0.phrase) }
            }
        }
        return CompareResult(comparison: try Comparison(profile: request.profile, scorers: scorers, asOf: request.asOf,
                                                        reform: request.reform?.id, chance: chance),
                             warnings: unreformedWarnings(published, by: request.reform))
    }
}
