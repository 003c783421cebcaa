import Foundation
@testable import JifenPolicy
import JifenTestSupport
import Testing

/// Input expressions (`min_of`, `sum_of`, `minus`, `first_given`, `months_of`), the `yearly`
/// kind and the yearly history they read: how a rule book writes them, what they count, and that
/// profile files and CSV rows say the same about them.
@Suite struct InputExpressionTests {
    static let insurance = "input: here.insured_months\n    tiers: [{rate: 1}, {from: 24, rate: 2}]\n    per: 12\n    cap: 40"

    /// The fixture's insurance indicator reading `input` at 1 point a month.
    static func edition(input: String) throws -> Edition {
        let text = TestRules.base.replacingOccurrences(of: insurance, with: "input: \(input)\n    rate: 1")
        #expect(text != TestRules.base)
        return try TestRules(["testcity/2020.yaml": text]).load().edition("testcity/2020")
    }

    static func points(_ edition: Edition, _ place: Place, asOf: Day = Day("2022-06-01")!) throws -> (Double, [String]) {
        var p = Profile()
        p.places = [("testcity", place)]
        let card = try Scorer(edition).score(p, asOf: asOf)
        let line = try #require(card.lines.first { $0.indicator == "insurance" })
        return (line.rawPoints, card.missing)
    }

    @Test(arguments: [
        ("{minus: [here.insured_months]}", "minus takes exactly 2 inputs, found 1", "indicators[3].input.minus"),
        ("{min_of: [here.insured_months, education.level]}", "'education.level' is not a number", "indicators[3].input.min_of[1]"),
        ("{min_of: [here.insured_months, here.insured_monts]}", "did you mean 'here.insured_months'", "indicators[3].input.min_of[1]"),
        ("{months_of: here.insured_months}", "months_of needs `from`, `to` or both", "indicators[3].input"),
        ("{sum_of: [here.insured_months, here.rented_months], from: 2020-01-01}", "`from` and `to` belong to months_of", "indicators[3].input.from"),
        ("{months_of: here.insured_months, from: 2020-01-01, to: 2019-01-01}", "must be after `from`", "indicators[3].input.to"),
        ("{months_of: here.insured_months, from: 2020-13-01}", "expected a date YYYY-MM-DD", "indicators[3].input.from"),
        ("{min_of: [here.insured_months], minus: [here.insured_months, here.rented_months]}", "exactly one of", "indicators[3].input"),
    ])
    func badExpressionsNameFileLineAndKey(input: String, message: String, key: String) throws {
        let e = try TestRules.error(replacing: Self.insurance, with: "input: \(input)\n    rate: 1")
        #expect(e?.message.contains(message) == true, "\(String(describing: e))")
        #expect(e?.key == key, "\(String(describing: e))")
        #expect(e?.line != nil)
    }

    @Test func combinedInputsCountAsWritten() throws {
        var pl = Place()
        pl.insuredMonths = 90
        pl.rentedMonths = 30
        pl.studyMonths = 100
        #expect(try Self.points(Self.edition(input: "{min_of: [here.insured_months, here.rented_months]}"), pl).0 == 30)
        #expect(try Self.points(Self.edition(input: "{sum_of: [here.insured_months, here.rented_months]}"), pl).0 == 120)
        #expect(try Self.points(Self.edition(input: "{minus: [here.insured_months, here.rented_months]}"), pl).0 == 60)
        // A difference is never negative.
        #expect(try Self.points(Self.edition(input: "{minus: [here.insured_months, here.study_months]}"), pl).0 == 0)
    }

    @Test func firstGivenTakesTheDefaultOnlyWhenTheInputIsMissing() throws {
        let e = try Self.edition(input: "{first_given: [here.rented_months, here.insured_months]}")
        var pl = Place()
        pl.insuredMonths = 90
        let (derived, missing) = try Self.points(e, pl)
        #expect(derived == 90)
        // The default stands in for the missing input, so it is not listed as missing.
        #expect(!missing.contains("places.testcity.rented_months"))
        pl.rentedMonths = 0
        #expect(try Self.points(e, pl).0 == 0)
    }

    @Test func monthCountsAreTheMonthsJustBeforeTheEvaluationDate() {
        let asOf = Day("2022-06-01")!
        // 2020-08-01 to 2022-06-01 is 22 months: of 60 months, 38 fall before August 2020.
        #expect(CompiledEdition.monthsInWindow(count: 60, from: nil, to: Day("2020-08-01"), asOf: asOf) == 38)
        #expect(CompiledEdition.monthsInWindow(count: 10, from: nil, to: Day("2020-08-01"), asOf: asOf) == 0)
        #expect(CompiledEdition.monthsInWindow(count: 60, from: Day("2020-08-01"), to: nil, asOf: asOf) == 22)
        // 2021 alone: 12 of the last 100 months.
        #expect(CompiledEdition.monthsInWindow(count: 100, from: Day("2021-01-01"), to: Day("2022-01-01"), asOf: asOf) == 12)
        // A window after the evaluation date holds nothing.
        #expect(CompiledEdition.monthsInWindow(count: 100, from: Day("2023-01-01"), to: nil, asOf: asOf) == 0)
    }

    @Test func aHomesMonthsCountFromItsPurchaseDate() throws {
        let e = try Self.edition(input: "{months_of: here.home.months, from: 2018-01-01}")
        var pl = Place()
        var home = Home()
        home.since = Day("2015-05-01")
        pl.home = home
        // 2018-01-01 to 2021-06-01.
        #expect(try Self.points(e, pl, asOf: Day("2021-06-01")!).0 == 41)
        home.since = Day("2019-03-15")
        pl.home = home
        // 2019-03-15 to 2021-06-01: the purchase is inside the window.
        #expect(try Self.points(e, pl, asOf: Day("2021-06-01")!).0 == 26)
        home.offPlan = true
        pl.home = home
        #expect(try Self.points(e, pl, asOf: Day("2021-06-01")!).0 == 0)
    }

