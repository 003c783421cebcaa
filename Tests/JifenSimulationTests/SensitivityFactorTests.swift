import Foundation
import JifenPolicy
import JifenStatistics
import JifenTestSupport
import Testing
@testable import JifenSimulation

/// Sensitivity perturbations keep a value's meaning, and the tornado orders by a ranking measure.
@Suite struct SensitivityFactorTests {
    static let book = Result { try Rulebook.load(directory: Fixtures.datasets.appendingPathComponent("rules")) }

    func factors(_ id: String) throws -> (Sensitivity, [PerturbedParameter], [SkippedParameter]) {
        let book = try Self.book.get()
        let model = try PoolModel.load(Fixtures.datasets.appendingPathComponent("populations/tianjin.yaml"))
        let s = Sensitivity(edition: try book.edition(id), model: model)
        let (c, k) = s.perturbations()
        return (s, c, k)
    }

    /// The artefact the old ±20 %-at-least-1 step made: "at least 1 invention patent" became
    /// "at least 0", giving everyone 20 points. The threshold may only rise.
    @Test func atLeastOnePatentNeverBecomesAtLeastZero() throws {
        let (s, candidates, _) = try factors("tianjin/2018")
        let patent = try #require(candidates.first { $0.path == "indicators.invention_patent.when[0].gte" })
        #expect(patent.low == 1 && patent.high == 2)
        #expect(patent.label == "Invention patent: condition invention_patents ≥ 1, 1 → 1 / 2")
        // No positive whole value is moved below 1 anywhere in the shipped rule books.
        for id in ["tianjin/2016", "tianjin/2018", "tianjin/2020", "tianjin/2022", "hangzhou/2018", "hangzhou/2021", "hangzhou/2023", "tongxiang/2022"] {
            let (_, all, _) = try factors(id)
            for p in all where p.whole && p.value >= 1 && !p.basis.hasPrefix("declared range") {
                #expect(p.low >= 1, "\(id) \(p.path): \(p.low)")
            }
        }
        _ = s
    }

    /// The boundary between the age bands up to 35 and 36–45 moves as one: both bands stay ordered
    /// and non-empty, and the next band's lower bound is not a factor of its own.
    @Test func aSharedBandBoundaryMovesBothBands() throws {
        let (s, candidates, skipped) = try factors("tianjin/2018")
        let age = try #require(candidates.first { $0.path == "indicators.age.bands[0].max" })
        #expect(age.low == 28 && age.high == 42)
        #expect(age.linked == [.init(path: "indicators.age.bands[1].min", value: 36)])
        #expect(age.label(at: 42) == "Age: upper bound of the band up to 35 (and lower bound of the band 36–45), 35 → 42")
        #expect(!candidates.contains { $0.path == "indicators.age.bands[1].min" })
        #expect(skipped.contains { $0.path == "indicators.age.bands[1].min" && $0.reason.contains("indicators.age.bands[0].max") })
        let moved = try s.edition(setting: age.settings(at: 42))
        guard case .bands(let bands)? = moved.indicators.first(where: { $0.id == "age" })?.kind.layout else {
            Issue.record("age is not banded")
            return
        }
        #expect(bands[0].max?.value == 42 && bands[1].min?.value == 43 && bands[1].max?.value == 45)
    }

    /// Every factor of every shipped edition, at both ends, is a valid edition whose bands stay
    /// ordered and non-empty and whose whole values stay whole.
    @Test func everyFactorAtEitherEndKeepsBandsOrderedAndWholeValuesWhole() throws {
        for id in ["tianjin/2018", "hangzhou/2023", "tongxiang/2022"] {
            let (s, candidates, _) = try factors(id)
            for p in candidates {
                for x in [p.low, p.high] {
                    for (path, v) in p.settings(at: x) where p.whole {
                        #expect(v.rounded() == v, "\(id) \(path) = \(v)")
                    }
                    let e: Edition
                    do { e = try s.edition(setting: p.settings(at: x)) } catch {
                        Issue.record("\(id) \(p.path) at \(x): \(error)")
                        continue
                    }
                    for ind in e.indicators {
                        guard case .bands(let bands) = ind.kind.layout else { continue }
                        for (i, b) in bands.enumerated() {
                            if let lo = b.min?.value, let hi = b.max?.value { #expect(lo <= hi, "\(id) \(p.path) at \(x): \(ind.id) band \(i)") }
                            if i > 0, let prev = bands[i - 1].max?.value, let lo = b.min?.value {
                                #expect(prev < lo || (prev == lo && prev.rounded() != prev), "\(id) \(p.path) at \(x): \(ind.id) bands overlap")
                            }
                        }
                    }
                }
            }
        }
    }

    /// Dates in conditions are not perturbed (tianjin/2020 asks whether a home was bought before
    /// 2 April 2020), and labels are words, not paths.
    @Test func datesAreLeftOutAndLabelsAreWords() throws {
        let (_, dated, skippedDates) = try factors("tianjin/2020")
        let dates = skippedDates.filter { $0.reason.contains("a date") }
        #expect(!dates.isEmpty && dates.allSatisfy { $0.path.hasSuffix(".lt") })
        #expect(!dated.contains { c in dates.contains { $0.path == c.path } })
        for id in ["tianjin/2018", "tianjin/2020", "hangzhou/2023", "tongxiang/2022"] {
            let (_, candidates, _) = try factors(id)
            for p in candidates {
                #expect(!p.name.contains("indicators.") && !p.name.contains("["), "\(id): \(p.name)")
            }
        }
    }

    /// Both lists are ordered by their own measure: the tornado rows by the share of the admitted
    /// who flip (then the Kendall tau-b distance), the cutoff list by the cutoff swing; moving an
    /// age boundary reorders applicants.
    @Test func tornadoOrdersByTheRankingMeasureAndListsTheCutoffApart() throws {
        let withAge = WhatIfFixtures.rules + """

          - id: age
            name: Age
            group: basic
            kind: bands
            input: age
            bands:
              - {max: 35, points: 20}
              - {min: 36, max: 45, points: 10}
            rule: "35 or younger: 20; 36-45: 10"
            cite: {source: fixture, clause: "age", confidence: verbatim}
        """
        let book = try TestRules(["testcity/2020.yaml": withAge]).load()
        let model = try WhatIfFixtures.load().2
        let t = try Sensitivity(edition: try book.edition("testcity/2020"), model: model)
            .tornado(SimulationSettings(pool: 500, quota: 100, replicates: 3, seed: 1, threads: 2))
        let boundary = try #require(t.rows.first { $0.parameter.path == "indicators.age.bands[0].max" })
        #expect(boundary.rankingChange > 0 && boundary.flipShare > 0)
        for (a, b) in zip(t.rows, t.rows.dropFirst()) {
            #expect(a.flipShare > b.flipShare || (a.flipShare == b.flipShare && a.rankingChange >= b.rankingChange))
        }
        for (a, b) in zip(t.rowsByCutoff, t.rowsByCutoff.dropFirst()) { #expect(a.swing >= b.swing) }
    }
}
