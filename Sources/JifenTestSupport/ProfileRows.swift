import JifenPolicy

/// Profiles written as an applicant CSV (the `score-batch` layout), for tests that read them back.
public enum ProfileRows {
    static let places = ["hangzhou", "tongxiang", "zhejiang", "tianjin", "beijing"]
    static let placeFields = ["insured_months", "insurance_months.pension", "insurance_months.medical", "provident_fund_months",
                              "residence_months", "permit_endorsements", "employed", "employed_months", "employer_months",
                              "home.district", "home.since", "home.off_plan", "rented_months", "settle_district",
                              "occupation_tier", "income_tax_yuan", "invested_enterprise", "continuous_insured_months",
                              "study_months", "employer_district", "income_tax_years"]

    /// Every column a random profile can fill.
    public static let columns: [String] = ["id", "birth_date", "education.level", "education.full_time", "education.diploma",
                                           "education.degree", "education.foreign_certified", "title", "skill", "married",
                                           "spouse.place", "spouse.insured_months", "sex", "utility_patents"]
        + places.flatMap { p in placeFields.map { "places.\(p).\($0)" } }
        + ["invention_patents", "stem_cell_donation", "blood_donation_cc", "volunteer_hours", "donation_yuan", "awards", "conduct"]

    /// The CSV text of `profiles`, ids `p1`, `p2`, …
    public static func csv(_ profiles: [Profile]) -> String {
        var out = CSV.row(columns)
        for (k, p) in profiles.enumerated() { out += CSV.row(row(p, id: "p\(k + 1)")) }
        return out
    }

    static func row(_ p: Profile, id: String) -> [String] {
        func n(_ v: Int?) -> String { v.map(String.init) ?? "" }
        func d(_ v: Double?) -> String { v.map { JSON.format($0) } ?? "" }
        func b(_ v: Bool?) -> String { v.map { $0 ? "true" : "false" } ?? "" }
        var cells = [id, p.birthDate?.description ?? "", p.education?.level?.rawValue ?? "", b(p.education?.fullTime),
                     b(p.education?.diploma), b(p.education?.degree), b(p.education?.foreignCertified), p.title?.rawValue ?? "",
                     p.skill?.rawValue ?? "", b(p.married), p.spouse?.place ?? "", n(p.spouse?.insuredMonths),
                     p.sex?.rawValue ?? "", n(p.utilityPatents)]
        for id in places {
            let pl = p.place(id)
            cells += [n(pl?.insuredMonths), n(pl?.insuranceMonths?.pension), n(pl?.insuranceMonths?.medical),
                      n(pl?.providentFundMonths), n(pl?.residenceMonths), n(pl?.permitEndorsements), b(pl?.employed),
                      n(pl?.employedMonths), n(pl?.employerMonths), pl?.home?.district ?? "", pl?.home?.since?.description ?? "",
                      b(pl?.home?.offPlan), n(pl?.rentedMonths), pl?.settleDistrict ?? "", pl?.occupationTier?.rawValue ?? "",
                      d(pl?.incomeTaxYuan), b(pl?.investedEnterprise), n(pl?.continuousInsuredMonths), n(pl?.studyMonths),
                      pl?.employerDistrict ?? "",
                      pl?.incomeTaxYears.map { list in
                          JSON.array(list.map { .object([("year", .number(Double($0.year))), ("yuan", .number($0.yuan))]) }).serialized(pretty: false)
                      } ?? ""]
        }
        cells += [n(p.inventionPatents), b(p.stemCellDonation), d(p.bloodDonationCC), d(p.volunteerHours), d(p.donationYuan)]
        cells.append(p.awards.map { list in
            JSON.array(list.map { a in
                var f: [(String, JSON)] = [("kind", .string(a.kind.rawValue)), ("date", .string(a.date.description))]
                if let l = a.level { f.append(("level", .string(l.rawValue))) }
                if let r = a.rank { f.append(("rank", .number(Double(r)))) }
                if let c = a.contestClass { f.append(("contest_class", .number(Double(c)))) }
                if let g = a.grade { f.append(("grade", .string(g.rawValue))) }
                return .object(f)
            }).serialized(pretty: false)
        } ?? "")
        cells.append(p.conduct.map { list in
            JSON.array(list.map { r in
                var f: [(String, JSON)] = [("kind", .string(r.kind.rawValue)), ("date", .string(r.date.description))]
                if let pl = r.place { f.append(("place", .string(pl))) }
                return .object(f)
            }).serialized(pretty: false)
        } ?? "")
        return cells
    }
}
