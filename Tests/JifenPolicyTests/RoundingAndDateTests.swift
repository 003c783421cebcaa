import Foundation
import JifenPolicy
import JifenTestSupport
import Testing

/// Item rounding as rule-book data, dates in conditions and the continuous-insurance input, on
/// the fixture edition; expected values worked by hand.
@Suite struct RoundingAndDateTests {
    @Test func daysCountFrom1970AsTheGregorianCalendarDoes() {
        // Foundation's calendar switches to the Julian calendar before 1582, so it is the
        // reference from 1583 on; earlier days are checked against worked values.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let epoch = Date(timeIntervalSince1970: 0)
        for days in stride(from: -140_000, through: 800_000, by: 997) + [-1, 0, 1, 59, 60, 11_016, 19_782] {
            let parts = calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: .day, value: days, to: epoch)!)
            #expect(Day(daysSince1970: days) == Day(year: parts.year!, month: parts.month!, day: parts.day!), "\(days)")
        }
        #expect(Day(daysSince1970: 11_016).description == "2000-02-29")
        #expect(Day(daysSince1970: -719_528).description == "0000-01-01")
        let before = calendar.dateComponents([.year, .month, .day], from: Date())
        let today = Day.today
        let after = calendar.dateComponents([.year, .month, .day], from: Date())
        #expect([before, after].contains { Day(year: $0.year!, month: $0.month!, day: $0.day!) == today })
    }

    let asOf = Day("2024-06-01")!

    /// The fixture with `extra` appended at the top level.
    func scorer(_ extra: String) throws -> Scorer {
        Scorer(try TestRules(["testcity/2020.yaml": TestRules.base + "\n" + extra]).load().edition("testcity/2020"))
    }

    func card(_ s: Scorer, _ yaml: String) throws -> ScoreCard {
        try s.score(Profile.decode(Tree.parse(yaml, file: "t.yaml"), today: asOf), asOf: asOf)
    }

    func points(_ c: ScoreCard, _ id: String) -> Double? { c.lines.first { $0.indicator == id }?.points }

    /// Aged 34 (age 20) with 14 insured months: insurance 14 / 12 × 1 = 1.1666…
    let applicant = "birth_date: 1990-01-01\nplaces: {testcity: {insured_months: 14, residence_months: 14}}"

    func rounding(_ mode: String, whole: String = "[]") -> String {
        """
        rounding:
          places: 2
          mode: \(mode)
          whole_groups: \(whole)
          rule: items kept to 0.01
          cite: {source: doc, clause: "art. 14", confidence: verbatim}
        """
    }

    @Test func eachItemIsCutToTheQuantumBeforeTheSum() throws {
        let c = try card(try scorer(rounding("down")), applicant)
        #expect(points(c, "insurance") == 1.16)
        #expect(points(c, "age") == 20)
        #expect(c.total == 21.16)
        #expect(c.lines.first { $0.indicator == "insurance" }?.detail.contains("items kept to 0.01: 1.166667 → 1.16") == true)
    }

    @Test func halfUpRoundsToTheNearest() throws {
        let c = try card(try scorer(rounding("half_up")), applicant)
        #expect(points(c, "insurance") == 1.17)
        #expect(c.total == 21.17)
    }

    @Test func withoutRoundingScoresAreExact() throws {
        let c = try card(try scorer(""), applicant)
        #expect(abs((points(c, "insurance") ?? 0) - 14.0 / 12) < 1e-12)
        #expect(c.total == 21.166667)
    }

    @Test func aGroupRoundedWholeShowsOneRoundingLine() throws {
        let c = try card(try scorer(rounding("down", whole: "[basic]")), applicant)
        // The members stay exact; the group's subtotal 21.1666… is cut to 21.16.
        #expect(abs((points(c, "insurance") ?? 0) - 14.0 / 12) < 1e-12)
        let line = try #require(c.lines.first { $0.indicator == "round:basic" })
        #expect(abs(line.points - (21.16 - (20 + 14.0 / 12))) < 1e-9)
        #expect(c.total == 21.16)
        #expect(abs(c.lines.map(\.points).reduce(0, +) - c.total) < 1e-9, "the lines add up to the total")
    }

    @Test func roundedEditionsScoreTheSameInBatches() throws {
        let s = try scorer(rounding("down"))
        var random = RandomProfiles(seed: 11)
        // Random applicants, with their Tianjin record moved to the test city.
        let profiles = (0..<200).map { _ in
            var p = random.profile(asOf: asOf)
            p.places = p.places.map { (id: $0.id == "tianjin" ? "testcity" : $0.id, place: $0.place) }
            return p
        }
        #expect(profiles.contains { ($0.place("testcity")?.insuredMonths ?? 0) % 12 != 0 }, "some totals have fractions to round")
        let cols = s.compiled.batchColumns(profiles, asOf: asOf)
        for (j, p) in profiles.enumerated() {
            let c = try s.score(p, asOf: asOf)
            #expect(c.total == cols.total[j], "row \(j)")
            // Every total is a whole number of hundredths.
            #expect(abs(c.total * 100 - (c.total * 100).rounded()) < 1e-6, "row \(j): \(c.total)")
        }
    }

    @Test func roundingPlacesAreCheckedAndCited() throws {
        let bad = rounding("down").replacingOccurrences(of: "places: 2", with: "places: 2.5")
        #expect(throws: InputError.self) { _ = try scorer(bad) }
        let badMode = rounding("sideways")
        #expect(throws: InputError.self) { _ = try scorer(badMode) }
        let badGroup = rounding("down", whole: "[nowhere]")
        #expect(throws: InputError.self) { _ = try scorer(badGroup) }
    }

    /// A 5-point bonus for homes bought before 2 April 2020.
    let earlyHome = """
    - id: early_home
        name: Home bought before 2 April 2020
        group: bonus
        kind: flag
        when: [{input: here.home.owned, eq: true}, {input: here.home.since, lt: 2020-04-02}]
        points: 5
        rule: "bought before 2020-04-02: 5"
        cite: {source: doc, clause: "art. 15", confidence: verbatim}
      - id: conduct
    """

    func earlyHomeScorer() throws -> Scorer {
        let text = TestRules.base.replacingOccurrences(of: "- id: conduct\n", with: earlyHome + "\n")
        #expect(text != TestRules.base)
        return Scorer(try TestRules(["testcity/2020.yaml": text]).load().edition("testcity/2020"))
    }

    @Test(arguments: [("2020-04-01", 5.0), ("2020-04-02", 0.0), ("2023-01-01", 0.0)])
    func purchaseDatesCompareWithTheRulesDate(since: String, expected: Double) throws {
        let c = try card(try earlyHomeScorer(), "birth_date: 1990-01-01\nplaces: {testcity: {home: {district: north, since: \(since)}}}")
        #expect(points(c, "early_home") == expected)
    }

    @Test func aMissingPurchaseDateIsNotEarly() throws {
        let c = try card(try earlyHomeScorer(), "birth_date: 1990-01-01\nplaces: {testcity: {home: {district: north}}}")
        #expect(points(c, "early_home") == 0)
        #expect(c.missing.contains("places.testcity.home.since"))
    }

    @Test func aDateNeedsAnOrderingOperator() throws {
        let text = TestRules.base.replacingOccurrences(of: "- id: conduct\n", with: earlyHome.replacingOccurrences(of: "lt: 2020-04-02", with: "eq: 2020-04-02") + "\n")
        #expect(throws: InputError.self) { _ = try TestRules(["testcity/2020.yaml": text]).load() }
    }

    /// "12 months continuously, or 36 in total" (Tianjin 2022).
    let continuousGate = """
    - id: adult
        rule: Aged 18 or over
        when: [{input: age, gte: 18}]
        cite: {source: doc, clause: "art. 11", confidence: verbatim}
      - id: insured
        rule: 12 months continuously or 36 in total
        when: [{any: [{input: here.continuous_insured_months, gte: 12}, {input: here.insured_months, gte: 36}]}]
        cite: {source: doc, clause: "art. 16", confidence: verbatim}
    """

    @Test(arguments: [
        ("insured_months: 20, continuous_insured_months: 6", false),
        ("insured_months: 20, continuous_insured_months: 12", true),
        ("insured_months: 20", true),
        ("insured_months: 40, continuous_insured_months: 3", true),
    ])
    func continuousMonthsDefaultToTheTotal(months: String, eligible: Bool) throws {
        let old = """
        - id: adult
            rule: Aged 18 or over
            when: [{input: age, gte: 18}]
            cite: {source: doc, clause: "art. 11", confidence: verbatim}
        """
        let text = TestRules.base.replacingOccurrences(of: old, with: continuousGate)
        #expect(text != TestRules.base)
        let s = Scorer(try TestRules(["testcity/2020.yaml": text]).load().edition("testcity/2020"))
        let c = try card(s, "birth_date: 1990-01-01\nplaces: {testcity: {\(months), residence_months: 30}}")
        #expect(!c.ineligibleReasons.contains { $0.contains("12 months continuously or 36 in total") } == eligible, "\(c.ineligibleReasons)")
    }

    @Test func anUnbrokenRunCannotExceedTheTotal() throws {
        #expect(throws: InputError.self) {
            _ = try Profile.decode(Tree.parse("places: {tianjin: {insured_months: 10, continuous_insured_months: 11}}", file: "p.yaml"), today: asOf)
        }
    }
}
