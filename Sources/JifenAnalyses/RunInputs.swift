import JifenPolicy
import JifenStore

/// What a run used, pinned by content: the part of a `RunStart` a front end knows.
public struct RunInputs: Sendable {
    public var seed: UInt64?
    public var generator: String?
    /// The editions used, in order; each is pinned by its `contentHash`.
    public var editions: [Edition]
    public var reform: Reform?
    /// The pool model file as the run names it, hashed as text.
    public var population: String?

    public init(seed: UInt64? = nil, generator: String? = nil, editions: [Edition] = [], reform: Reform? = nil, population: String? = nil) {
        self.seed = seed
        self.generator = generator
        self.editions = editions
        self.reform = reform
        self.population = population
    }

    /// The run's start record; `read` gives the text of the pool model file the run names.
    public func start(command: String, arguments: [String], read: (String) throws -> String) throws -> RunStart {
        RunStart(command: command, arguments: arguments, seed: seed, generator: generator,
                 editions: editions.map { RunEdition(id: $0.id, hash: $0.contentHash) },
                 reformHash: reform?.contentHash, populationHash: try population.map { ContentHash.sha256(try read($0)) },
                 version: JifenVersion.current)
    }
}
