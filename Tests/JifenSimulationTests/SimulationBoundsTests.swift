import Foundation
import JifenPolicy
import JifenSimulation
import JifenTestSupport
import Testing

/// Sizes are checked against stated bounds before anything is allocated, and pool models name
/// only districts that exist.
@Suite struct SimulationBoundsTests {
    func message(_ settings: SimulationSettings) -> String? {
        do {
            try settings.validate()
            return nil
        } catch {
            return error.description
        }
    }

    @Test func poolsReplicatesAndThreadsHaveStatedBounds() throws {
        let ok = SimulationSettings(pool: SimulationSettings.maxPool, quota: 10, replicates: SimulationSettings.maxReplicates)
        #expect(message(ok) == nil)
        let pool = try #require(message(SimulationSettings(pool: 4_611_686_018_427_387_904, quota: 10)))
        #expect(pool.contains("5000000"))
        let replicates = try #require(message(SimulationSettings(pool: 100, quota: 10, replicates: 1_000_000_000_000)))
        #expect(replicates.contains("100000"))
        #expect(message(SimulationSettings(pool: 100, quota: 10, threads: Int.max)) != nil)
    }

    static let model = """
    model: m
    places: [tianjin]
    pool: 100
    attributes:
      places.tianjin.settle_district:
        categorical: {binhai: 0.5, nankai: 0.5}
        source: test
        confidence: assumed
        note: "shares assumed"
    """

    @Test func aModelPoolOverTheBoundIsAnErrorAtItsLine() throws {
        let e = try #require(throws: InputError.self) {
            try PoolModel.parse(Self.model.replacingOccurrences(of: "pool: 100", with: "pool: 1000000000000"), file: "m.yaml")
        }
        #expect(e.line == 3 && e.message.contains("5000000"))
    }

    @Test func aFreePoolSetBeyondTheBoundIsAnError() throws {
        let model = try PoolModel.parse(Self.model, file: "m.yaml")
        #expect(try model.setting("pool", to: 2000).pool == 2000)
        #expect(throws: InputError.self) { try model.setting("pool", to: 1e300) }
        #expect(throws: InputError.self) { try model.setting("pool", to: .nan) }
    }

    @Test func anUnknownDistrictIsRejectedAgainstTheEditionsDistricts() throws {
        // The district list is the rule book's, so the check comes when the model meets an edition.
        let edition = try Rulebook.load(directory: Fixtures.datasets.appendingPathComponent("rules")).edition("tianjin/2018")
        #expect(throws: Never.self) { try Simulation(model: try PoolModel.parse(Self.model, file: "m.yaml"), edition: edition) }
        let misspelt = try PoolModel.parse(Self.model.replacingOccurrences(of: "nankai:", with: "nankia:"), file: "m.yaml")
        let e = try #require(throws: InputError.self) { try Simulation(model: misspelt, edition: edition) }
        #expect(e.message.contains("unknown tianjin district"))
        #expect(e.message.contains("did you mean 'nankai'"))
        #expect(e.key?.hasSuffix("nankia") == true)
    }
}
