import Foundation

/// An edition compiled into flat arrays: the form both the single-profile explanation and the
/// columnar batch scorer evaluate, so the two can never disagree.
public struct CompiledEdition: Sendable {
    public let edition: Edition
    /// What each feature column holds.
    public private(set) var features: [Feature] = []
    /// Codes of the free ids the rules compare against (e.g. `spouse.place`), per feature path.
    public private(set) var vocabulary: [String: Double] = [:]
    let indicators: [CompiledIndicator]
    /// Groups ordered children first.
    let groups: [CompiledGroup]
    let topGroups: [Int]
    let gates: [[CompiledPredicate]]
    let vetoFeatures: [[Int]]
    let threshold: Double?
    let floor: Double?
    /// How item scores are rounded before they are summed; nil when they are exact.
    let quantum: Quantum?
    /// Deepest nesting of `any` in any predicate list, for sizing scratch masks.
    let predicateDepth: Int
    public let tieBreak: [CompiledTieKey]
    /// Each feature's name as explanations list it (`Feature.description`), made once here
    /// rather than for every score card.
    let featureNames: [String]
    /// The input type of each `.value` feature as the input catalog types it (nil for other
    /// features and unknown paths), so explanations display values without parsing paths.
    let featureTypes: [InputType?]
    /// The reader of each feature, its profile paths matched once here.
    let readers: [FieldReader]

    struct CompiledIndicator: Sendable {
        /// Its kind's compiled step, which keeps the cited values it was compiled from.
        var step: any IndicatorStep
        var when: [CompiledPredicate]
        var cap: Double
        /// Rounded as an item of its own (not inside a group rounded whole).
        var rounded: Bool
        var group: Int
        /// Features it reads, for the explanation's inputs and missing list.
        var reads: [Int] { step.reads }
    }

    struct CompiledGroup: Sendable {
        var index: Int
        var members: [Member]
        var combineMax: Bool
        var cap: Double
        /// Its subtotal is rounded as one item.
        var rounded: Bool
    }

    /// Rounding of an item's points to a fixed number of decimals.
    struct Quantum: Sendable {
        /// 10^places.
        let scale: Double
        let down: Bool

        /// `v` rounded to the quantum. Points are products of rule values whose exact decimal
        /// form may be a hair off in binary (0.29 × 100 = 28.999…): the 10⁻⁶ nudge keeps such
        /// values on their written side, far below any real fraction of the quantum.
        @inline(__always)
        func apply(_ v: Double) -> Double {
            let s = abs(v) * scale + (down ? 1e-6 : 0.5 + 1e-6)
            let r = CompiledEdition.roundedDown(s) / scale
            return v < 0 ? -r : r
        }
    }

    enum Member: Sendable {
        case indicator(Int)
        case group(Int)
    }

    indirect enum CompiledPredicate: Sendable {
        case compare(feature: Int, op: ComparisonOperator, value: Double)
        case member(feature: Int, codes: [Double])
        case any([CompiledPredicate])
    }

    public enum CompiledTieKey: Sendable {
        case total(descending: Bool)
        case feature(Int, descending: Bool)
        case indicator(Int, descending: Bool)
        case group(Int, descending: Bool)

        public var descending: Bool {
            switch self {
            case .total(let d), .feature(_, let d), .indicator(_, let d), .group(_, let d): return d
            }
        }
    }

    // MARK: Compiling