    static let yearly = """
      - id: tax_years
        name: Tax years
        group: bonus
        kind: yearly
        input: here.income_tax_years
        last: 3
        at_least: 100000
        points: 2
        rule: "2 for each of the last 3 years with 100,000 or more"
        cite: {source: doc, clause: "art. 20", confidence: verbatim}

    """

    @Test func yearlyCountsTheLastYearsReachingTheAmount() throws {
        let text = TestRules.base.replacingOccurrences(of: "eligibility:", with: Self.yearly + "eligibility:")
        #expect(text != TestRules.base)
        let e = try TestRules(["testcity/2020.yaml": text]).load().edition("testcity/2020")
        var pl = Place()
        pl.incomeTaxYears = [YearlyAmount(year: 2018, yuan: 500_000), YearlyAmount(year: 2019, yuan: 100_000),
                             YearlyAmount(year: 2020, yuan: 99_999.5), YearlyAmount(year: 2021, yuan: 250_000),
                             YearlyAmount(year: 2022, yuan: 300_000)]
        var p = Profile()
        p.places = [("testcity", pl)]
        let card = try Scorer(e).score(p, asOf: Day("2022-06-01")!)
        // 2019, 2020 and 2021 are the last 3 years before 2022: 2019 and 2021 reach 100,000.
        #expect(card.lines.first { $0.indicator == "tax_years" }?.points == 4)
        p.places = [("testcity", Place())]
        let none = try Scorer(e).score(p, asOf: Day("2022-06-01")!)
        #expect(none.missing.contains("places.testcity.income_tax_years"))
    }

    @Test func yearlyNeedsAYearlyHistory() throws {
        let text = TestRules.base.replacingOccurrences(of: "eligibility:", with: Self.yearly
            .replacingOccurrences(of: "input: here.income_tax_years", with: "input: here.income_tax_yuan") + "eligibility:")
        let e = try #require(throws: InputError.self) { try TestRules(["testcity/2020.yaml": text]).load() }
        #expect(e.message.contains("a yearly indicator reads a yearly history"))
        #expect(e.key?.hasSuffix(".input") == true)
    }

    @Test func yearlyHistoriesAreCheckedAlikeInFilesAndCSVCells() throws {
        let today = Day("2026-11-21")!
        for (json, fragment) in [
            (#"[{"year":2020,"yuan":1},{"year":2020,"yuan":2}]"#, "year 2020 is given twice"),
            (#"[{"year":2030,"yuan":1}]"#, "outside 1900 to the current year 2026"),
            (#"[{"year":2020,"yuan":-5}]"#, "an amount cannot be negative"),
            (#"[{"year":2020}]"#, "missing required field"),
            (#"[{"year":2020,"yuan":1,"month":3}]"#, "unknown field"),
        ] {
            let csv = "id,places.tianjin.income_tax_years\na,\"\(json.replacingOccurrences(of: "\"", with: "\"\""))\"\n"
            let fromCSV = try #require(throws: InputError.self) { try ProfileCSV.read(csv, file: "a.csv", today: today) }
            #expect(fromCSV.message.contains(fragment), "\(json): \(fromCSV.message)")
            #expect(fromCSV.line == 2)
            let compiled = CompiledEdition(try ApplicantReaderTests.book.get().edition("tianjin/2018"))
            let streamed = try #require(throws: InputError.self) {
                _ = try ApplicantReaderTests.streamed(csv, compiled, asOf: Day("2019-06-01")!, chunkBytes: 64, threads: 1)
            }
            #expect(streamed.message == fromCSV.message && streamed.key == fromCSV.key && streamed.line == fromCSV.line, "\(json): \(streamed)")
            let yaml = "places:\n  tianjin:\n    income_tax_years: \(json)\n"
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("yearly-\(UUID().uuidString).yaml")
            try yaml.write(to: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: file) }
            let fromFile = try #require(throws: InputError.self) { try Profile.load(file, today: today) }
            #expect(fromFile.message == fromCSV.message, "\(json): \(fromFile.message)")
        }
    }

    @Test func theSingleTotalIsStillAccepted() throws {
        let yaml = "places:\n  beijing:\n    income_tax_yuan: 250000\n    study_months: 12\n    employer_district: daxing\nsex: female\nutility_patents: 2\n"
        let p = try Profile.decode(Tree.parse(yaml, file: "p.yaml"), today: Day("2026-11-21")!)
        #expect(p.place("beijing")?.incomeTaxYuan == 250_000)
        #expect(p.place("beijing")?.incomeTaxYears == nil)
        #expect(p.sex == .female && p.utilityPatents == 2 && p.place("beijing")?.studyMonths == 12)
        let bad = try #require(throws: InputError.self) {
            try Profile.decode(Tree.parse("sex: f\n", file: "p.yaml"), today: Day("2026-11-21")!)
        }
        #expect(bad.message.contains("expected one of: female, male"))
        #expect(bad.key == "sex")
        // The employer's district is checked against the place's districts, like the home's.
        let district = try #require(throws: InputError.self) {
            try Profile.decode(Tree.parse("places: {beijing: {employer_district: daxin}}\n", file: "p.yaml"), today: Day("2026-11-21")!,
                               districts: ["beijing": ["daxing", "haidian"]])
        }
        #expect(district.message.contains("did you mean 'daxing'"))
        #expect(district.key == "places.beijing.employer_district")
    }
}
