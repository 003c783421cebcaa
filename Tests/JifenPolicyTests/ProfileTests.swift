import Foundation
import JifenPolicy
import JifenTestSupport
import Testing

@Suite struct ProfileTests {
    static let today = Day("2026-11-21")!

    /// Each place's districts, as the shipped rule books list them (what the commands pass).
    static let districts = try! Rulebook.load(directory: Fixtures.datasets.appendingPathComponent("rules")).districtsByPlace

    func decode(_ yaml: String) throws -> Profile {
        try Profile.decode(Tree.parse(yaml, file: "p.yaml"), today: Self.today, districts: Self.districts)
    }

    func error(_ yaml: String) -> InputError? {
        do {
            _ = try decode(yaml)
            return nil
        } catch let e as InputError {
            return e
        } catch {
            return nil
        }
    }

    @Test func decodesTheContractExample() throws {
        let p = try decode("""
        birth_date: 1990-05-01
        education: {level: bachelor, full_time: true, diploma: true, degree: true, foreign_certified: false}
        title: none
        skill: level3
        married: true
        spouse: {place: tianjin, insured_months: 30}
        places:
          tianjin:
            insured_months: 40
            insurance_months: {pension: 40, medical: 40, unemployment: 40, injury: 40, maternity: 40}
            provident_fund_months: 24
            residence_months: 48
            permit_endorsements: 3
            employed: true
            employed_months: 48
            employer_months: 30
            home: {district: binhai, since: 2019-03-01, off_plan: false}
            rented_months: 36
            settle_district: binhai
            occupation_tier: short
            income_tax_yuan: 60000
            invested_enterprise: false
        awards:
          - {level: provincial, kind: honour, date: 2021-05-01}
          - {level: national, kind: skills_contest, rank: 12, contest_class: 1, date: 2020-10-01}
          - {kind: veteran_merit, grade: second, date: 2012-08-01}
        invention_patents: 1
        stem_cell_donation: false
        blood_donation_cc: 400
        volunteer_hours: 60
        donation_yuan: 3000
        conduct:
          - {kind: admin_detention, date: 2020-01-15, place: hangzhou}
        """)
        #expect(p.birthDate == Day("1990-05-01"))
        #expect(p.education?.level == .bachelor)
        #expect(p.skill == .level3)
        #expect(p.place("tianjin")?.home?.district == "binhai")
        #expect(p.place("tianjin")?.occupationTier == .short)
        #expect(p.awards?.count == 3)
        #expect(p.awards?[2].grade == .second)
        #expect(p.conduct?.first?.kind == .admin_detention)
    }

    @Test(arguments: [
        ("birth_date: 1990-05-01\nplaces: {tianjin: {insured_months: -3}}", "places.tianjin.insured_months", "negative"),
        ("birth_date: 2030-01-01", "birth_date", "future"),
        ("education: {level: bachelors}", "education.level", "did you mean 'bachelor'"),
        ("places: {tianjin: {home: {district: binhia}}}", "places.tianjin.home.district", "did you mean 'binhai'"),
        ("places: {beijing: {home: {district: haidain}}}", "places.beijing.home.district", "did you mean 'haidian'"),
        ("places: {beijing: {settle_district: binhai}}", "places.beijing.settle_district", "unknown beijing district"),
        ("birth_dat: 1990-01-01", "birth_dat", "did you mean 'birth_date'"),
        ("title: 3", "title", "unknown level"),
        ("places: {tianjin: {employed: maybe}}", "places.tianjin.employed", "true or false"),
        ("places: {tianjin: {insured_months: twelve}}", "places.tianjin.insured_months", "expected a number"),
        ("married: false\nspouse: {place: tianjin}", "spouse", "married is false"),
        ("awards: [{kind: honour, date: 2020-01-01}]", "awards[0]", "needs a level"),
        ("conduct: [{kind: theft, date: 2020-01-01}]", "conduct[0].kind", "unknown value"),
        ("places: {tianjin: {employed_months: 10, employer_months: 20}}", "places.tianjin.employer_months", "exceed"),
    ])
    func rejectsImpossibleValues(yaml: String, key: String, fragment: String) {
        let e = error(yaml)
        #expect(e != nil, "accepted: \(yaml)")
        #expect(e?.key == key, "\(String(describing: e))")
        #expect(e?.message.contains(fragment) == true, "\(String(describing: e))")
        #expect(e?.file == "p.yaml")
        #expect(e?.line != nil)
    }

    @Test func malformedYAMLNamesTheLine() {
        let e = error("birth_date: 1990-01-01\neducation: {level: bachelor\n")
        #expect(e?.message.contains("malformed") == true)
        #expect(e?.line == 3 || e?.line == 2)
    }

    @Test func jsonProfilesReadTheSameAsYAML() throws {
        let y = try decode("birth_date: 1990-05-01\nplaces: {hangzhou: {insured_months: 12}}")
        let j = try decode(#"{"birth_date": "1990-05-01", "places": {"hangzhou": {"insured_months": 12}}}"#)
        #expect(y == j)
    }

    @Test func csvRowsDecodeLikeFiles() throws {
        let csv = """
        id,birth_date,places.tianjin.insured_months,places.tianjin.home.district,awards
        a,1990-05-01,40,binhai,"[{""kind"":""veteran_merit"",""grade"":""third"",""date"":""2012-08-01""}]"
        b,,,,
        """
        let rows = try ProfileCSV.read(csv, file: "a.csv", today: Self.today)
        #expect(rows.map(\.id) == ["a", "b"])
        #expect(rows[0].profile.place("tianjin")?.insuredMonths == 40)
        #expect(rows[0].profile.awards?.first?.grade == .third)
        #expect(rows[1].profile == Profile(), "empty cells are missing")
    }

    @Test func csvErrorsNameTheRow() {
        let csv = "id,places.tianjin.insured_months\na,10\nb,-1\n"
        #expect(throws: InputError.self) { try ProfileCSV.read(csv, file: "a.csv", today: Self.today) }
        do {
            _ = try ProfileCSV.read(csv, file: "a.csv", today: Self.today)
        } catch let e as InputError {
            #expect(e.line == 3)
            #expect(e.key == "places.tianjin.insured_months")
        } catch {}
        #expect(throws: InputError.self) { try ProfileCSV.read("id,x\na,1,2\n", file: "a.csv") }
        #expect(throws: InputError.self) { try ProfileCSV.read("name\na\n", file: "a.csv") }
    }
}

@Suite struct DayTests {
    @Test(arguments: [
        ("1990-05-01", "2019-04-30", 28), ("1990-05-01", "2019-05-01", 29), ("2000-02-29", "2001-02-28", 0),
        ("2000-02-29", "2004-02-29", 4),
    ])
    func agesAreFullYears(birth: String, on: String, age: Int) {
        #expect(Day(birth)!.fullYears(to: Day(on)!) == age)
    }

    @Test func monthsAndParsing() {
        #expect(Day("2019-03-15")!.fullMonths(to: Day("2019-05-14")!) == 1)
        #expect(Day("2019-03-15")!.fullMonths(to: Day("2019-05-15")!) == 2)
        #expect(Day("2020-01-31")!.adding(months: 1) == Day("2020-02-29"))
        #expect(Day("2019-02-29") == nil)
        #expect(Day("2019-2-01") == nil)
    }
}