    /// Compiles an edition. The edition has been validated by the loader.
    public init(_ edition: Edition) {
        self.edition = edition
        var builder = Builder(edition: edition)
        let groupIndex = Dictionary(uniqueKeysWithValues: edition.groups.enumerated().map { ($1.id, $0) })
        var compiled: [CompiledIndicator] = []
        for ind in edition.indicators {
            compiled.append(builder.indicator(ind, group: groupIndex[ind.group]!))
        }
        // Groups children first: order by depth, deepest first.
        func depth(_ g: Group) -> Int {
            var d = 0, p = g.parent
            while let pid = p { d += 1; p = edition.group(pid)?.parent }
            return d
        }
        let order = edition.groups.indices.sorted { (depth(edition.groups[$0]), -$0) > (depth(edition.groups[$1]), -$1) }
        groups = order.map { gi in
            let g = edition.groups[gi]
            var members: [Member] = []
            for (i, ind) in edition.indicators.enumerated() where ind.group == g.id { members.append(.indicator(i)) }
            for (ci, c) in edition.groups.enumerated() where c.parent == g.id { members.append(.group(ci)) }
            return CompiledGroup(index: gi, members: members, combineMax: g.combineMax, cap: g.cap?.value ?? .infinity,
                                 rounded: edition.rounding?.wholeGroups.contains(g.id) ?? false)
        }
        topGroups = edition.groups.indices.filter { edition.groups[$0].parent == nil }
        gates = edition.eligibility.map { $0.when.map { builder.predicate($0) } }
        vetoFeatures = edition.vetoes.map { v in
            v.kinds.map { builder.feature(.conductCount($0, windowYears: v.windowYears?.value, places: nil, actValues: nil)) }
        }
        threshold = edition.threshold?.value
        floor = edition.floor?.value
        quantum = edition.rounding.map { Quantum(scale: Foundation.pow(10, $0.places.value), down: $0.mode == .down) }
        // Members of a group rounded whole (at any depth) are not rounded one by one.
        func insideWhole(_ group: String) -> Bool {
            var g: String? = group
            while let id = g {
                if edition.rounding?.wholeGroups.contains(id) == true { return true }
                g = edition.group(id)?.parent
            }
            return false
        }
        for i in compiled.indices {
            compiled[i].rounded = edition.rounding != nil && !insideWhole(edition.indicators[i].group)
        }
        tieBreak = edition.tieBreak.map { k in
            switch k.key {
            case .total: return .total(descending: k.descending)
            case .input(let p): return .feature(builder.feature(builder.resolve(p)), descending: k.descending)
            case .indicator(let id): return .indicator(edition.indicators.firstIndex { $0.id == id }!, descending: k.descending)
            case .group(let id): return .group(groupIndex[id]!, descending: k.descending)
            }
        }
        indicators = compiled
        func depth(_ p: CompiledPredicate) -> Int {
            if case .any(let items) = p { return 1 + (items.map(depth).max() ?? 0) }
            return 0
        }
        predicateDepth = (compiled.flatMap(\.when) + gates.flatMap { $0 }).map(depth).max() ?? 0
        features = builder.features
        vocabulary = builder.vocabulary
        featureNames = builder.features.map(\.description)
        readers = builder.features.map { [vocabulary = builder.vocabulary] in
            Self.reader(of: $0, vocabulary: vocabulary, districts: edition.districts)
        }
        featureTypes = builder.features.map { f in
            guard case .value(let path) = f else { return nil }
            return InputCatalog.parse(ProfilePath(path).inputName)?.1
        }
    }

    struct Builder {
        let edition: Edition
        var features: [Feature] = []
        var vocabulary: [String: Double] = [:]

        mutating func feature(_ f: Feature) -> Int {
            if let i = features.firstIndex(of: f) { return i }
            features.append(f)
            return features.count - 1
        }

        func resolve(_ path: InputPath) -> Feature {
            let read = path.profilePath(place: edition.place).description
            switch path {
            case .profile("spouse"), .here("home"), .here("income_tax_years"): return .exists(read)
            case .profile, .here: return .value(read)
            case .region(let p): return .regionSum(field: p, places: edition.region)
            case .expression(let e): return resolve(e)
            }
        }

        func resolve(_ e: InputExpression) -> Feature {
            switch e {
            case .path(let p): return resolve(p)
            case .minimum(let parts): return .minimum(parts.map(resolve))
            case .total(let parts): return .total(parts.map(resolve))
            case .difference(let a, let b): return .difference(resolve(a), resolve(b))
            case .firstGiven(let parts): return .firstGiven(parts.map(resolve))
            case .window(let inner, let from, let to): return .window(resolve(inner), from: from, to: to)
            }
        }

        func type(_ path: InputPath) -> InputType {
            if case .expression = path { return .number }
            return InputCatalog.parse(path.description)!.1
        }

        /// The code of a level or id for comparisons.
        mutating func code(_ text: String, for path: InputPath) -> Double {
            switch type(path) {
            case .level(let names): return Double(names.firstIndex(of: text)!)
            case .district: return Double((edition.districts.firstIndex(of: text) ?? -2) + 1)
            default:
                let key = text
                if let c = vocabulary[key] { return c }
                let c = Double(vocabulary.count + 1)
                vocabulary[key] = c
                return c
            }
        }

        mutating func predicate(_ p: Predicate) -> CompiledPredicate {
            switch p {
            case .any(let items): return .any(items.map { predicate($0) })
            case .compare(let path, .exists, .bool(let b)):
                return .compare(feature: feature(existence(path)), op: b ? .eq : .ne, value: 1)
            case .compare(let path, let op, let operand):
                let f = feature(resolve(path))
                switch operand {
                case .number(let param): return .compare(feature: f, op: op, value: param.value)
                case .bool(let b): return .compare(feature: f, op: op, value: b ? 1 : 0)
                case .text(let s): return .compare(feature: f, op: op, value: code(s, for: path))
                case .texts(let list): return .member(feature: f, codes: list.map { code($0, for: path) })
                }
            }
        }

        func existence(_ path: InputPath) -> Feature {
            switch resolve(path) {
            case .value(let p), .exists(let p): return .exists(p)
            default: return resolve(path)
            }
        }

        mutating func indicator(_ ind: Indicator, group: Int) -> CompiledIndicator {
            let step = ind.kind.rule.compile(&self)
            let when = ind.when.map { predicate($0) }
            return CompiledIndicator(step: step, when: when, cap: ind.cap?.value ?? .infinity, rounded: false, group: group)
        }
    }
}
