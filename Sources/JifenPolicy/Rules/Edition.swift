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
public indirect enum InputPath: Sendable, Hashable, CustomStringConvertible {
    /// A path from the profile root, e.g. `education.level`, `age`.
    case profile(String)
    /// `places.<edition place>.<field>`.
    case here(String)
    /// Sum of `places.<p>.<field>` over the edition's region.
    case region(String)
    /// A number computed from other inputs (`min_of`, `minus`, `first_given`, `months_of`).
    case expression(InputExpression)

    public var description: String {
        switch self {
        case .profile(let p): return p
        case .here(let p): return "here.\(p)"
        case .region(let p): return "region.\(p)"
        case .expression(let e): return e.description
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

/// An indicator's kind and its numbers: one of the rules registered in `IndicatorRules`, each
/// defined in one file with its compiled step.
public struct IndicatorKind: Sendable, Equatable {
    var rule: any IndicatorRule

    init(_ rule: any IndicatorRule) { self.rule = rule }

    /// The `kind:` the rule book writes: table, bands, rate, ….
    public var name: String { type(of: rule).kind }

    /// Every cited number of the kind, in file order.
    public var parameters: [Parameter] { rule.parameters }

    /// Its cited numbers by role.
    public var layout: IndicatorLayout { rule.layout }

    /// Its values in brief, each written by `value`: `18–35: 20; 36–45: 10`.
    public func summary(_ value: (Parameter) -> String) -> String { rule.summary(value) }

    public static func == (a: IndicatorKind, b: IndicatorKind) -> Bool { a.rule.isSame(as: b.rule) }
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
