import JifenPolicy

/// Which editions are in force on which day, worked out once for a rule book: between two
/// consecutive days on which some edition comes into or goes out of force, the same editions
/// are in force, so a long-running server looks a request's date up among a few spans rather
/// than filtering every edition per request.
struct EditionsInForce: Sendable {
    /// The first day of each span, ascending; before the first no edition is in force.
    private let starts: [Day]
    /// Per span: the cities a comparison covers by default, and each city's edition in force.
    private let spans: [(cities: [String], editions: [String: Edition])]

    init(_ book: Rulebook) {
        starts = Array(Set(book.editions.flatMap { [$0.inForceFrom] + ($0.inForceTo.map { [$0] } ?? []) })).sorted()
        let cities = book.cities
        // Each span as the rule book answers for its first day (the same answer as for every day in it).
        spans = starts.map { day in
            let inForce = cities.compactMap { city in (try? book.edition(city: city, on: day)).map { (city, $0) } }
            return (Comparison.defaultCities(book, on: day), Dictionary(uniqueKeysWithValues: inForce))
        }
    }

    private func span(on day: Day) -> Int? {
        var low = 0, high = starts.count
        while low < high {
            let mid = (low + high) / 2
            if starts[mid] <= day { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : low - 1
    }

    /// The cities a comparison covers by default on `day` (`Comparison.defaultCities`).
    func defaultCities(on day: Day) -> [String] {
        span(on: day).map { spans[$0].cities } ?? []
    }

    /// The edition of `city` in force on `day`; nil for an unknown city or none in force.
    func edition(city: String, on day: Day) -> Edition? {
        span(on: day).flatMap { spans[$0].editions[city] }
    }
}
