/// Where a rule value comes from.
public struct Citation: Sendable, Equatable, Codable {
    /// Id of an entry in the bibliography.
    public var source: String
    /// Article, item, table row or quoted text.
    public var clause: String
    public var confidence: Confidence
    public var note: String?

    public init(source: String, clause: String, confidence: Confidence, note: String? = nil) {
        self.source = source
        self.clause = clause
        self.confidence = confidence
        self.note = note
    }
}

/// A cited number of a rule book: points, a rate, a cap, a band limit, a threshold.
public struct Parameter: Sendable, Equatable {
    public var value: Double
    public var citation: Citation
    /// Plausible range, required for inferred and assumed values.
    public var range: ClosedRange<Double>?
    public var note: String?
    /// Where it lives in the edition, e.g. `indicators.age.bands[0].points`; reforms and
    /// sensitivity designs address values by this path.
    public var path: String

    public init(value: Double, citation: Citation, range: ClosedRange<Double>? = nil, note: String? = nil, path: String) {
        self.value = value
        self.citation = citation
        self.range = range
        self.note = note
        self.path = path
    }
}

/// What a source document is, which bounds how strongly it can back a value.
public enum SourceKind: String, Sendable, CaseIterable {
    /// The issuing authority's own text.
    case official_text
    /// A third party's copy of the official text or table.
    case reproduction
    /// A machine translation of a text (its wording is not the original's).
    case machine_translation
    /// A news report quoting or summarising the rules.
    case news_report
    /// A third-party summary, Q&A or guide page.
    case secondary_page
    /// Code, templates or UI text of the authorities' application system.
    case system_code
}

/// A source document: one entry of the bibliography (`sources.yaml`).
public struct Source: Sendable, Equatable {
    public var id: String
    /// The English title (or the original title where no English one is given).
    public var document: String
    /// The title in the document's own language.
    public var title: String?
    public var issuer: String?
    /// Document number, e.g. 津发改社会〔2018〕26号, only where a source states it.
    public var number: String?
    public var url: String?
    /// The commit that was read, for code repositories.
    public var commit: String?
    /// Where a copy was published when its address was not recorded.
    public var site: String?
    /// Publication date (year, year-month or date), only where a source supports it.
    public var published: String?
    /// When the text was read.
    public var retrieved: String?
    public var kind: SourceKind?
    /// Language of the text as read: `zh`, `en`, ….
    public var language: String?
    /// Editions whose rules the document states; nil when not declared.
    public var covers: [String]?
    public var note: String?

    public init(id: String, document: String, title: String? = nil, issuer: String? = nil, number: String? = nil,
                url: String? = nil, commit: String? = nil, site: String? = nil, published: String? = nil,
                retrieved: String? = nil, kind: SourceKind? = nil, language: String? = nil, covers: [String]? = nil,
                note: String? = nil) {
        self.id = id
        self.document = document
        self.title = title
        self.issuer = issuer
        self.number = number
        self.url = url
        self.commit = commit
        self.site = site
        self.published = published
        self.retrieved = retrieved
        self.kind = kind
        self.language = language
        self.covers = covers
        self.note = note
    }

    /// Where to read it: the URL, with the commit for code.
    public var address: String? {
        guard let url else { return site }
        return commit.map { "\(url)/tree/\($0)" } ?? url
    }
}

/// How item scores are rounded before they are summed (e.g. Tianjin's system keeps two
/// decimals of each item).
public struct Rounding: Sendable, Equatable {
    public enum Mode: String, Sendable {
        /// Toward zero (Java's ROUND_DOWN): 12.339 → 12.33.
        case down
        /// Half away from zero (Java's ROUND_HALF_UP): 12.335 → 12.34.
        case half_up
    }
    /// Decimal places kept.
    public var places: Parameter
    public var mode: Mode
    /// Groups scored as one item: their subtotal is rounded, their indicators are not.
    public var wholeGroups: [String]
    public var citation: Citation
    public var rule: String
}

