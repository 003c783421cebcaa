import JifenAnalyses
import JifenPolicy
import JifenTestSupport
import Testing

/// A server's library finds the editions in force by looking the day up among spans worked out
/// at start; the command line's asks the rule book each time. Both must answer alike on every
/// day, the days editions start and end included, and refuse alike where there is no edition.
@Suite struct EditionsInForceTests {
    @Test func theServersLookupAnswersAsTheRuleBookOnEveryDay() throws {
        let book = try Rulebook.load(directory: Fixtures.datasets.appendingPathComponent("rules"))
        let server = RuleLibrary(book, compileAll: true), cli = RuleLibrary(book)
        // Every day from 2007 to 2032: each edition's first and last days and the days around them.
        let days = (0..<(365 * 26)).map { Day(daysSince1970: 365 * 37 + 9 + $0) }
        let bounds = book.editions.flatMap { [$0.inForceFrom] + ($0.inForceTo.map { [$0] } ?? []) }
        #expect(bounds.allSatisfy { $0 > days[0] && $0 < days[days.count - 1] })
        #expect(days.contains { cli.cities(nil, on: $0).isEmpty } && days.contains { !cli.cities(nil, on: $0).isEmpty })
        for day in days {
            #expect(server.cities(nil, on: day) == cli.cities(nil, on: day), "\(day)")
            for city in book.cities + ["nowhere"] {
                let fromServer = Result { try server.edition(city: city, on: day).id }
                let fromBook = Result { try book.edition(city: city, on: day).id }
                switch (fromServer, fromBook) {
                case let (.success(a), .success(b)): #expect(a == b, "\(city) \(day)")
                case let (.failure(a), .failure(b)): #expect("\(a)" == "\(b)", "\(city) \(day)")
                default: Issue.record("\(city) \(day): \(fromServer) against \(fromBook)")
                }
            }
        }
    }
}
