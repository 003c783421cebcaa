import Foundation
@testable import JifenPolicy
import JifenTestSupport
import Testing

/// Properties every shipped edition must have, over many random applicants.
@Suite struct PropertyTests {
    static let book = Result { try Rulebook.load(directory: Fixtures.datasets.appendingPathComponent("rules")) }
    static let editions = ((try? book.get().editions) ?? []).map(\.id)

    func scorer(_ id: String) throws -> Scorer { Scorer(try Self.book.get().edition(id)) }

    @Test(arguments: editions)
    func moreInsuredMonthsNeverLowersAScore(_ id: String) throws {
        let s = try scorer(id)
        let asOf = s.edition.inForceFrom.adding(months: 3)
        var random = RandomProfiles(seed: 7)
        for _ in 0..<150 {
            let p = random.profile(asOf: asOf)
            var more = p
            let extra = random.int(1...60)
            for i in more.places.indices {
                more.places[i].place.insuredMonths = (more.places[i].place.insuredMonths ?? 0) + extra
            }
            #expect(try s.score(more, asOf: asOf).total >= s.score(p, asOf: asOf).total - 1e-9)
        }
    }

    @Test(arguments: editions)
    func capsHold(_ id: String) throws {
        let s = try scorer(id)
        let asOf = s.edition.inForceFrom.adding(months: 3)
        var random = RandomProfiles(seed: 11)
        for _ in 0..<150 {
            let card = try s.score(random.profile(asOf: asOf), asOf: asOf)
            for line in card.lines {
                guard let ind = s.edition.indicator(line.indicator), let cap = ind.cap?.value else { continue }
                #expect(abs(line.points) <= cap + 1e-9, "\(id) \(line.indicator) \(line.points) > cap \(cap)")
            }
            for g in s.edition.groups {
                guard let cap = g.cap?.value else { continue }
                let inGroup = card.lines.filter { l in
                    var group: String? = l.group
                    while let current = group, current != g.id { group = s.edition.group(current)?.parent }
                    return group == g.id
                }
                #expect(inGroup.map(\.points).reduce(0, +) <= cap + 1e-9, "\(id) group \(g.id) over its cap")
            }
            if let floor = s.edition.floor?.value { #expect(card.total >= floor) }
        }
    }

    @Test(arguments: editions)
    func vetoesRemoveEligibility(_ id: String) throws {
        let s = try scorer(id)
        let asOf = s.edition.inForceFrom.adding(months: 3)
        var random = RandomProfiles(seed: 13)
        for veto in s.edition.vetoes {
            for kind in veto.kinds {
                var p = random.profile(asOf: asOf)
                p.conduct = (p.conduct ?? []) + [ConductRecord(kind: kind, date: asOf.adding(months: -1), place: s.edition.place)]
                let card = try s.score(p, asOf: asOf)
                #expect(card.vetoed && !card.eligible, "\(id): \(kind) does not veto")
            }
        }
    }

    @Test(arguments: editions)
    func deductionsRespectTheirLookBack(_ id: String) throws {
        let s = try scorer(id)
        let asOf = s.edition.inForceFrom.adding(months: 3)
        var random = RandomProfiles(seed: 17)
        for ind in s.edition.indicators {
            guard let rule = ind.kind.rule as? DeductionsRule else { continue }
            for kind in rule.points.map(\.kind) {
                guard let years = rule.window(kind)?.value else { continue }
                var p = random.profile(asOf: asOf)
                p.conduct = nil
                let clean = try s.score(p, asOf: asOf)
                p.conduct = [ConductRecord(kind: kind, date: asOf.adding(months: -Int(years * 12) - 1), place: s.edition.place)]
                let old = try s.score(p, asOf: asOf)
                #expect(old.lines.first { $0.indicator == ind.id }?.points == 0, "\(id): an expired \(kind) still deducts")
                p.conduct = [ConductRecord(kind: kind, date: asOf.adding(months: -1), place: s.edition.place)]
                let recent = try s.score(p, asOf: asOf)
                #expect((recent.lines.first { $0.indicator == ind.id }?.points ?? 0) < 0 || clean.total == 0,
                        "\(id): a recent \(kind) does not deduct")
            }
        }
    }
}
