/// Names people write for profile fields, mapped to the field they mean.
///
/// Spelling distance alone suggests the wrong field for several of them
/// (`social_insurance_months` is closest to `insurance_months`, a per-type mapping, when the
/// month count is `insured_months`), so the common ones are listed.
enum FieldAliases {
    static let profile: [String: String] = [
        "birthday": "birth_date", "dob": "birth_date", "date_of_birth": "birth_date", "birth": "birth_date", "born": "birth_date",
        "age": "birth_date",
        "degree": "education", "education_level": "education", "school": "education",
        "professional_title": "title", "job_title": "title", "technical_title": "title",
        "skill_level": "skill", "vocational_skill": "skill", "skills": "skill", "qualification": "skill",
        "marital_status": "married", "marriage": "married", "gender": "sex",
        "city": "places", "cities": "places", "place": "places", "residence": "places",
        "patents": "invention_patents", "patent": "invention_patents",
        "blood_donation": "blood_donation_cc", "blood": "blood_donation_cc",
        "volunteer": "volunteer_hours", "volunteering": "volunteer_hours", "volunteering_hours": "volunteer_hours",
        "donation": "donation_yuan", "donations": "donation_yuan", "charity": "donation_yuan",
        "record": "conduct", "records": "conduct", "crimes": "conduct", "criminal_record": "conduct",
        "award": "awards", "honours": "awards", "honors": "awards",
    ]

    static let place: [String: String] = [
        "social_insurance_months": "insured_months", "social_security_months": "insured_months",
        "shebao_months": "insured_months", "insurance": "insured_months", "insured": "insured_months",
        "insurance_month": "insured_months", "months_insured": "insured_months", "pension_months": "insured_months",
        "housing_fund_months": "provident_fund_months", "gongjijin_months": "provident_fund_months",
        "fund_months": "provident_fund_months", "provident_fund": "provident_fund_months",
        "residence": "residence_months", "residence_permit_months": "residence_months", "resident_months": "residence_months",
        "lived_months": "residence_months", "months_resident": "residence_months", "permit_months": "residence_months",
        "endorsements": "permit_endorsements", "renewals": "permit_endorsements",
        "rent_months": "rented_months", "renting_months": "rented_months", "rental_months": "rented_months",
        "rent": "rented_months", "renting": "rented_months", "renter": "rented_months",
        "house": "home", "housing": "home", "property": "home", "owner": "home", "own_home": "home",
        "district": "settle_district", "hukou_district": "settle_district",
        "occupation": "occupation_tier", "shortage": "occupation_tier", "shortage_occupation": "occupation_tier",
        "tax": "income_tax_yuan", "income_tax": "income_tax_yuan", "tax_yuan": "income_tax_yuan",
        "investment": "invested_enterprise", "investor": "invested_enterprise",
        "employment": "employed", "working": "employed", "job": "employed",
        "employment_months": "employed_months", "work_months": "employed_months", "months_employed": "employed_months",
        "current_employer_months": "employer_months",
        "tax_by_year": "income_tax_years", "yearly_tax": "income_tax_years", "income_tax_by_year": "income_tax_years",
        "workplace_district": "employer_district", "work_district": "employer_district", "job_district": "employer_district",
        "months_studying": "study_months", "education_months": "study_months",
    ]

    static let education: [String: String] = [
        "education_level": "level", "degree_level": "level", "fulltime": "full_time", "full-time": "full_time",
        "certificate": "diploma", "graduation_certificate": "diploma", "foreign": "foreign_certified",
    ]
}
