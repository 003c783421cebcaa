extension CompiledEdition {
    /// Writes one profile's feature values into row `row` of `table`, evaluated on `asOf`, and
    /// returns the profile paths it found missing (treated as zero / none).
    @discardableResult
    public func extract(_ profile: Profile, asOf: Day, into table: inout FeatureTable, row: Int) -> [String] {
        var missing: [String] = []
        for (i, f) in features.enumerated() {
            let (value, absent) = self.value(of: f, profile, asOf: asOf)
            table.columns[i][row] = value
            missing += absent
        }
        var seen = Set<String>()
        return missing.filter { seen.insert($0).inserted }
    }

    /// One profile as a one-row table.
    public func table(for profile: Profile, asOf: Day) -> (FeatureTable, missing: [String]) {
        var t = FeatureTable(count: 1, featureCount: features.count)
        let missing = extract(profile, asOf: asOf, into: &t, row: 0)
        return (t, missing)
    }

    func value(of feature: Feature, _ p: Profile, asOf: Day) -> (Double, [String]) {
        switch feature {
        case .value(let path): return value(path: path, p, asOf: asOf)
        case .exists(let path):
            if path == "spouse" { return (p.spouse == nil ? 0 : 1, p.married == nil && p.spouse == nil ? ["spouse"] : []) }
            let parts = path.split(separator: ".").map(String.init)
            if parts.count == 3, parts[2] == "home" {
                return (p.place(parts[1])?.home == nil ? 0 : 1, p.place(parts[1])?.home == nil ? [path] : [])
            }
            let (_, absent) = value(path: path, p, asOf: asOf)
            return (absent.isEmpty ? 1 : 0, absent)
        case .regionSum(let field, let places):
            var total = 0.0
            var absent: [String] = []
            for place in places {
                let (v, a) = value(place: place, field: Substring(field), p, asOf: asOf)
                total += v
                absent += a
            }
            // Only report the sum as missing when no place gives it.
            return (total, absent.count == places.count ? absent : [])
        case .awardCount:
            guard let awards = p.awards else { return (0, ["awards"]) }
            return (Self.count(feature, awards: awards, asOf: asOf), [])
        case .conductCount:
            guard let records = p.conduct else { return (0, ["conduct"]) }
            return (Self.count(feature, conduct: records, asOf: asOf), [])
        case .minimum(let parts):
            let values = parts.map { value(of: $0, p, asOf: asOf) }
            return (values.map(\.0).min() ?? 0, values.flatMap(\.1))
        case .total(let parts):
            let values = parts.map { value(of: $0, p, asOf: asOf) }
            return (values.reduce(0) { $0 + $1.0 }, values.flatMap(\.1))
        case .difference(let a, let b):
            let (x, ma) = value(of: a, p, asOf: asOf), (y, mb) = value(of: b, p, asOf: asOf)
            return (max(0, x - y), ma + mb)
        case .firstGiven(let parts):
            for f in parts.dropLast() {
                let (v, absent) = value(of: f, p, asOf: asOf)
                if absent.isEmpty { return (v, []) }
            }
            return parts.last.map { value(of: $0, p, asOf: asOf) } ?? (0, [])
        case .window(let inner, let from, let to):
            if case .value(let path) = inner, path.hasSuffix(".home.months") {
                let (_, absent) = value(of: inner, p, asOf: asOf)
                let place = p.place(String(path.dropFirst("places.".count).dropLast(".home.months".count)))
                guard let home = place?.home, home.offPlan != true, let since = home.since else { return (0, absent) }
                return (Self.monthsInWindow(since: since, from: from, to: to, asOf: asOf), [])
            }
            let (n, absent) = value(of: inner, p, asOf: asOf)
            return (Self.monthsInWindow(count: n, from: from, to: to, asOf: asOf), absent)
        case .yearCount(let path, let last, let atLeast):
            let parts = path.split(separator: ".").map(String.init)
            guard parts.count == 3, let history = p.place(parts[1])?.incomeTaxYears else { return (0, [path]) }
            return (Self.qualifyingYears(history, last: last, atLeast: atLeast, asOf: asOf), [])
        }
    }

    /// Months from `since` to the evaluation date that fall in [from, to).
    static func monthsInWindow(since: Day, from: Day?, to: Day?, asOf: Day) -> Double {
        let start = max(since, from ?? since), end = min(asOf, to ?? asOf)
        return start < end ? Double(start.fullMonths(to: end)) : 0
    }

    /// Months of a count of `n` in [from, to), the count read as the `n` months just before the
    /// evaluation date (the profile gives no dates for it; rulebook-format.md says so).
    public static func monthsInWindow(count n: Double, from: Day?, to: Day?, asOf: Day) -> Double {
        guard n > 0 else { return 0 }
        let afterFrom = from.map { $0 < asOf ? Double($0.fullMonths(to: asOf)) : 0 } ?? n
        let afterTo = to.map { $0 < asOf ? Double($0.fullMonths(to: asOf)) : 0 } ?? 0
        return max(0, min(n, afterFrom) - min(n, afterTo))
    }

    /// Years among the `last` calendar years before the evaluation date's year whose amount
    /// reaches `atLeast`.
    static func qualifyingYears(_ history: [YearlyAmount], last: Int, atLeast: Double, asOf: Day) -> Double {
        Double(history.filter { $0.year < asOf.year && $0.year >= asOf.year - last && $0.yuan >= atLeast }.count)
    }

    /// An `awardCount` feature's value for a list of awards (profiles and CSV rows alike).
    static func count(_ feature: Feature, awards: [Award], asOf: Day) -> Double {
        guard case .awardCount(let filter, let excluding, let window) = feature else { return 0 }
        let since = window.map { asOf.adding(months: -Int(($0 * 12).rounded())) }
        let n = awards.filter { a in
            a.date <= asOf && (since.map { a.date >= $0 } ?? true) && filter.matches(a) && !excluding.contains { $0.matches(a) }
        }.count
        return Double(n)
    }

    /// A `conductCount` feature's value for a list of conduct records (profiles and CSV rows alike).
    static func count(_ feature: Feature, conduct records: [ConductRecord], asOf: Day) -> Double {
        guard case .conductCount(let kind, let window, let places, let acts) = feature else { return 0 }
        func within(_ r: ConductRecord, _ years: Double?) -> Bool {
            guard r.date <= asOf else { return false }
            if let places, let rp = r.place, !places.contains(rp) { return false }
            guard let years else { return true }
            return r.date >= asOf.adding(months: -Int((years * 12).rounded()))
        }
        guard let acts else {
            return Double(records.filter { $0.kind == kind && within($0, window) }.count)
        }
        // One act deducted once: among qualifying records of the same date keep the largest.
        var byDate: [Day: (kind: ConductKind, points: Double)] = [:]
        for r in records {
            guard let a = acts.first(where: { $0.kind == r.kind }), within(r, a.windowYears) else { continue }
            if let kept = byDate[r.date], kept.points >= a.points { continue }
            byDate[r.date] = (r.kind, a.points)
        }
        return Double(byDate.values.filter { $0.kind == kind }.count)
    }

    func value(path: String, _ p: Profile, asOf: Day) -> (Double, [String]) {
        func num(_ v: Int?) -> (Double, [String]) { v.map { (Double($0), []) } ?? (0, [path]) }
        func num(_ v: Double?) -> (Double, [String]) { v.map { ($0, []) } ?? (0, [path]) }
        func flag(_ v: Bool?) -> (Double, [String]) { v.map { ($0 ? 1 : 0, []) } ?? (0, [path]) }
        func level<L: OrderedLevel>(_ v: L?) -> (Double, [String]) { v.map { (Double($0.rank), []) } ?? (0, [path]) }
        switch path {
        case "age":
            guard let b = p.birthDate else { return (.nan, ["birth_date"]) }
            return (Double(b.fullYears(to: asOf)), [])
        case "education.level": return level(p.education?.level)
        case "education.full_time": return flag(p.education?.fullTime)
        case "education.diploma": return flag(p.education?.diploma)
        case "education.degree": return flag(p.education?.degree)
        case "education.foreign_certified": return flag(p.education?.foreignCertified)
        case "title": return level(p.title)
        case "skill": return level(p.skill)
        case "married": return flag(p.married)
        case "sex": return p.sex.map { ($0.code, []) } ?? (0, [path])
        case "utility_patents": return num(p.utilityPatents)
        case "spouse.place":
            guard let s = p.spouse?.place else { return (0, [path]) }
            return (vocabulary[s] ?? -1, [])
        case "spouse.insured_months": return num(p.spouse?.insuredMonths)
        case "invention_patents": return num(p.inventionPatents)
        case "stem_cell_donation": return flag(p.stemCellDonation)
        case "blood_donation_cc": return num(p.bloodDonationCC)
        case "volunteer_hours": return num(p.volunteerHours)
        case "donation_yuan": return num(p.donationYuan)
        default: break
        }
        // Split by hand: an array of parts per feature per profile was a hot spot under load.
        guard path.hasPrefix("places.") else { return (0, [path]) }
        let rest = path.dropFirst("places.".count)
        guard let dot = rest.firstIndex(of: ".") else { return (0, [path]) }
        return value(place: String(rest[..<dot]), field: rest[rest.index(after: dot)...], p, asOf: asOf)
    }

    /// The value of `places.<place>.<field>`; its path is only written out when it is missing.
    func value(place id: String, field: Substring, _ p: Profile, asOf: Day) -> (Double, [String]) {
        var path: String { "places.\(id).\(field)" }
        func num(_ v: Int?) -> (Double, [String]) { v.map { (Double($0), []) } ?? (0, [path]) }
        func num(_ v: Double?) -> (Double, [String]) { v.map { ($0, []) } ?? (0, [path]) }
        func flag(_ v: Bool?) -> (Double, [String]) { v.map { ($0 ? 1 : 0, []) } ?? (0, [path]) }
        func level<L: OrderedLevel>(_ v: L?) -> (Double, [String]) { v.map { (Double($0.rank), []) } ?? (0, [path]) }
        guard let place = p.place(id) else { return (0, ["places.\(id)"]) }
        switch field {
        case "insured_months": return num(place.insuredMonths)
        case "provident_fund_months": return num(place.providentFundMonths)
        case "residence_months": return num(place.residenceMonths)
        case "permit_endorsements": return num(place.permitEndorsements)
        case "employed": return flag(place.employed)
        case "employed_months": return num(place.employedMonths)
        case "employer_months": return num(place.employerMonths)
        case "rented_months": return num(place.rentedMonths)
        case "income_tax_yuan": return num(place.incomeTaxYuan)
        case "income_tax_years": return place.incomeTaxYears.map { (Double($0.count), []) } ?? (0, [path])
        case "study_months": return num(place.studyMonths)
        case "employer_district": return district(place.employerDistrict, path)
        case "invested_enterprise": return flag(place.investedEnterprise)
        case "occupation_tier": return level(place.occupationTier)
        case "settle_district": return district(place.settleDistrict, path)
        case "home.district": return district(place.home?.district, path)
        case "home.off_plan": return flag(place.home?.offPlan)
        case "home.since":
            // A missing date is later than every date, so no "bought before" rule holds for it.
            guard let since = place.home?.since else { return (.infinity, ["places.\(id).home.since"]) }
            return (Double(since.ordinal), [])
        case "continuous_insured_months":
            // Defaults to the place's insured months, read as one unbroken run (profile.md).
            if let c = place.continuousInsuredMonths { return (Double(c), []) }
            return num(place.insuredMonths)
        case "home.owned":
            guard let home = place.home else { return (0, ["places.\(id).home"]) }
            return (home.offPlan == true ? 0 : 1, [])
        case "home.months":
            guard let home = place.home else { return (0, ["places.\(id).home"]) }
            guard home.offPlan != true else { return (0, []) }
            guard let since = home.since else { return (0, ["places.\(id).home.since"]) }
            return (Double(since.fullMonths(to: asOf)), [])
        default:
            if field.hasPrefix("insurance_months.") {
                let type = field.dropFirst("insurance_months.".count)
                let m = place.insuranceMonths
                let specific: Int? = switch type {
                case "pension": m?.pension
                case "medical": m?.medical
                case "unemployment": m?.unemployment
                case "injury": m?.injury
                default: m?.maternity
                }
                // Each type defaults to the place's insured months (profile.md).
                if let specific { return (Double(specific), []) }
                return place.insuredMonths.map { (Double($0), []) } ?? (0, [path])
            }
            return (0, [path])
        }
    }

    func district(_ id: String?, _ path: String) -> (Double, [String]) {
        guard let id else { return (0, [path]) }
        return (Double((edition.districts.firstIndex(of: id) ?? -2) + 1), [])
    }
}
