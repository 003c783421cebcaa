import Foundation
import JifenPolicy

/// The rule books an analysis reads, with each edition compiled at most once.
///
/// The command line builds one per invocation and compiles only what it scores; the server
/// builds one at start with every edition compiled, so no request pays for compilation.
public struct RuleLibrary: Sendable {
    /// Every edition, as loaded and validated.
    public let book: Rulebook
    private let compiled: [String: Scorer]
    /// The editions in force by day, worked out once with `compileAll`.
    private let inForce: EditionsInForce?

    /// `compileAll` compiles every edition now (for a long-running process).
    public init(_ book: Rulebook, compileAll: Bool = false) {
        self.book = book
        compiled = compileAll ? Dictionary(uniqueKeysWithValues: book.editions.map { ($0.id, Scorer($0)) }) : [:]
        inForce = compileAll ? EditionsInForce(book) : nil
    }

    /// Loads and validates the rule books under `directory`.
    public static func load(directory: URL, compileAll: Bool = false) throws -> RuleLibrary {
        RuleLibrary(try Rulebook.load(directory: directory), compileAll: compileAll)
    }

    /// The scorer of `edition`: the precompiled one when the edition is a loaded one, unreformed.
    public func scorer(_ edition: Edition) -> Scorer {
        if let s = compiled[edition.id], !edition.id.contains("+") { return s }
        return Scorer(edition)
    }

    /// `edition`, reformed when a reform is given. With `acrossCities` (several cities or dates at
    /// once: compare, plan), an edition the reform was not written for is left as published;
    /// otherwise the reform refuses it, naming the editions it applies to.
    public func reformed(_ edition: Edition, by reform: Reform?, acrossCities: Bool = false) throws -> Edition {
        guard let reform else { return edition }
        if acrossCities, !reform.applies(to: edition.id) { return edition }
        return try reform.apply(to: edition.id, in: book)
    }

    /// What to tell a reader when `reform`, given for several cities or dates, leaves an edition
    /// of its own city as published; nil when it applies (or concerns another city).
    public func unreformedWarning(_ edition: Edition, by reform: Reform?) -> String? {
        guard let reform, !reform.applies(to: edition.id), reform.city == nil || reform.city == edition.city else { return nil }
        return "reform \(reform.id) applies to \(reform.appliesToPhrase); \(edition.id) is scored as published, without it"
    }

    /// The edition of `city` in force on `day`, reformed where the reform applies (across cities).
    public func edition(city: String, on day: Day, reform: Reform?) throws -> Edition {
        try reformed(edition(city: city, on: day), by: reform, acrossCities: true)
    }

    /// The warnings `unreformedWarning` gives for these editions, each once, in order.
    func unreformedWarnings(_ editions: [Edition], by reform: Reform?) -> [String] {
        var seen = Set<String>()
        return editions.compactMap { unreformedWarning($0, by: reform) }.filter { seen.insert($0).inserted }
    }

    /// The cities an analysis covers: those named, or every city with an edition in force on `day`.
    public func cities(_ named: [String]?, on day: Day) -> [String] {
        named ?? inForce?.defaultCities(on: day) ?? Comparison.defaultCities(book, on: day)
    }

    /// The edition of `city` in force on `day` (`Rulebook.edition(city:on:)`, which says why
    /// there is none).
    public func edition(city: String, on day: Day) throws -> Edition {
        if let e = inForce?.edition(city: city, on: day) { return e }
        return try book.edition(city: city, on: day)
    }
}
