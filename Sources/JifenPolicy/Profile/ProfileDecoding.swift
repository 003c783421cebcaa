import Foundation

extension Profile {
    /// The fields a profile may have, level by level (profile.md): the profile decoder and the
    /// CSV header check both read them here.
    enum Keys {
        static let profile = ["birth_date", "education", "title", "skill", "married", "sex", "spouse", "places", "awards",
                              "invention_patents", "utility_patents", "stem_cell_donation", "blood_donation_cc", "volunteer_hours",
                              "donation_yuan", "conduct"]
        static let education = ["level", "full_time", "diploma", "degree", "foreign_certified"]
        static let spouse = ["place", "insured_months"]
        static let place = ["insured_months", "continuous_insured_months", "insurance_months", "provident_fund_months", "residence_months",
                            "permit_endorsements", "employed", "employed_months", "employer_months", "home",
                            "rented_months", "settle_district", "occupation_tier", "income_tax_yuan",
                            "income_tax_years", "invested_enterprise", "study_months", "employer_district"]
        static let insurance = InsuranceMonths.types
        static let home = ["district", "since", "off_plan"]
        static let award = ["level", "kind", "rank", "contest_class", "grade", "date"]
        static let conduct = ["kind", "date", "place"]
        static let yearly = ["year", "yuan"]
    }

    static func isPlaceID(_ id: String) -> Bool {
        !id.isEmpty && id.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
    }

    static let placeIDMessage = "place ids are lowercase ASCII (e.g. tianjin, hangzhou)"

    /// Reads a profile from a YAML or JSON file, strictly.
    ///
    /// With `knownPlaces` (the place ids rule books know), a place id outside them is an error with
    /// a suggestion: a misspelt place would otherwise be read as a place no rule counts. With
    /// `districts` (each place's district ids, from its rule books), so is a district outside its
    /// place's list.
    public static func load(_ url: URL, displayName: String? = nil, today: Day = .today, knownPlaces: Set<String>? = nil,
                            districts: [String: [String]] = [:]) throws -> Profile {
        try decode(Tree.load(url, displayName: displayName), today: today, knownPlaces: knownPlaces, districts: districts)
    }

    /// Decodes a profile document. Unknown fields, wrong types and impossible values are errors
    /// naming the field; so are place ids outside `knownPlaces` and districts outside a place's
    /// list in `districts`, when given.
    public static func decode(_ tree: Tree, today: Day = .today, knownPlaces: Set<String>? = nil,
                              districts: [String: [String]] = [:]) throws -> Profile {
        let f = try tree.fields(Keys.profile, aliases: FieldAliases.profile)
        var p = Profile()
        p.birthDate = try f["birth_date"].map { try birthDate($0, today: today) }
        if let t = f["education"] {
            let e = try t.fields(Keys.education, aliases: FieldAliases.education)
            var ed = Education()
            ed.level = try e["level"].map { try level($0, EducationLevel.self) }
            ed.fullTime = try e["full_time"]?.bool()
            ed.diploma = try e["diploma"]?.bool()
            ed.degree = try e["degree"]?.bool()
            ed.foreignCertified = try e["foreign_certified"]?.bool()
            p.education = ed
        }
        p.title = try f["title"].map { try level($0, Title.self) }
        p.skill = try f["skill"].map { try level($0, Skill.self) }
        p.married = try f["married"]?.bool()
        p.sex = try f["sex"].map { try choice($0, Sex.self) }
        if let t = f["spouse"] {
            try checkSpouse(married: p.married, t)
            let s = try t.fields(Keys.spouse)
            var sp = Spouse()
            sp.place = try s["place"].map { try knownPlace($0, try $0.identifier(), knownPlaces) }
            sp.insuredMonths = try s["insured_months"].map(months)
            p.spouse = sp
        }
        if let t = f["places"] {
            for (id, v) in try t.entries() {
                guard isPlaceID(id) else {
                    throw InputError(file: t.file, line: v.line, key: Tree.join(t.path, id), placeIDMessage)
                }
                _ = try knownPlace(v, id, knownPlaces, key: Tree.join(t.path, id))
                p.places.append((id, try place(v, id: id, today: today, districts: districts[id])))
            }
        }
        if let t = f["awards"] { p.awards = try t.list().map { try award($0, today: today) } }
        p.inventionPatents = try f["invention_patents"].map(count)
        p.utilityPatents = try f["utility_patents"].map(count)
        p.stemCellDonation = try f["stem_cell_donation"]?.bool()
        p.bloodDonationCC = try f["blood_donation_cc"].map(amount)
        p.volunteerHours = try f["volunteer_hours"].map(amount)
        p.donationYuan = try f["donation_yuan"].map(amount)
        if let t = f["conduct"] { p.conduct = try t.list().map { try conduct($0, today: today) } }
        return p
    }

