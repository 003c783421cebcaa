/// The columns of an applicant CSV resolved once per file against a compiled edition: how each
/// cell is checked (the profile decoder's own field checks) and how the compiled edition's feature columns
/// are computed from a row's cells, so rows go straight into a `FeatureTable` with no `Profile`.
struct ApplicantColumns: Sendable {
    /// How a column's cells are checked, and the number a cell leaves in its slot.
    enum Kind: Sendable {
        case id
        /// The date the file's applicants were drawn for (`as_of`, written by `simulate
        /// --export-pool`): every row must carry the evaluation date.
        case evaluationDate
        case birthDate
        case pastDate
        case months, count, amount, flag
        /// Ordered levels: the level's rank (`check` says what is wrong with any other word).
        case level(KnownWords, check: @Sendable (CSVCell) throws -> Int)
        /// Districts: the compiled edition's code (position in the edition's list + 1, or −1); `known` holds
        /// the codes of the ids that need no further check.
        case district(place: String, known: KnownWords, codes: [String: Double], accepted: [String]?)
        /// Free ids: the compiled edition's vocabulary code, or −1.
        case identifier(codes: [String: Double])
        case awards, conduct
        /// A yearly history (`income_tax_years`): a JSON array; its slot holds the entry count.
        case yearly
    }

    /// What the row loop does first with a column's cells. A payload-free code, so that switching
    /// on it per cell copies and retains nothing; `Kind` still checks every cell it cannot read.
    enum CellCode: UInt8, Sendable {
        case id, birthDate, pastDate, months, count, amount, flag
        /// `as_of`: the evaluation date written the usual way leaves nothing in its slot.
        case evaluationDate
        /// A level or district looked up in `words`.
        case word
        /// A free id: looked up in `words` when it is spelt as an id, −1 when not known.
        case identifier
        /// Read only by the shared checks (free ids, awards, conduct).
        case other

        init(_ kind: Kind) {
            switch kind {
            case .id: self = .id
            case .birthDate: self = .birthDate
            case .pastDate: self = .pastDate
            case .months: self = .months
            case .count: self = .count
            case .amount: self = .amount
            case .flag: self = .flag
            case .level, .district: self = .word
            case .evaluationDate: self = .evaluationDate
            case .identifier: self = .identifier
            case .awards, .conduct, .yearly: self = .other
            }
        }
    }

    /// A compiled feature computed from a row's slots (missing cells are NaN).
    indirect enum Source: Sendable {
        case zero
        /// The cell's value, 0 when missing.
        case slot(Int)
        /// Full years from the birth date to the evaluation date; NaN when missing.
        case age(Int)
        /// 1 when any of the slots is given.
        case given([Int])
        case homeOwned(home: [Int], offPlan: Int?)
        case homeMonths(home: [Int], offPlan: Int?, since: Int?)
        /// Whether `homeMonths` has what it needs.
        case homeMonthsKnown(home: [Int], offPlan: Int?, since: Int?)
        /// One insurance type's months (or the unbroken run of insurance), defaulting to the
        /// place's insured months.
        case insurance(specific: Int?, insured: Int?)
        /// A date as its day ordinal; when missing, later than every date (+∞).
        case date(Int?)
        case sum([Source])
        case awards(Feature)
        case conduct(Feature)
        /// 1 when every source is 1 (every input of an expression is given).
        case all([Source])
        case minimum([Source])
        /// max(0, a − b).
        case difference(Source, Source)
        /// The first value whose `given` is 1, else the last value.
        case firstGiven([(given: Source, value: Source)])
        /// Months of a count inside a window; `home` when the count is a home's months, which
        /// are counted from its purchase date.
        case window(Source, from: Day?, to: Day?, home: (home: [Int], offPlan: Int?, since: Int?)?)
        /// Years of a yearly history (the column's list) reaching an amount.
        case years(column: Int?, last: Int, atLeast: Double)
    }

