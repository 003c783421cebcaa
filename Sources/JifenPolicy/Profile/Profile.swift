/// One applicant, as every city's rules read them (the contract in `profile.md`).
///
/// Every field is optional: an omitted field is *missing*, not zero, and score cards list the
/// missing inputs they treated as zero or none.
public struct Profile: Sendable, Equatable {
    public var birthDate: Day?
    public var education: Education?
    public var title: Title?
    public var skill: Skill?
    public var married: Bool?
    /// Read where a rule depends on it (the statutory retirement age).
    public var sex: Sex?
    public var spouse: Spouse?
    /// Places by id, in the order the profile gives them.
    public var places: [(id: String, place: Place)] = []
    public var awards: [Award]?
    public var inventionPatents: Int?
    public var utilityPatents: Int?
    public var stemCellDonation: Bool?
    public var bloodDonationCC: Double?
    public var volunteerHours: Double?
    public var donationYuan: Double?
    public var conduct: [ConductRecord]?

    public init() {}

    public func place(_ id: String) -> Place? { places.first { $0.id == id }?.place }

    public mutating func updatePlace(_ id: String, _ body: (inout Place) -> Void) {
        if let i = places.firstIndex(where: { $0.id == id }) {
            body(&places[i].place)
        } else {
            var p = Place()
            body(&p)
            places.append((id, p))
        }
    }

    public static func == (a: Profile, b: Profile) -> Bool {
        a.birthDate == b.birthDate && a.education == b.education && a.title == b.title && a.skill == b.skill
            && a.married == b.married && a.sex == b.sex && a.spouse == b.spouse && a.places.map(\.id) == b.places.map(\.id)
            && a.places.map(\.place) == b.places.map(\.place) && a.awards == b.awards
            && a.inventionPatents == b.inventionPatents && a.utilityPatents == b.utilityPatents && a.stemCellDonation == b.stemCellDonation
            && a.bloodDonationCC == b.bloodDonationCC && a.volunteerHours == b.volunteerHours
            && a.donationYuan == b.donationYuan && a.conduct == b.conduct
    }
}

/// An ordered level: the order of `allCases` is the order rules compare by (lowest first).
public protocol OrderedLevel: RawRepresentable, CaseIterable, Sendable, Equatable where RawValue == String, AllCases == [Self] {}

extension OrderedLevel {
    /// 0 for the lowest level.
    public var rank: Int { Self.allCases.firstIndex(of: self)! }
}

public enum EducationLevel: String, OrderedLevel {
    case none, junior_high, senior_high, secondary_vocational, junior_college, bachelor, master, doctor

    public var nameZh: String {
        ["无", "初中", "高中", "中专", "大专", "本科", "硕士", "博士"][rank]
    }
}

public enum Title: String, OrderedLevel {
    case none, junior, intermediate, associate_senior, senior

    public var nameZh: String { ["无", "初级", "中级", "副高级", "正高级"][rank] }
}

public enum Skill: String, OrderedLevel {
    case none, level5, level4, level3, level2, level1

    public var nameZh: String { ["无", "初级工", "中级工", "高级工", "技师", "高级技师"][rank] }
}

public enum OccupationTier: String, OrderedLevel {
    case none, general, short, very_short
}

public enum Sex: String, CaseIterable, Sendable {
    case female, male

    /// The value rules compare: 1 female, 2 male (0 is a missing sex).
    public var code: Double { self == .female ? 1 : 2 }
}

public struct Education: Sendable, Equatable {
    public var level: EducationLevel?
    public var fullTime: Bool?
    public var diploma: Bool?
    public var degree: Bool?
    public var foreignCertified: Bool?
    public init() {}
}

public struct Spouse: Sendable, Equatable {
    public var place: String?
    public var insuredMonths: Int?
    public init() {}
}

/// Months of each insurance type; each defaults to the place's `insured_months`.
public struct InsuranceMonths: Sendable, Equatable {
    public var pension: Int?
    public var medical: Int?
    public var unemployment: Int?
    public var injury: Int?
    public var maternity: Int?
    public init() {}
    public static let types = ["pension", "medical", "unemployment", "injury", "maternity"]
}

public struct Home: Sendable, Equatable {
    public var district: String?
    public var since: Day?
    public var offPlan: Bool?
    public init() {}
}

/// What the person has done in one place.
public struct Place: Sendable, Equatable {
    public var insuredMonths: Int?
    /// Months of the current unbroken run of insurance here; defaults to `insuredMonths`.
    public var continuousInsuredMonths: Int?
    public var insuranceMonths: InsuranceMonths?
    public var providentFundMonths: Int?
    public var residenceMonths: Int?
    public var permitEndorsements: Int?
    public var employed: Bool?
    public var employedMonths: Int?
    public var employerMonths: Int?
    public var home: Home?
    public var rentedMonths: Int?
    public var settleDistrict: String?
    public var occupationTier: OccupationTier?
    public var incomeTaxYuan: Double?
    /// Income tax paid here by calendar year, for rules that count qualifying years.
    public var incomeTaxYears: [YearlyAmount]?
    public var investedEnterprise: Bool?
    /// Months of study here, which some cities remove from the months they count.
    public var studyMonths: Int?
    /// District of the current employer's workplace.
    public var employerDistrict: String?
    public init() {}
}

/// One calendar year's amount in a yearly history (`income_tax_years`).
public struct YearlyAmount: Sendable, Equatable {
    public var year: Int
    public var yuan: Double
    public init(year: Int, yuan: Double) {
        self.year = year
        self.yuan = yuan
    }
}

public enum AwardLevel: String, CaseIterable, Sendable, Hashable { case national, provincial, municipal, district }
public enum AwardKind: String, CaseIterable, Sendable { case honour, skills_contest, veteran_merit }
public enum MeritGrade: String, CaseIterable, Sendable { case first, second, third }

public struct Award: Sendable, Equatable {
    public var level: AwardLevel?
    public var kind: AwardKind
    public var rank: Int?
    public var contestClass: Int?
    public var grade: MeritGrade?
    public var date: Day
    public init(kind: AwardKind, date: Day) {
        self.kind = kind
        self.date = date
    }
}

public enum ConductKind: String, CaseIterable, Sendable {
    case serious_crime, crime, drug_rehab, admin_detention, judicial_detention, credit_default,
         serious_dishonesty, false_information, family_planning, traffic_serious, banned_organisation, tax_violation
}

public struct ConductRecord: Sendable, Equatable {
    public var kind: ConductKind
    public var date: Day
    public var place: String?
    public init(kind: ConductKind, date: Day, place: String? = nil) {
        self.kind = kind
        self.date = date
        self.place = place
    }
}
