import Foundation
import JifenPolicy
import Testing
@testable import JifenSimulation

/// Scores uniform on [0, 1000]; education drawn on a latent with two free shares, and the
/// latents' correlation free. The test edition does not read education: the shares only have to
/// be set, checked and carried through a fit.
private func twoFreeShares(correlation: String = "{min: -0.9, max: 0.9}") throws -> PoolModel {
    try PoolModel.parse("""
        model: two-free-shares
        places: [testcity]
        pool: 3000
        latent:
          names: [tenure, schooling, standing]
          correlation: [[1, 0, 0.5], [0, 1, 0.5], [0.5, 0.5, 1]]
          source: test fixture
          confidence: assumed
          note: "tenure and schooling both go with standing"
        attributes:
          places.testcity.insured_months:
            uniform: {min: 0, max: 1000}
            latent: tenure
            source: test fixture
            confidence: assumed
            note: "scores uniform on [0, 1000]"
          education.level:
            categorical: {junior_college: 0.2, bachelor: 0.3, master: 0.4, doctor: 0.1}
            latent: schooling
            source: test fixture
            confidence: assumed
            note: "two of four shares free"
        free:
          pool: {min: 1000, max: 16000}
          education.level.share.bachelor: {min: 0.1, max: 0.7}
          education.level.share.master: {min: 0.1, max: 0.7}
          latent.correlation.tenure.schooling: \(correlation)
        """, file: "two-free-shares.yaml")
}

private func shares(_ m: PoolModel) -> [String: Double] {
    guard case .categorical(let outcomes) = m.attribute("education.level")?.marginal else { return [:] }
    return Dictionary(uniqueKeysWithValues: outcomes.map { ($0.name, $0.share) })
}

/// Setting bachelor 0.5 and master 0.4 leaves 0.1 for junior college and doctor, in their declared
/// 2 : 1 proportion; setting one share used to rescale the other, so the first one set was lost.
@Test func twoFreeSharesOfOneCategoricalAreSetExactlyInAnyOrder() throws {
    let model = try twoFreeShares()
    for order in [[("education.level.share.bachelor", 0.5), ("education.level.share.master", 0.4)],
                  [("education.level.share.master", 0.4), ("education.level.share.bachelor", 0.5)]] {
        let s = shares(try model.setting(order.map { (name: $0.0, value: $0.1) }))
        #expect(abs(s["bachelor"]! - 0.5) < 1e-12)
        #expect(abs(s["master"]! - 0.4) < 1e-12)
        #expect(abs(s["junior_college"]! - 0.1 * 2 / 3) < 1e-12)
        #expect(abs(s["doctor"]! - 0.1 / 3) < 1e-12)
    }
    // One at a time, the other free share keeps its value.
    let one = shares(try model.setting("education.level.share.bachelor", to: 0.5))
    #expect(abs(one["master"]! - 0.4) < 1e-12)
    #expect(abs(one["junior_college"]! + one["doctor"]! - 0.1) < 1e-12)
}

@Test func freeSharesPastOneAreOutsideTheSupport() throws {
    let model = try twoFreeShares()
    let past = [(name: "education.level.share.bachelor", value: 0.6), (name: "education.level.share.master", value: 0.5)]
    let reason = try #require(model.outsideSupport(past))
    #expect(reason.contains("education.level") && reason.contains("1.1"))
    #expect(throws: InputError.self) { try model.setting(past) }
    #expect(model.outsideSupport([(name: "education.level.share.bachelor", value: 0.6)]) == nil)
    // Every outcome free leaves nothing to take up the rest.
    #expect(throws: InputError.self) {
        try PoolModel.parse("""
            model: m
            places: [testcity]
            attributes:
              education.level: {categorical: {bachelor: 0.5, master: 0.5}, source: s, confidence: assumed, note: n}
            free:
              education.level.share.bachelor: {min: 0.1, max: 0.9}
              education.level.share.master: {min: 0.1, max: 0.9}
            """, file: "m.yaml")
    }
}

/// Tenure and schooling both correlate 0.5 with standing, so their own correlation must stay above
/// 2·0.25 − 1 = −0.5 for the matrix to be positive definite.
@Test func aFreeCorrelationIsSymmetricAndPositiveDefinite() throws {
    let model = try twoFreeShares()
    let set = try model.setting("latent.correlation.tenure.schooling", to: -0.3)
    #expect(set.correlation[0][1] == -0.3 && set.correlation[1][0] == -0.3)
    #expect(try set.value(of: set.free[3]) == -0.3)
    #expect(model.outsideSupport([(name: "latent.correlation.tenure.schooling", value: -0.45)]) == nil)
    #expect(model.outsideSupport([(name: "latent.correlation.tenure.schooling", value: -0.55)]) != nil)
    #expect(throws: InputError.self) { try twoFreeShares(correlation: "{min: -1.5, max: 0}") }
    #expect(throws: InputError.self) { try model.setting("latent.correlation.tenure.nothing", to: 0) }
}

/// A fit whose prior box lets the two shares add up past 1 (and the correlation leave the positive
/// definite matrices) keeps only valid particles, each within its declared range, and every one of
/// them makes a model with exactly its values. Before the fix a particle recorded the first share
/// after the second had rescaled it, outside its range, and loading the posterior refused it.
@Test func aFitWithTwoFreeSharesKeepsEveryParticleValid() throws {
    let model = try twoFreeShares()
    let abc = PosteriorCalibration(edition: try SimFixtures.testEdition(),
                                   targets: CalibrationTargets(admitted: 400, scores: [("cutoff", 942.9), ("median", 971.4)]),
                                   particles: 40, generations: 3, replicates: 2, pilotReplicates: 8, seed: 5, threads: 2)
    let posterior = try abc.run(model).posterior
    let names = posterior.parameters.map(\.name)
    for (i, values) in posterior.particles.enumerated() {
        for (k, p) in posterior.parameters.enumerated() { #expect((p.lower...p.upper).contains(values[k]), "\(p.name) = \(values[k])") }
        #expect(values[1] + values[2] <= 1 + 1e-9)
        let m = try posterior.model(model, particle: i)
        for (k, name) in names.enumerated() where name.hasPrefix("education") {
            #expect(abs(try m.value(of: posterior.parameters[k]) - values[k]) < 1e-12)
        }
    }
    // The declared ranges, drawn for a forecast, give valid models too.
    let uncertainty = PoolUncertainty(base: model, source: .declaredRanges)
    let settings = SimulationSettings(pool: 3000, quota: 400, replicates: 2)
    for g in 0..<200 { #expect(model.outsideSupport(uncertainty.values(group: g, settings)) == nil) }
}