    /// `id` when it is one of `known` (or nothing is known); otherwise an error with a suggestion.
    static func knownPlace(_ t: Tree, _ id: String, _ known: Set<String>?, key: String? = nil) throws -> String {
        if let error = unknownPlace(id, known, file: t.file, line: t.line, key: key ?? t.path) { throw error }
        return id
    }

    /// The error for a place id outside `known`, with a suggestion; nil when the place is known
    /// (or nothing is). Profile files and applicant CSV headers say the same.
    static func unknownPlace(_ id: String, _ known: Set<String>?, file: String, line: Int?, key: String) -> InputError? {
        guard let known, !known.contains(id) else { return nil }
        let names = known.sorted()
        let hint = nearest(id, in: names).map { " (did you mean '\($0)'?)" } ?? ""
        return InputError(file: file, line: line, key: key,
                          "unknown place '\(id)'\(hint); the rule books know: \(names.joined(separator: ", ")) (leave out places no rule book reads)")
    }

    // MARK: Per-field validation, shared by profile files and CSV rows

    static func birthDate(_ t: some FieldValue, today: Day) throws -> Day {
        let d = try t.date()
        guard d <= today else { throw t.error("birth date \(d) is in the future (today is \(today))") }
        guard d.fullYears(to: today) <= 120 else { throw t.error("birth date \(d) gives an age over 120") }
        return d
    }

    /// A spouse (given at `t`) needs the applicant not to be unmarried.
    static func checkSpouse(married: Bool?, _ t: some FieldValue) throws {
        if married == false { throw t.error("a spouse is given but married is false") }
    }

    /// Months with the current employer (given at `t`) are part of the months employed.
    static func checkEmployer(employed: Int?, employer: Int?, _ t: some FieldValue) throws {
        if let emp = employed, let cur = employer, cur > emp {
            throw t.error("months with the current employer (\(cur)) exceed total months employed (\(emp))")
        }
    }

    static func level<L: OrderedLevel>(_ t: some FieldValue, _ type: L.Type) throws -> L {
        let s = try t.string()
        guard let v = L(rawValue: s) else {
            let names = L.allCases.map(\.rawValue)
            let hint = nearest(s, in: names).map { " (did you mean '\($0)'?)" } ?? ""
            throw t.error("unknown level \(excerpt(s))\(hint); expected one of: \(names.joined(separator: ", "))")
        }
        return v
    }

    static func choice<E: RawRepresentable & CaseIterable>(_ t: some FieldValue, _ type: E.Type) throws -> E where E.RawValue == String {
        let s = try t.string()
        guard let v = E(rawValue: s) else {
            let names = E.allCases.map(\.rawValue)
            let hint = nearest(s, in: names).map { " (did you mean '\($0)'?)" } ?? ""
            throw t.error("unknown value \(excerpt(s))\(hint); expected one of: \(names.joined(separator: ", "))")
        }
        return v
    }

    static func months(_ t: some FieldValue) throws -> Int {
        let n = try t.wholeNumber()
        guard n >= 0 else { throw t.error("months cannot be negative (found \(n))") }
        guard n <= 1200 else { throw t.error("\(n) months is more than a lifetime; expected a month count") }
        return n
    }

    static func count(_ t: some FieldValue) throws -> Int {
        let n = try t.wholeNumber()
        guard n >= 0 else { throw t.error("a count cannot be negative (found \(n))") }
        guard n <= 1_000_000 else { throw t.error("\(n) is more than any count a profile records (at most 1,000,000)") }
        return n
    }

    static func amount(_ t: some FieldValue) throws -> Double {
        let x = try t.number()
        guard x >= 0 else { throw t.error("an amount cannot be negative (found \(x))") }
        guard x <= 1e12 else { throw t.error("\(JSON.format(x)) is more than any amount a profile records (at most 1e12 yuan)") }
        return x
    }

    static func pastDate(_ t: some FieldValue, today: Day) throws -> Day {
        let d = try t.date()
        guard d <= today else { throw t.error("date \(d) is in the future (today is \(today))") }
        return d
    }

    /// A district id of `place`; with `known` (the place's districts in its rule books), one
    /// outside the list is an error with a suggestion.
    static func district(_ t: some FieldValue, place: String, known: [String]?) throws -> String {
        let s = try t.identifier()
        if let known, let message = unknownDistrict(s, place: place, known: known) { throw t.error(message) }
        return s
    }

    /// Why `id` is not one of `place`'s districts `known` (with the nearest as a suggestion), or
    /// nil when it is, or when no list is known.
    public static func unknownDistrict(_ id: String, place: String, known: [String]) -> String? {
        guard !known.isEmpty, !known.contains(id) else { return nil }
        let hint = nearest(id, in: known).map { " (did you mean '\($0)'?)" } ?? ""
        return "unknown \(place) district \(excerpt(id))\(hint); expected one of: \(known.joined(separator: ", "))"
    }