/// A profile value an indicator or predicate reads.
public enum InputPath: Sendable, Hashable, CustomStringConvertible {
    /// A path from the profile root, e.g. `education.level`, `age`.
    case profile(String)
    /// `places.<edition place>.<field>`.
    case here(String)
    /// Sum of `places.<p>.<field>` over the edition's region.
    case region(String)

    public var description: String {
        switch self {
        case .profile(let p): return p
        case .here(let p): return "here.\(p)"
        case .region(let p): return "region.\(p)"
        }
    }
}

public enum ComparisonOperator: String, Sendable, CaseIterable {
    case eq, ne, gte, gt, lte, lt, `in`, exists
}

/// The right-hand side of a predicate.
public enum Operand: Sendable, Equatable {
    case number(Parameter)
    case text(String)
    case bool(Bool)
    case texts([String])
}

/// A condition on the profile.
public indirect enum Predicate: Sendable, Equatable {
    case compare(InputPath, ComparisonOperator, Operand)
    case any([Predicate])
}

public struct Band: Sendable, Equatable {
    public var min: Parameter?
    public var max: Parameter?
    public var points: Parameter
    public var slope: Parameter?
    public var pivot: Parameter?
}

public struct Tier: Sendable, Equatable {
    /// The input value above which this tier's rate applies (0 for the first tier).
    public var from: Parameter?
    public var rate: Parameter
}

/// The rate of a `rate` indicator taken from a categorical input (e.g. per-district rates).
public struct RateTable: Sendable, Equatable {
    public var input: InputPath
    public var values: [(level: String, rate: Parameter)]
    public static func == (a: RateTable, b: RateTable) -> Bool {
        a.input == b.input && a.values.map(\.level) == b.values.map(\.level) && a.values.map(\.rate) == b.values.map(\.rate)
    }
}

/// Which awards a rule of an `awards` indicator matches.
public struct AwardFilter: Sendable, Hashable {
    public var kind: AwardKind?
    public var level: AwardLevel?
    public var grade: MeritGrade?
    public var rankMax: Int?
    public var contestClass: Int?
}

public struct AwardRule: Sendable, Equatable {
    public var filter: AwardFilter
    public var points: Parameter
    public var cap: Parameter?
}

/// The declared combinators an indicator may be built from.
public enum IndicatorKind: Sendable, Equatable {
    case table(input: InputPath, points: [(level: String, points: Parameter)], atLeast: Bool)
    case bands(input: InputPath, bands: [Band])
    case rate(input: InputPath, tiers: [Tier], per: Parameter?, wholeUnits: Bool, rateTable: RateTable?)
    case steps(input: InputPath, start: Parameter, base: Parameter, step: Parameter, perStep: Parameter)
    case flag(points: Parameter)
    case awards(rules: [AwardRule], windowYears: Parameter?, combineMax: Bool)
    case deductions(points: [(kind: ConductKind, points: Parameter)], windowYears: Parameter?,
                    windows: [(kind: ConductKind, years: Parameter)], places: [String]?, oneActOnce: Bool)

    public var name: String {
        switch self {
        case .table: return "table"
        case .bands: return "bands"
        case .rate: return "rate"
        case .steps: return "steps"
        case .flag: return "flag"
        case .awards: return "awards"
        case .deductions: return "deductions"
        }
    }

