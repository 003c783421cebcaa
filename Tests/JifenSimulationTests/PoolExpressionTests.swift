import Foundation
import JifenPolicy
import JifenSimulation
import JifenStatistics
import JifenTestSupport
import Testing

/// Pools hold no dates and no yearly histories: the rule book's input expressions are computed
/// from the drawn attributes, windows on the edition's first day in force (simulation.md).
@Suite struct PoolExpressionTests {
    @Test func beijingsExpressionsAreComputedFromTheDrawnAttributes() throws {
        let book = try Rulebook.load(directory: Fixtures.datasets.appendingPathComponent("rules"))
        let edition = try book.edition("beijing/2020")
        let model = try PoolModel.load(Fixtures.datasets.appendingPathComponent("populations/beijing.yaml"))
        let compiled = Scorer(edition).compiled
        let gen = try PoolGenerator(model: model, compiled: compiled, allAttributes: true)
        let n = 4096
        var b = PoolGenerator.Buffers(generator: gen, count: n)
        gen.generate(into: &b, from: RandomStream(seed: 5))
        func attribute(_ path: String) -> [Double] { b.attributes[model.attributes.firstIndex { $0.path == path }!] }
        func column(_ input: String) throws -> [Double] {
            let f = try #require(compiled.features.firstIndex { $0.description == input }, "\(input) is not a feature")
            return b.table.columns[f]
        }
        let insured = attribute("places.beijing.insured_months"), home = attribute("places.beijing.home.months")
        let owned = try column("min_of(places.beijing.home.months, places.beijing.insured_months)")
        // On 2020-01-01 every insured month is before August 2020 and no registered rent is after
        // it, so the rented months are the insured months not spent in the home.
        let rented = try column("min_of(sum_of(months_of(places.beijing.insured_months, to 2020-08-01), "
                                + "months_of(places.beijing.rented_months, from 2020-08-01)), "
                                + "minus(places.beijing.insured_months, places.beijing.home.months))")
        // 2018-01-01 to 2020-01-01: at most 24 months of a home count for 职住区域.
        let jobHome = try column("months_of(places.beijing.home.months, from 2018-01-01)")
        for j in 0..<n {
            #expect(owned[j] == min(home[j], insured[j]))
            #expect(rented[j] == max(0, insured[j] - home[j]))
            #expect(jobHome[j] == min(home[j], 24))
        }
        #expect(home.contains { $0 > 24 } && home.contains { $0 > 0 && $0 < 24 }, "the draws reach both sides of the window")
        // No yearly histories: the yearly rule reads nothing, the total rule applies.
        #expect(try column("places.beijing.income_tax_years").allSatisfy { $0 == 0 })
    }
}
