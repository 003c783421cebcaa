extension CompiledEdition {
    /// Writes one profile's feature values into row `row` of `table`, evaluated on `asOf`, and
    /// returns the profile paths it found missing (treated as zero / none).
    @discardableResult
    public func extract(_ profile: Profile, asOf: Day, into table: inout FeatureTable, row: Int) -> [String] {
        var missing: [String] = []
        missing.reserveCapacity(features.count)
        for i in features.indices {
            let (value, absent) = readers[i](profile, asOf)
            table.columns[i][row] = value
            if !absent.isEmpty { missing += absent }
        }
        guard missing.count > 1 else { return missing }
        // Each name once, in order: a few dozen names at most, so looked up in the list rather
        // than hashed.
        var unique: [String] = []
        unique.reserveCapacity(missing.count)
        for name in missing where !unique.contains(name) { unique.append(name) }
        return unique
    }

    /// One profile as a one-row table.
    public func table(for profile: Profile, asOf: Day) -> (FeatureTable, missing: [String]) {
        var t = FeatureTable(count: 1, featureCount: features.count)
        let missing = extract(profile, asOf: asOf, into: &t, row: 0)
        return (t, missing)
    }

    func value(of feature: Feature, _ p: Profile, asOf: Day) -> (Double, [String]) {
        Self.reader(of: feature, vocabulary: vocabulary, districts: edition.districts)(p, asOf)
    }

    /// The reader of a feature, composed when the edition is compiled from the readers of the
    /// profile values it is made of.
    static func reader(of feature: Feature, vocabulary: [String: Double], districts: [String]) -> FieldReader {
        func reader(_ f: Feature) -> FieldReader { Self.reader(of: f, vocabulary: vocabulary, districts: districts) }
        switch feature {
        case .value(let path): return Self.reader(path: path, vocabulary: vocabulary, districts: districts)
        case .exists(let path): return Self.reader(exists: path, vocabulary: vocabulary, districts: districts)
        case .regionSum(let field, let places):
            let parts = places.map { Self.reader(place: $0, field: Substring(field), districts: districts) }
            return { p, asOf in
                var total = 0.0
                var absent: [String] = []
                for part in parts {
                    let (v, a) = part(p, asOf)
                    total += v
                    absent += a
                }
                // Only report the sum as missing when no place gives it.
                return (total, absent.count == places.count ? absent : [])
            }
        case .awardCount:
            return { p, asOf in
                guard let awards = p.awards else { return (0, ["awards"]) }
                return (Self.count(feature, awards: awards, asOf: asOf), [])
            }
        case .conductCount:
            return { p, asOf in
                guard let records = p.conduct else { return (0, ["conduct"]) }
                return (Self.count(feature, conduct: records, asOf: asOf), [])
            }
        case .minimum(let parts):
            let readers = parts.map(reader)
            return { p, asOf in
                let values = readers.map { $0(p, asOf) }
                return (values.map(\.0).min() ?? 0, values.flatMap(\.1))
            }
        case .total(let parts):
            let readers = parts.map(reader)
            return { p, asOf in
                let values = readers.map { $0(p, asOf) }
                return (values.reduce(0) { $0 + $1.0 }, values.flatMap(\.1))
            }
        case .difference(let a, let b):
            let (ra, rb) = (reader(a), reader(b))
            return { p, asOf in
                let (x, ma) = ra(p, asOf), (y, mb) = rb(p, asOf)
                return (max(0, x - y), ma + mb)
            }
        case .firstGiven(let parts):
            let readers = parts.map(reader)
            return { p, asOf in
                for r in readers.dropLast() {
                    let (v, absent) = r(p, asOf)
                    if absent.isEmpty { return (v, []) }
                }
                return readers.last.map { $0(p, asOf) } ?? (0, [])
            }
        case .window(let inner, let from, let to):
            let count = reader(inner)
            if case .value(let path) = inner, path.hasSuffix(".home.months") {
                let id = String(path.dropFirst("places.".count).dropLast(".home.months".count))
                return { p, asOf in
                    let (_, absent) = count(p, asOf)
                    guard let home = p.place(id)?.home, home.offPlan != true, let since = home.since else { return (0, absent) }
                    return (Self.monthsInWindow(since: since, from: from, to: to, asOf: asOf), [])
                }
            }
            return { p, asOf in
                let (n, absent) = count(p, asOf)
                return (Self.monthsInWindow(count: n, from: from, to: to, asOf: asOf), absent)
            }
        case .yearCount(let path, let last, let atLeast):
            let parts = path.split(separator: ".").map(String.init)
            return { p, asOf in
                guard parts.count == 3, let history = p.place(parts[1])?.incomeTaxYears else { return (0, [path]) }
                return (Self.qualifyingYears(history, last: last, atLeast: atLeast, asOf: asOf), [])
            }
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
        Self.reader(path: path, vocabulary: vocabulary, districts: edition.districts)(p, asOf)
    }

    /// The value of `places.<place>.<field>`; its path is only written out when it is missing.
    func value(place id: String, field: Substring, _ p: Profile, asOf: Day) -> (Double, [String]) {
        Self.reader(place: id, field: field, districts: edition.districts)(p, asOf)
    }

    /// A profile value and the paths found missing, read from a profile on a date.
    typealias FieldReader = @Sendable (Profile, Day) -> (Double, [String])

    /// The reader of the profile value at `path`, its path matched once (when the edition is
    /// compiled) rather than per profile: matching path strings per request was a hot spot of
    /// the server.
    static func reader(path: String, vocabulary: [String: Double], districts: [String]) -> FieldReader {
        func num(_ get: @escaping @Sendable (Profile) -> Int?) -> FieldReader { { p, _ in get(p).map { (Double($0), []) } ?? (0, [path]) } }
        func num(_ get: @escaping @Sendable (Profile) -> Double?) -> FieldReader { { p, _ in get(p).map { ($0, []) } ?? (0, [path]) } }
        func flag(_ get: @escaping @Sendable (Profile) -> Bool?) -> FieldReader { { p, _ in get(p).map { ($0 ? 1 : 0, []) } ?? (0, [path]) } }
        func level<L: OrderedLevel>(_ get: @escaping @Sendable (Profile) -> L?) -> FieldReader {
            { p, _ in get(p).map { (Double($0.rank), []) } ?? (0, [path]) }
        }
        switch path {
        case "age":
            return { p, asOf in
                guard let b = p.birthDate else { return (.nan, ["birth_date"]) }
                return (Double(b.fullYears(to: asOf)), [])
            }
        case "education.level": return level { $0.education?.level }
        case "education.full_time": return flag { $0.education?.fullTime }
        case "education.diploma": return flag { $0.education?.diploma }
        case "education.degree": return flag { $0.education?.degree }
        case "education.foreign_certified": return flag { $0.education?.foreignCertified }
        case "title": return level { $0.title }
        case "skill": return level { $0.skill }
        case "married": return flag { $0.married }
        case "sex": return { p, _ in p.sex.map { ($0.code, []) } ?? (0, [path]) }
        case "utility_patents": return num { $0.utilityPatents }
        case "spouse.place":
            return { p, _ in
                guard let s = p.spouse?.place else { return (0, [path]) }
                return (vocabulary[s] ?? -1, [])
            }
        case "spouse.insured_months": return num { $0.spouse?.insuredMonths }
        case "invention_patents": return num { $0.inventionPatents }
        case "stem_cell_donation": return flag { $0.stemCellDonation }
        case "blood_donation_cc": return num { $0.bloodDonationCC }
        case "volunteer_hours": return num { $0.volunteerHours }
        case "donation_yuan": return num { $0.donationYuan }
        default: break
        }
        let rest = path.dropFirst("places.".count)
        guard path.hasPrefix("places."), let dot = rest.firstIndex(of: ".") else { return { _, _ in (0, [path]) } }
        return reader(place: String(rest[..<dot]), field: rest[rest.index(after: dot)...], districts: districts)
    }

    /// The reader of an `.exists` feature: 1 when the object at `path` is given.
    static func reader(exists path: String, vocabulary: [String: Double], districts: [String]) -> FieldReader {
        if path == "spouse" { return { p, _ in (p.spouse == nil ? 0 : 1, p.married == nil && p.spouse == nil ? ["spouse"] : []) } }
        let parts = path.split(separator: ".").map(String.init)
        if parts.count == 3, parts[2] == "home" {
            let id = parts[1]
            return { p, _ in (p.place(id)?.home == nil ? 0 : 1, p.place(id)?.home == nil ? [path] : []) }
        }
        let value = reader(path: path, vocabulary: vocabulary, districts: districts)
        return { p, asOf in
            let (_, absent) = value(p, asOf)
            return (absent.isEmpty ? 1 : 0, absent)
        }
    }

    /// The reader of `places.<place>.<field>`.
    static func reader(place id: String, field: Substring, districts: [String]) -> FieldReader {
        let path = "places.\(id).\(field)"
        typealias PlaceReader = @Sendable (Place, Day) -> (Double, [String])
        func num(_ get: @escaping @Sendable (Place) -> Int?) -> PlaceReader { { p, _ in get(p).map { (Double($0), []) } ?? (0, [path]) } }
        func num(_ get: @escaping @Sendable (Place) -> Double?) -> PlaceReader { { p, _ in get(p).map { ($0, []) } ?? (0, [path]) } }
        func flag(_ get: @escaping @Sendable (Place) -> Bool?) -> PlaceReader { { p, _ in get(p).map { ($0 ? 1 : 0, []) } ?? (0, [path]) } }
        func level<L: OrderedLevel>(_ get: @escaping @Sendable (Place) -> L?) -> PlaceReader {
            { p, _ in get(p).map { (Double($0.rank), []) } ?? (0, [path]) }
        }
        func district(_ get: @escaping @Sendable (Place) -> String?) -> PlaceReader {
            { p, _ in
                guard let id = get(p) else { return (0, [path]) }
                return (Double((districts.firstIndex(of: id) ?? -2) + 1), [])
            }
        }
        let read: PlaceReader
        switch field {
        case "insured_months": read = num { $0.insuredMonths }
        case "provident_fund_months": read = num { $0.providentFundMonths }
        case "residence_months": read = num { $0.residenceMonths }
        case "permit_endorsements": read = num { $0.permitEndorsements }
        case "employed": read = flag { $0.employed }
        case "employed_months": read = num { $0.employedMonths }
        case "employer_months": read = num { $0.employerMonths }
        case "rented_months": read = num { $0.rentedMonths }
        case "income_tax_yuan": read = num { $0.incomeTaxYuan }
        case "income_tax_years": read = { p, _ in p.incomeTaxYears.map { (Double($0.count), []) } ?? (0, [path]) }
        case "study_months": read = num { $0.studyMonths }
        case "employer_district": read = district { $0.employerDistrict }
        case "invested_enterprise": read = flag { $0.investedEnterprise }
        case "occupation_tier": read = level { $0.occupationTier }
        case "settle_district": read = district { $0.settleDistrict }
        case "home.district": read = district { $0.home?.district }
        case "home.off_plan": read = flag { $0.home?.offPlan }
        case "home.since":
            read = { place, _ in
                // A missing date is later than every date, so no "bought before" rule holds for it.
                guard let since = place.home?.since else { return (.infinity, ["places.\(id).home.since"]) }
                return (Double(since.ordinal), [])
            }
        case "continuous_insured_months":
            read = { place, _ in
                // Defaults to the place's insured months, read as one unbroken run (profile.md).
                if let c = place.continuousInsuredMonths { return (Double(c), []) }
                return place.insuredMonths.map { (Double($0), []) } ?? (0, [path])
            }
        case "home.owned":
            read = { place, _ in
                guard let home = place.home else { return (0, ["places.\(id).home"]) }
                return (home.offPlan == true ? 0 : 1, [])
            }
        case "home.months":
            read = { place, asOf in
                guard let home = place.home else { return (0, ["places.\(id).home"]) }
                guard home.offPlan != true else { return (0, []) }
                guard let since = home.since else { return (0, ["places.\(id).home.since"]) }
                return (Double(since.fullMonths(to: asOf)), [])
            }
        default:
            guard field.hasPrefix("insurance_months.") else { return { p, _ in p.place(id) == nil ? (0, ["places.\(id)"]) : (0, [path]) } }
            let type = field.dropFirst("insurance_months.".count)
            let specific: @Sendable (InsuranceMonths?) -> Int? = switch type {
            case "pension": { $0?.pension }
            case "medical": { $0?.medical }
            case "unemployment": { $0?.unemployment }
            case "injury": { $0?.injury }
            default: { $0?.maternity }
            }
            read = { place, _ in
                // Each type defaults to the place's insured months (profile.md).
                if let m = specific(place.insuranceMonths) { return (Double(m), []) }
                return place.insuredMonths.map { (Double($0), []) } ?? (0, [path])
            }
        }
        return { p, asOf in
            guard let place = p.place(id) else { return (0, ["places.\(id)"]) }
            return read(place, asOf)
        }
    }
}
