import JifenPolicy

/// Deterministic random profiles for property tests (SplitMix64; no GSL, no global state).
public struct RandomProfiles {
    var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// Each place's districts in the shipped rule books, so that drawn ids are valid ones.
    static let districts: [String: [String]] =
        (try? Rulebook.load(directory: Fixtures.datasets.appendingPathComponent("rules")).districtsByPlace) ?? [:]

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    public mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) / 1_000_000 < p }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    /// A plausible applicant with places in every launch city, evaluated around `asOf`.
    public mutating func profile(asOf: Day) -> Profile {
        var p = Profile()
        p.birthDate = asOf.adding(months: -int(216...720))
        var e = Education()
        e.level = pick(EducationLevel.allCases)
        e.fullTime = chance(0.6); e.diploma = chance(0.9); e.degree = chance(0.8)
        p.education = e
        p.title = pick(Title.allCases)
        p.skill = pick(Skill.allCases)
        p.married = chance(0.6)
        if p.married == true {
            var s = Spouse()
            s.place = pick(["tianjin", "hangzhou", "tongxiang", "beijing"])
            s.insuredMonths = int(0...120)
            p.spouse = s
        }
        for id in ["hangzhou", "tongxiang", "zhejiang", "tianjin"] where chance(0.7) {
            var pl = Place()
            pl.insuredMonths = int(0...240)
            pl.residenceMonths = int(0...240)
            pl.providentFundMonths = chance(0.5) ? int(0...120) : nil
            pl.permitEndorsements = int(0...15)
            pl.employed = chance(0.85)
            let employed = int(0...240)
            pl.employedMonths = employed
            pl.employerMonths = int(0...employed)
            if chance(0.4) {
                var h = Home()
                h.district = Self.districts[id].map { pick($0) }
                h.since = asOf.adding(months: -int(0...180))
                h.offPlan = chance(0.1)
                pl.home = h
            }
            pl.rentedMonths = int(0...120)
            pl.settleDistrict = Self.districts[id].map { pick($0) }
            pl.occupationTier = pick(OccupationTier.allCases)
            pl.incomeTaxYuan = Double(int(0...200_000))
            pl.investedEnterprise = chance(0.05)
            p.places.append((id, pl))
        }
        if chance(0.3) {
            p.awards = (0..<int(1...3)).map { _ in
                var a = Award(kind: pick(AwardKind.allCases), date: asOf.adding(months: -int(0...120)))
                a.level = pick(AwardLevel.allCases)
                a.grade = pick(MeritGrade.allCases)
                a.rank = int(1...40)
                a.contestClass = int(1...2)
                return a
            }
        }
        p.inventionPatents = chance(0.1) ? int(1...3) : 0
        p.stemCellDonation = chance(0.02)
        p.bloodDonationCC = Double(pick([0, 200, 400, 800, 1200]))
        p.volunteerHours = Double(int(0...200))
        p.donationYuan = Double(int(0...20_000))
        if chance(0.15) {
            p.conduct = (0..<int(1...2)).map { _ in
                ConductRecord(kind: pick(ConductKind.allCases), date: asOf.adding(months: -int(0...120)),
                              place: pick(["hangzhou", "tianjin", "tongxiang", nil]))
            }
        }
        // Fields only Beijing reads, drawn last so that the draws above are as before.
        p.sex = chance(0.9) ? pick(Sex.allCases) : nil
        p.utilityPatents = chance(0.1) ? int(1...4) : nil
        if chance(0.7) {
            var pl = Place()
            let insured = int(0...260)
            pl.insuredMonths = insured
            pl.continuousInsuredMonths = chance(0.3) ? int(0...insured) : nil
            pl.residenceMonths = int(0...260)
            pl.employed = true
            let employed = int(0...260)
            pl.employedMonths = employed
            pl.employerMonths = chance(0.9) ? int(0...employed) : nil
            pl.employerDistrict = chance(0.8) ? Self.districts["beijing"].map { pick($0) } : nil
            if chance(0.5) {
                var h = Home()
                h.district = Self.districts["beijing"].map { pick($0) }
                h.since = chance(0.9) ? asOf.adding(months: -int(0...240)) : nil
                h.offPlan = chance(0.05)
                pl.home = h
            }
            pl.rentedMonths = chance(0.8) ? int(0...200) : nil
            pl.studyMonths = chance(0.2) ? int(0...60) : nil
            pl.incomeTaxYuan = chance(0.7) ? Double(int(0...700_000)) : nil
            if chance(0.5) {
                pl.incomeTaxYears = (0..<int(0...5)).map { k in
                    YearlyAmount(year: asOf.year - 1 - k, yuan: Double(pick([0, 50_000, 99_999, 100_000, 250_000])))
                }
            }
            p.places.append(("beijing", pl))
        }
        return p
    }
}

extension CompiledEdition {
    /// `profiles` scored as one batch, the way the columnar scorer runs.
    public func batchColumns(_ profiles: [Profile], asOf: Day) -> ScoreColumns {
        var table = FeatureTable(count: profiles.count, featureCount: features.count)
        for (j, p) in profiles.enumerated() { extract(p, asOf: asOf, into: &table, row: j) }
        var cols = ScoreColumns(compiled: self, count: profiles.count)
        score(table, into: &cols)
        return cols
    }
}
