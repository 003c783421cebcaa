import Foundation
import JifenPolicy

/// A small edition exercising every indicator kind, written to a temporary rules folder.
public struct TestRules {
    public static let base = """
    id: testcity/2020
    city: testcity
    title: Test rules
    in_force: {from: 2020-01-01}
    place: testcity
    districts: [north, south]
    verification: Test fixture, not a real rule book.
    sources:
      doc: {title: Test table, url: "https://example.org/table", kind: official_text, language: en}
    threshold: {value: 50, cite: {source: doc, clause: "art. 1", confidence: verbatim}}
    floor: {value: 0, cite: {source: doc, clause: "art. 2", confidence: verbatim}}
    groups:
      - {id: basic, name: Basic}
      - {id: edu_or_skill, name: Education or skill, parent: basic, combine: max}
      - {id: bonus, name: Bonus, cap: 20, cite: {source: doc, clause: "art. 9", confidence: verbatim}}
      - {id: deductions, name: Deductions}
    indicators:
      - id: age
        name: Age
        group: basic
        kind: bands
        input: age
        bands: [{max: 35, points: 20}, {min: 36, max: 45, points: 20, slope: -2, pivot: 35}]
        rule: "35 or younger 20; then -2 a year"
        cite: {source: doc, clause: "art. 3", confidence: verbatim}
      - id: education
        name: Education
        group: edu_or_skill
        kind: table
        input: education.level
        match: at_least
        points: {junior_college: 10, bachelor: 30}
        rule: "junior college 10, bachelor or above 30"
        cite: {source: doc, clause: "art. 4", confidence: verbatim}
      - id: skill
        name: Skill
        group: edu_or_skill
        kind: table
        input: skill
        points:
          level3: 15
          level2: {value: 25, cite: {source: doc, clause: "art. 4 note", confidence: assumed}, range: [20, 30], note: "not published"}
        rule: "skill certificates"
        cite: {source: doc, clause: "art. 4", confidence: verbatim}
      - id: insurance
        name: Insurance
        group: basic
        kind: rate
        input: here.insured_months
        tiers: [{rate: 1}, {from: 24, rate: 2}]
        per: 12
        cap: 40
        rule: "1 a year, 2 a year after 24 months"
        cite: {source: doc, clause: "art. 5", confidence: verbatim}
      - id: home
        name: Home
        group: basic
        kind: rate
        input: here.home.months
        rate_by: {input: here.home.district, values: {north: 12, south: 6}}
        per: 12
        whole_units: true
        rule: "per full year owned, by district"
        cite: {source: doc, clause: "art. 6", confidence: verbatim}
      - id: volunteering
        name: Volunteering
        group: bonus
        kind: steps
        input: volunteer_hours
        start: 20
        base: 2
        step: 20
        per_step: 2
        rule: "2 per 20 h"
        cite: {source: doc, clause: "art. 7", confidence: verbatim}
      - id: married_here
        name: Spouse here
        group: bonus
        kind: flag
        when: [{input: married, eq: true}, {input: spouse.place, eq: testcity}]
        points: 10
        rule: "spouse works here: 10"
        cite: {source: doc, clause: "art. 8", confidence: verbatim}
      - id: honours
        name: Honours
        group: bonus
        kind: awards
        window_years: 5
        match: [{when: {kind: honour, level: national}, points: 15}, {when: {kind: honour}, points: 5, cap: 10}]
        rule: "national 15, other 5 (cap 10), within 5 years"
        cite: {source: doc, clause: "art. 9", confidence: verbatim}
      - id: conduct
        name: Conduct
        group: deductions
        kind: deductions
        points: {crime: 40, admin_detention: 20}
        window_years: 5
        one_act_once: true
        rule: "crime -40, detention -20, within 5 years, one act once"
        cite: {source: doc, clause: "art. 10", confidence: verbatim}
    eligibility:
      - id: adult
        rule: Aged 18 or over
        when: [{input: age, gte: 18}]
        cite: {source: doc, clause: "art. 11", confidence: verbatim}
    vetoes:
      - id: serious
        rule: Serious crime
        kinds: [serious_crime]
        cite: {source: doc, clause: "art. 12", confidence: verbatim}
    tie_break:
      - {key: "input:here.residence_months", order: desc, cite: {source: doc, clause: "art. 13", confidence: verbatim}}
    """

    public let directory: URL

    public init(_ files: [String: String] = ["testcity/2020.yaml": TestRules.base]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("jifen-rules-\(UUID().uuidString)")
        for (path, text) in files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    public func load() throws -> Rulebook { try Rulebook.load(directory: directory) }
}