    let file: String
    let header: ApplicantHeader
    let kinds: [Kind]
    let codes: [CellCode]
    /// Per column, the level or district words read without further checks (empty elsewhere).
    let words: [KnownWords]
    /// Features that are a cell's value (0 when empty): (feature, slot).
    let direct: [(feature: Int, slot: Int)]
    /// The other features and how each is computed, but for award and conduct counts.
    let derived: [(feature: Int, source: Source)]
    /// Award and conduct counts: 0 without a record, which most rows have (`[]` or empty).
    let awardCounts: [(feature: Int, source: Source)]
    let conductCounts: [(feature: Int, source: Source)]
    /// `married`, and the columns under `spouse`.
    let married: Int?
    let spouse: [Int]
    /// Per place: months employed and months with the current employer.
    let employment: [(employed: Int?, employer: Int)]
    let birth: Int?
    let asOf: Day
    let today: Day

    init(header: ApplicantHeader, compiled: CompiledEdition, file: String, line: Int, asOf: Day, today: Day) throws(InputError) {
        self.file = file
        self.header = header
        self.asOf = asOf
        self.today = today
        let edition = compiled.edition
        var districtCodes: [String: Double] = [:]
        for (i, d) in edition.districts.enumerated() where districtCodes[d] == nil { districtCodes[d] = Double(i + 1) }
        var kinds: [Kind] = []
        for (c, name) in header.columns.enumerated() {
            kinds.append(c == header.idColumn ? .id : try Self.kind(of: name, file: file, line: line, districts: districtCodes,
                                                                     place: edition.place, vocabulary: compiled.vocabulary))
        }
        self.kinds = kinds
        codes = kinds.map(CellCode.init)
        words = kinds.map { kind -> KnownWords in
            switch kind {
            case .level(let known, _), .district(_, let known, _, _): known
            case .identifier(let codes): KnownWords(codes.filter { $0.key.utf8.allSatisfy(Self.isIDByte) }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            default: KnownWords([] as [(String, Double)])
            }
        }
        let slotOf = Dictionary(header.columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let idColumn = header.idColumn, names = header.columns
        func under(_ prefix: String) -> [Int] {
            names.indices.filter { names[$0].hasPrefix(prefix + ".") && $0 != idColumn }
        }
        married = slotOf["married"]
        let spouse = under("spouse"), birth = slotOf["birth_date"]
        self.spouse = spouse
        self.birth = birth
        var employment: [(Int?, Int)] = []
        for (c, name) in header.columns.enumerated() where name.hasPrefix("places.") && name.hasSuffix(".employer_months") {
            let place = name.dropLast(".employer_months".count)
            employment.append((slotOf[place + ".employed_months"], c))
        }
        self.employment = employment

        func value(_ path: String) -> Source {
            let slot = slotOf[path]
            switch path {
            case "age": return birth.map { .age($0) } ?? .age(-1)
            case "education.level", "education.full_time", "education.diploma", "education.degree", "education.foreign_certified",
                 "title", "skill", "married", "sex", "spouse.place", "spouse.insured_months", "invention_patents", "utility_patents", "stem_cell_donation",
                 "blood_donation_cc", "volunteer_hours", "donation_yuan":
                return slot.map { .slot($0) } ?? .zero
            default: break
            }
            let parts = path.split(separator: ".", maxSplits: 2).map(String.init)
            guard parts.count == 3, parts[0] == "places" else { return .zero }
            let place = "places.\(parts[1])"
            let home = under(place + ".home"), offPlan = slotOf[place + ".home.off_plan"], since = slotOf[place + ".home.since"]
            switch parts[2] {
            case "insured_months", "provident_fund_months", "residence_months", "permit_endorsements", "employed",
                 "employed_months", "employer_months", "rented_months", "income_tax_yuan", "invested_enterprise",
                 "occupation_tier", "settle_district", "home.district", "home.off_plan", "study_months", "employer_district",
                 "income_tax_years":
                return slot.map { .slot($0) } ?? .zero
            case "home.owned": return .homeOwned(home: home, offPlan: offPlan)
            case "home.months": return .homeMonths(home: home, offPlan: offPlan, since: since)
            case let field where field == "continuous_insured_months" || field.hasPrefix("insurance_months."):
                return .insurance(specific: slot, insured: slotOf[place + ".insured_months"])
            case "home.since": return .date(since)
            default: return .zero
            }
        }
        func given(_ path: String) -> Source {
            if path == "spouse" { return .given(spouse) }
            let parts = path.split(separator: ".").map(String.init)
            if parts.count == 3, parts[2] == "home" { return .given(under(path)) }
            switch value(path) {
            case .age(let b): return .given(b >= 0 ? [b] : [])
            case .slot(let s): return .given([s])
            case .homeOwned(let home, _): return .given(home)
            case .homeMonths(let home, let offPlan, let since): return .homeMonthsKnown(home: home, offPlan: offPlan, since: since)
            case .insurance(let specific, let insured): return .given([specific, insured].compactMap { $0 })
            case .date(let s): return .given([s].compactMap { $0 })
            default: return .given([])
            }
        }
        func source(_ f: Feature) -> Source {
            switch f {
            case .value(let path): return value(path)
            case .exists(let path): return given(path)
            case .regionSum(let field, let places): return .sum(places.map { value("places.\($0).\(field)") })
            case .awardCount: return .awards(f)
            case .conductCount: return .conduct(f)
            case .minimum(let parts): return .minimum(parts.map(source))
            case .total(let parts): return .sum(parts.map(source))
            case .difference(let a, let b): return .difference(source(a), source(b))
            case .firstGiven(let parts): return .firstGiven(parts.map { (givenAll($0), source($0)) })
            case .window(let inner, let from, let to):
                if case .value(let path) = inner, path.hasSuffix(".home.months") {
                    let place = String(path.dropLast(".home.months".count))
                    return .window(source(inner), from: from, to: to,
                                   home: (under(place + ".home"), slotOf[place + ".home.off_plan"], slotOf[place + ".home.since"]))
                }
                return .window(source(inner), from: from, to: to, home: nil)
            case .yearCount(let path, let last, let atLeast): return .years(column: slotOf[path], last: last, atLeast: atLeast)
            }
        }
        /// 1 when every profile value the feature reads is given (as `CompiledEdition.value(of:)`
        /// reports nothing missing).
        func givenAll(_ f: Feature) -> Source {
            switch f {
            case .value(let path): return given(path)
            case .minimum(let parts), .total(let parts), .firstGiven(let parts): return .all(parts.map(givenAll))
            case .difference(let a, let b): return .all([givenAll(a), givenAll(b)])
            case .window(let inner, _, _): return givenAll(inner)
            case .yearCount(let path, _, _): return .given([slotOf[path]].compactMap { $0 })
            default: return .given([])
            }
        }
        let sources: [Source] = compiled.features.map(source)
        direct = sources.enumerated().compactMap { f, s in if case .slot(let slot) = s { (f, slot) } else { nil } }
        derived = sources.enumerated().compactMap { f, s in
            switch s {
            case .slot, .awards, .conduct: nil
            default: (f, s)
            }
        }
        awardCounts = sources.enumerated().compactMap { f, s in if case .awards = s { (f, s) } else { nil } }
        conductCounts = sources.enumerated().compactMap { f, s in if case .conduct = s { (f, s) } else { nil } }
    }

    /// What a column holds, from its dotted path; unknown paths are refused with the profile
    /// decoder's message.
    static func kind(of column: String, file: String, line: Int, districts: [String: Double], place edition: String,
                     vocabulary: [String: Double]) throws(InputError) -> Kind {
        let parts = column.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        func unknown(_ depth: Int, _ allowed: [String]) -> InputError {
            InputError(file: file, line: line, key: parts[...depth].joined(separator: "."), Tree.unknownField(parts[depth], allowed: allowed))
        }
        func leaf(_ depth: Int, _ kind: Kind) throws(InputError) -> Kind {
            guard parts.count == depth + 1 else {
                throw InputError(file: file, line: line, key: column,
                                 "\(parts[...depth].joined(separator: ".")) is a single field; a column cannot name a field inside it")
            }
            return kind
        }
        func group(_ depth: Int, _ allowed: [String]) throws(InputError) -> String {
            guard parts.count > depth + 1 else {
                throw InputError(file: file, line: line, key: column,
                                 "is a group of fields, not one; name a field in it: \(allowed.map { column + "." + $0 }.joined(separator: ", "))")
            }
            guard allowed.contains(parts[depth + 1]) else { throw unknown(depth + 1, allowed) }
            return parts[depth + 1]
        }
        func levels<L: OrderedLevel>(_ type: L.Type) -> Kind {
            .level(KnownWords(L.allCases.enumerated().map { ($1.rawValue, Double($0)) }), check: { cell in try Profile.level(cell, L.self).rank })
        }
        func district(_ place: String) -> Kind {
            // The edition's districts are its place's list; another place's district is not read
            // by this edition, so any id is accepted there.
            let accepted = place == edition ? districts.keys.filter { id in id.utf8.allSatisfy(Self.isIDByte) } : []
            return .district(place: place, known: KnownWords(accepted.map { ($0, districts[$0] ?? -1) }), codes: districts,
                             accepted: place == edition ? districts.sorted { $0.value < $1.value }.map(\.key) : nil)
        }
        if column == ApplicantReader.dateColumn { return .evaluationDate }
        guard Profile.Keys.profile.contains(parts[0]) else { throw unknown(0, Profile.Keys.profile) }
        switch parts[0] {
        case "birth_date": return try leaf(0, .birthDate)
        case "title": return try leaf(0, levels(Title.self))
        case "skill": return try leaf(0, levels(Skill.self))
        case "married", "stem_cell_donation": return try leaf(0, .flag)
        case "sex":
            return try leaf(0, .level(KnownWords(Sex.allCases.map { ($0.rawValue, $0.code) }), check: { cell in Int(try Profile.choice(cell, Sex.self).code) }))
        case "invention_patents", "utility_patents": return try leaf(0, .count)
        case "blood_donation_cc", "volunteer_hours", "donation_yuan": return try leaf(0, .amount)
        case "awards": return try leaf(0, .awards)
        case "conduct": return try leaf(0, .conduct)
        case "education":
            let field = try group(0, Profile.Keys.education)
            return try leaf(1, field == "level" ? levels(EducationLevel.self) : .flag)
        case "spouse":
            let field = try group(0, Profile.Keys.spouse)
            return try leaf(1, field == "place" ? .identifier(codes: vocabulary) : .months)
        default: break
        }
        // places.<id>.<field>
        guard parts.count > 1 else {
            throw InputError(file: file, line: line, key: column, "is a group of places, not one field; name a place and a field, e.g. places.tianjin.insured_months")
        }
        guard Profile.isPlaceID(parts[1]) else {
            throw InputError(file: file, line: line, key: parts[...1].joined(separator: "."), Profile.placeIDMessage)
        }
        let place = parts[1]
        let field = try group(1, Profile.Keys.place)
        switch field {
        case "insurance_months":
            _ = try group(2, Profile.Keys.insurance)
            return try leaf(3, .months)
        case "home":
            switch try group(2, Profile.Keys.home) {
            case "district": return try leaf(3, district(place))
            case "since": return try leaf(3, .pastDate)
            default: return try leaf(3, .flag)
            }
        case "permit_endorsements": return try leaf(2, .count)
        case "employed", "invested_enterprise": return try leaf(2, .flag)
        case "income_tax_yuan": return try leaf(2, .amount)
        case "settle_district", "employer_district": return try leaf(2, district(place))
        case "income_tax_years": return try leaf(2, .yearly)
        case "occupation_tier": return try leaf(2, levels(OccupationTier.self))
        default: return try leaf(2, .months)
        }
    }
}

extension ApplicantColumns {
    /// The bytes `FieldValue.identifier()` accepts.
    static func isIDByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
            || b == UInt8(ascii: "_") || b == UInt8(ascii: "/") || b == UInt8(ascii: "-")
    }
}

/// Dates in slots: year × 10⁴ + month × 100 + day, exact in a Double and ordered like days.
extension Day {
    var slot: Double { Double(year * 10_000 + month * 100 + day) }

    init(slot: Double) {
        let v = Int(slot)
        self.init(year: v / 10_000, month: v / 100 % 100, day: v % 100)!
    }
}
