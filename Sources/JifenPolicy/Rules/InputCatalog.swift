/// What kind of value an input path holds, for validating rule books against the profile contract.
public enum InputType: Sendable, Equatable {
    case number
    case bool
    /// An ordered level; the names are lowest first.
    case level([String])
    /// A district id of the edition's place.
    case district
    /// A free id, e.g. a place.
    case text
    /// Only `exists` may be asked of it.
    case presence
    /// A calendar date, compared with lt, lte, gt or gte against a date in the rule book.
    case date
    /// A yearly history: read by `yearly` indicators; predicates may only ask `exists`.
    case history
}

/// The profile paths rule books may read (see `profile.md`).
public enum InputCatalog {
    static let profilePaths: [String: InputType] = [
        "age": .number,
        "education.level": .level(EducationLevel.allCases.map(\.rawValue)),
        "education.full_time": .bool, "education.diploma": .bool, "education.degree": .bool,
        "education.foreign_certified": .bool,
        "title": .level(Title.allCases.map(\.rawValue)),
        "skill": .level(Skill.allCases.map(\.rawValue)),
        "married": .bool,
        "sex": .level(["none"] + Sex.allCases.map(\.rawValue)),
        "spouse": .presence,
        "spouse.place": .text,
        "spouse.insured_months": .number,
        "invention_patents": .number,
        "utility_patents": .number,
        "stem_cell_donation": .bool,
        "blood_donation_cc": .number,
        "volunteer_hours": .number,
        "donation_yuan": .number,
    ]

    static let placePaths: [String: InputType] = {
        var paths: [String: InputType] = [
            "insured_months": .number, "provident_fund_months": .number, "residence_months": .number,
            "permit_endorsements": .number, "employed": .bool, "employed_months": .number,
            "employer_months": .number, "home": .presence, "home.district": .district, "home.off_plan": .bool,
            "home.since": .date, "continuous_insured_months": .number,
            "home.owned": .bool, "home.months": .number, "rented_months": .number, "settle_district": .district,
            "occupation_tier": .level(OccupationTier.allCases.map(\.rawValue)), "income_tax_yuan": .number,
            "income_tax_years": .history, "invested_enterprise": .bool, "study_months": .number, "employer_district": .district,
        ]
        for t in InsuranceMonths.types { paths["insurance_months.\(t)"] = .number }
        return paths
    }()

    /// Parses and type-checks a path written in a rule book.
    public static func parse(_ text: String) -> (InputPath, InputType)? {
        if text.hasPrefix("here.") {
            let field = String(text.dropFirst(5))
            return placePaths[field].map { (.here(field), $0) }
        }
        if text.hasPrefix("region.") {
            let field = String(text.dropFirst(7))
            guard let type = placePaths[field], type == .number, !field.hasPrefix("home.") else { return nil }
            return (.region(field), type)
        }
        return profilePaths[text].map { (.profile(text), $0) }
    }

    /// Every path a rule book may name, for "did you mean" hints.
    static var allNames: [String] {
        Array(profilePaths.keys) + placePaths.keys.map { "here.\($0)" } + placePaths.filter { $0.value == .number }.keys.map { "region.\($0)" }
    }
}