    public static func == (a: IndicatorKind, b: IndicatorKind) -> Bool {
        switch (a, b) {
        case let (.table(i1, p1, a1), .table(i2, p2, a2)):
            return i1 == i2 && a1 == a2 && p1.map(\.level) == p2.map(\.level) && p1.map(\.points) == p2.map(\.points)
        case let (.bands(i1, b1), .bands(i2, b2)): return i1 == i2 && b1 == b2
        case let (.rate(i1, t1, p1, w1, r1), .rate(i2, t2, p2, w2, r2)): return i1 == i2 && t1 == t2 && p1 == p2 && w1 == w2 && r1 == r2
        case let (.steps(i1, s1, b1, st1, p1), .steps(i2, s2, b2, st2, p2)): return i1 == i2 && s1 == s2 && b1 == b2 && st1 == st2 && p1 == p2
        case let (.flag(p1), .flag(p2)): return p1 == p2
        case let (.awards(r1, w1, c1), .awards(r2, w2, c2)): return r1 == r2 && w1 == w2 && c1 == c2
        case let (.deductions(p1, w1, ws1, pl1, o1), .deductions(p2, w2, ws2, pl2, o2)):
            return p1.map(\.kind) == p2.map(\.kind) && p1.map(\.points) == p2.map(\.points) && w1 == w2
                && ws1.map(\.kind) == ws2.map(\.kind) && ws1.map(\.years) == ws2.map(\.years) && pl1 == pl2 && o1 == o2
        default: return false
        }
    }
}

/// One line of a points table.
public struct Indicator: Sendable, Equatable {
    public var id: String
    public var name: String
    public var nameZh: String?
    public var group: String
    public var rule: String
    public var citation: Citation
    public var when: [Predicate]
    public var cap: Parameter?
    public var kind: IndicatorKind
}

/// A block of indicators whose subtotal may be capped, or of which only the highest counts.
public struct Group: Sendable, Equatable {
    public var id: String
    public var name: String
    public var nameZh: String?
    public var parent: String?
    public var combineMax: Bool
    public var cap: Parameter?
    public var citation: Citation?
}

/// An eligibility condition.
public struct Gate: Sendable, Equatable {
    public var id: String
    public var rule: String
    public var when: [Predicate]
    public var citation: Citation
}

/// Records that disqualify an applicant outright (一票否决).
public struct Veto: Sendable, Equatable {
    public var id: String
    public var rule: String
    public var kinds: [ConductKind]
    public var windowYears: Parameter?
    public var citation: Citation
}

/// One key of the official order among equal scores.
public struct TieBreakKey: Sendable, Equatable {
    public enum Key: Sendable, Equatable, CustomStringConvertible {
        case total
        case input(InputPath)
        case indicator(String)
        case group(String)

        public var description: String {
            switch self {
            case .total: return "total"
            case .input(let p): return "input:\(p)"
            case .indicator(let id): return "indicator:\(id)"
            case .group(let id): return "group:\(id)"
            }
        }
    }
    public var key: Key
    public var descending: Bool
    public var rule: String?
    public var citation: Citation?
}

/// One dated, cited edition of a city's points rules.
public struct Edition: Sendable {
    public var id: String
    public var city: String
    public var title: String
    public var titleZh: String?
    public var inForceFrom: Day
    /// Exclusive end; nil while in force.
    public var inForceTo: Day?
    public var extends: String?
    public var place: String
    public var region: [String]
    public var districts: [String]
    public var verification: String
    public var sources: [Source]
    public var threshold: Parameter?
    public var floor: Parameter?
    public var groups: [Group]
    public var indicators: [Indicator]
    public var eligibility: [Gate]
    public var vetoes: [Veto]
    public var tieBreak: [TieBreakKey]
    /// Who is admitted among those tied at the cutoff score.
    public var atCutoff: CutoffRule = .byTieBreak
    /// Rounding of item scores; nil when scores are exact.
    public var rounding: Rounding?
    /// Values kept from the edition this one extends whose source does not document this
    /// edition: `rules check` lists them for a reader to re-check.
    public var flags: [String] = []
    /// The file it was read from.
    public var file: String
    /// SHA-256 of the merged source text (the file and every file it extends).
    public var contentHash: String

    public func source(_ id: String) -> Source? { sources.first { $0.id == id } }
    public func indicator(_ id: String) -> Indicator? { indicators.first { $0.id == id } }
    public func group(_ id: String) -> Group? { groups.first { $0.id == id } }

    /// True if the edition applies on `day`.
    public func isInForce(on day: Day) -> Bool {
        day >= inForceFrom && (inForceTo.map { day < $0 } ?? true)
    }
}