    static func place(_ t: Tree, id: String, today: Day, districts: [String]?) throws -> Place {
        let f = try t.fields(Keys.place, aliases: FieldAliases.place)
        var p = Place()
        p.insuredMonths = try f["insured_months"].map(months)
        p.continuousInsuredMonths = try f["continuous_insured_months"].map(months)
        if let run = p.continuousInsuredMonths, let total = p.insuredMonths, run > total, let t = f["continuous_insured_months"] {
            throw t.error("the unbroken run of insurance (\(run) months) exceeds the insured months (\(total))")
        }
        if let im = f["insurance_months"] {
            let g = try im.fields(Keys.insurance)
            var m = InsuranceMonths()
            m.pension = try g["pension"].map(months)
            m.medical = try g["medical"].map(months)
            m.unemployment = try g["unemployment"].map(months)
            m.injury = try g["injury"].map(months)
            m.maternity = try g["maternity"].map(months)
            p.insuranceMonths = m
        }
        p.providentFundMonths = try f["provident_fund_months"].map(months)
        p.residenceMonths = try f["residence_months"].map(months)
        p.permitEndorsements = try f["permit_endorsements"].map(count)
        p.employed = try f["employed"]?.bool()
        p.employedMonths = try f["employed_months"].map(months)
        p.employerMonths = try f["employer_months"].map(months)
        if let t = f["employer_months"] { try checkEmployer(employed: p.employedMonths, employer: p.employerMonths, t) }
        if let h = f["home"] {
            let g = try h.fields(Keys.home)
            var home = Home()
            home.district = try g["district"].map { try district($0, place: id, known: districts) }
            home.since = try g["since"].map { try pastDate($0, today: today) }
            home.offPlan = try g["off_plan"]?.bool()
            p.home = home
        }
        p.rentedMonths = try f["rented_months"].map(months)
        p.settleDistrict = try f["settle_district"].map { try district($0, place: id, known: districts) }
        p.occupationTier = try f["occupation_tier"].map { try level($0, OccupationTier.self) }
        p.incomeTaxYuan = try f["income_tax_yuan"].map(amount)
        p.incomeTaxYears = try f["income_tax_years"].map { try yearlyAmounts($0, today: today) }
        p.investedEnterprise = try f["invested_enterprise"]?.bool()
        p.studyMonths = try f["study_months"].map(months)
        p.employerDistrict = try f["employer_district"].map { try district($0, place: id, known: districts) }
        return p
    }

    /// A yearly history: a list of `{year, yuan}`, one entry per calendar year, none after the
    /// current year. Profile files and CSV cells (a JSON array) share it.
    static func yearlyAmounts(_ t: Tree, today: Day) throws -> [YearlyAmount] {
        var seen = Set<Int>()
        return try t.list().map { item in
            let f = try item.fields(Keys.yearly)
            let yearNode = try f.require("year")
            let year = try yearNode.wholeNumber()
            guard year >= 1900, year <= today.year else {
                throw yearNode.error("year \(year) is outside 1900 to the current year \(today.year)")
            }
            guard seen.insert(year).inserted else { throw yearNode.error("year \(year) is given twice; give one amount per year") }
            return YearlyAmount(year: year, yuan: try amount(f.require("yuan")))
        }
    }

    static func award(_ t: Tree, today: Day) throws -> Award {
        let f = try t.fields(Keys.award)
        var a = Award(kind: try choice(f.require("kind"), AwardKind.self), date: try pastDate(f.require("date"), today: today))
        a.level = try f["level"].map { try choice($0, AwardLevel.self) }
        if let r = f["rank"] {
            let n = try r.wholeNumber()
            guard n >= 1 else { throw r.error("a rank starts at 1 (found \(n))") }
            a.rank = n
        }
        if let c = f["contest_class"] {
            let n = try c.wholeNumber()
            guard n == 1 || n == 2 else { throw c.error("contest_class is 1 or 2 (found \(n))") }
            a.contestClass = n
        }
        a.grade = try f["grade"].map { try choice($0, MeritGrade.self) }
        if a.kind == .veteran_merit, a.grade == nil { throw t.error("a veteran_merit award needs a grade (first, second or third)") }
        if a.kind != .veteran_merit, a.level == nil { throw t.error("an award of kind \(a.kind.rawValue) needs a level (national, provincial, municipal or district)") }
        return a
    }

    static func conduct(_ t: Tree, today: Day) throws -> ConductRecord {
        let f = try t.fields(Keys.conduct)
        return ConductRecord(kind: try choice(f.require("kind"), ConductKind.self),
                             date: try pastDate(f.require("date"), today: today),
                             place: try f["place"]?.identifier())
    }
}
