import Foundation
import JifenPolicy

/// The rule books an analysis reads, with each edition's scoring plan compiled at most once.
///
/// The command line builds one per invocation and compiles only what it scores; the server
/// builds one at start with every edition compiled, so no request pays for compilation.
public struct RuleLibrary: Sendable {
    /// Every edition, as loaded and validated.
    public let book: Rulebook
    private let compiled: [String: Scorer]

    /// `compileAll` compiles every edition now (for a long-running process).
    public init(_ book: Rulebook, compileAll: Bool = false) {
        self.book = book
        compiled = compileAll ? Dictionary(uniqueKeysWithValues: book.editions.map { ($0.id, Scorer($0)) }) : [:]
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

    /// `edition`, reformed when a reform is given and applies to its city.
    public func reformed(_ edition: Edition, by reform: Reform?) throws -> Edition {
        guard let reform, reform.city == nil || reform.city == edition.city else { return edition }
        return try reform.apply(to: edition.id, in: book)
    }

    /// The edition of `city` in force on `day`, reformed when the reform applies to the city.
    public func edition(city: String, on day: Day, reform: Reform?) throws -> Edition {
        try reformed(book.edition(city: city, on: day), by: reform)
    }

    /// The cities an analysis covers: those named, or every city with an edition in force on `day`.
    public func cities(_ named: [String]?, on day: Day) -> [String] {
        named ?? Comparison.defaultCities(book, on: day)
    }
}
