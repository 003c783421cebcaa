/// A commented profile to start from (`jifen profile new`): every field of the contract, with
/// its allowed values, for one place. It decodes as it stands (tested).
public enum ProfileTemplate {
    public static func yaml(place: String, districts: [String]?) -> String {
        let district = districts?.first ?? "none"
        let districtHint = districts.map { "# one of: " + $0.joined(separator: ", ") } ?? "# this place's district ids, if a rule book names them"
        return """
        # A jifen applicant profile (docs/profile.md). Every field is optional: a field you leave out
        # counts as zero / no / none, and score cards list what was missing. Dates are YYYY-MM-DD.
        birth_date: 1990-01-01            # age is counted in full years on the evaluation date
        education:
          level: bachelor                 # none | junior_high | senior_high | secondary_vocational
                                          # | junior_college | bachelor | master | doctor
          full_time: true                 # full-time (统招) study
          diploma: true                   # holds the 学历 certificate of that level
          degree: true                    # holds the 学位 certificate of that level
          foreign_certified: false        # foreign / HK, Macao, Taiwan degree certified by the MoE centre
        title: none                       # none | junior | intermediate | associate_senior | senior
        skill: none                       # none | level5 | level4 | level3 | level2 | level1
        married: false
        # sex: female                     # female | male (where the retirement age depends on it)
        # spouse:                         # only when married
        #   place: \(place)
        #   insured_months: 24            # the spouse's insurance months in that place
        places:
          \(place):                       # one entry per place you have lived or worked in
            insured_months: 24            # months of social insurance paid through employment here
            # insurance_months: {pension: 24, medical: 24, unemployment: 24, injury: 24, maternity: 24}
            provident_fund_months: 0      # housing provident fund months
            residence_months: 24          # months of residence registration / residence permit here
            permit_endorsements: 0        # yearly residence-permit endorsements
            employed: true                # employed here, running a business or registered self-employed
            employed_months: 24           # total months of legal employment here
            employer_months: 24           # months with the current employer
            # employer_district: \(district)      # the current employer's workplace district
            # home:                       # an owned home you live in (delete rented_months then)
            #   district: \(district)            \(districtHint)
            #   since: 2020-01-01         # date of the property certificate or filed purchase contract
            #   off_plan: false           # a pre-sale home not yet handed over
            rented_months: 24             # months of registered, legal rental here
            # settle_district: \(district)       # where you would register the hukou
            occupation_tier: none         # none | general | short | very_short (shortage catalogue)
            income_tax_yuan: 0            # income tax paid here over the window the rules name
            # income_tax_years:           # income tax here by calendar year, where rules count years
            #   - {year: 2024, yuan: 120000}
            # study_months: 0             # months of study for a degree while insured here
            invested_enterprise: false    # invested in or founded an enterprise here
        awards: []                        # e.g. - {kind: honour, level: municipal, date: 2021-05-01}
                                          # kind: honour | skills_contest (with rank, contest_class)
                                          # | veteran_merit (with grade: first | second | third)
        invention_patents: 0
        utility_patents: 0                # utility-model patents (实用新型专利)
        stem_cell_donation: false
        blood_donation_cc: 0
        volunteer_hours: 0
        donation_yuan: 0
        conduct: []                       # e.g. - {kind: admin_detention, date: 2020-01-15, place: \(place)}
                                          # kinds: serious_crime | crime | drug_rehab | admin_detention
                                          # | judicial_detention | credit_default | serious_dishonesty
                                          # | false_information | family_planning | traffic_serious
                                          # | banned_organisation | tax_violation

        """
    }
}
