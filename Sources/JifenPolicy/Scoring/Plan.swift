import Foundation

/// An edition compiled into flat arrays: the form both the single-profile explanation and the
/// columnar batch scorer evaluate, so the two can never disagree.
public struct Plan: Sendable {
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

    enum Op: Sendable {
        case lookup(feature: Int, table: [Double], used: [Parameter?])
        /// Bands, rates and steps: `table[x]` for whole x in 0..<table.count (month counts, ages),
        /// else the kernel's formula.
        case numeric(feature: Int, kernel: NumericKernel, table: [Double])

        static func numeric(_ feature: Int, _ kernel: NumericKernel) -> Op {
            .numeric(feature: feature, kernel: kernel, table: kernel.table)
        }
        case rateBy(feature: Int, codeFeature: Int, rates: [Double], used: [Parameter?], per: Double, whole: Bool)
        case constant(Double)
        case awards(features: [Int], points: [Double], caps: [Double], combineMax: Bool)
        case deductions(features: [Int], points: [Double])
    }

    struct CompiledIndicator: Sendable {
        var op: Op
        var when: [CompiledPredicate]
        var cap: Double
        /// Rounded as an item of its own (not inside a group rounded whole).
        var rounded: Bool
        var group: Int
        /// Features it reads, for the explanation's inputs and missing list.
        var reads: [Int]
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
            let r = Plan.roundedDown(s) / scale
            return v < 0 ? -r : r
        }
    }

    enum Member: Sendable {
        case indicator(Int)
        case group(Int)
    }

    /// The points of a numeric input under a band, rate or step rule.
    enum NumericKernel: Sendable {
        case bands([(lo: Double, hi: Double, points: Double, slope: Double, pivot: Double)])
        /// Marginal tiers, like tax brackets; `from` in input units.
        case rate(tiers: [(from: Double, rate: Double)], per: Double, whole: Bool)
        case steps(start: Double, base: Double, step: Double, perStep: Double)

        func points(_ v: Double) -> Double { withPoints { $0(v) } }

        /// The kernel's points as a function whose arrays are bound once, for loops that call
        /// it per row: matching the enum's array payload on every call retains and releases it.
        func withPoints<R>(_ body: ((Double) -> Double) -> R) -> R {
            switch self {
            case .bands(let bands):
                return bands.withUnsafeBufferPointer { bands in
                    body { v in
                        for b in bands where v >= b.lo && v <= b.hi { return b.points + b.slope * (v - b.pivot) }
                        return 0
                    }
                }
            case .rate(let tiers, let per, let whole):
                return tiers.withUnsafeBufferPointer { tiers in
                    body { v in
                        guard v > 0 else { return 0 }
                        let units = whole ? (v / per).rounded(.down) : v / per
                        var p = 0.0
                        for (i, t) in tiers.enumerated() {
                            let lo = t.from / per
                            let hi = i + 1 < tiers.count ? tiers[i + 1].from / per : .infinity
                            if units <= lo { break }
                            p += t.rate * (min(units, hi) - lo)
                        }
                        return p
                    }
                }
            case .steps(let start, let base, let step, let perStep):
                return body { v in v < start ? 0 : base + ((v - start) / step).rounded(.down) * perStep }
            }
        }

        /// Whole inputs below this are looked up, not computed: every month count and age.
        static let tableSize = 1201

        var table: [Double] { (0..<Self.tableSize).map { points(Double($0)) } }
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
            switch path {
            case .profile(let p): return p == "spouse" ? .exists(p) : .value(p)
            case .here(let p): return p == "home" ? .exists("places.\(edition.place).home") : .value("places.\(edition.place).\(p)")
            case .region(let p): return .regionSum(field: p, places: edition.region)
            }
        }

        func type(_ path: InputPath) -> InputType {
            InputCatalog.parse(path.description)!.1
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
            let op: Op
            var reads: [Int] = []
            switch ind.kind {
            case .table(let input, let points, let atLeast):
                let f = feature(resolve(input)); reads.append(f)
                var size = 2
                if case .level(let names) = type(input) { size = names.count }
                if type(input) == .district { size = edition.districts.count + 1 }
                var table = [Double](repeating: 0, count: size)
                var used = [Parameter?](repeating: nil, count: size)
                for (level, param) in points {
                    let c: Int
                    if type(input) == .bool { c = level == "true" ? 1 : 0 } else { c = Int(code(level, for: input)) }
                    if c >= 0 && c < size { table[c] = param.value; used[c] = param }
                }
                if atLeast {
                    var best: Parameter?
                    for c in 0..<size {
                        if let u = used[c] { best = u }
                        table[c] = best?.value ?? 0
                        used[c] = best
                    }
                }
                op = .lookup(feature: f, table: table, used: used)
            case .bands(let input, let bands):
                let f = feature(resolve(input)); reads.append(f)
                op = .numeric(f, .bands(bands.map {
                    ($0.min?.value ?? -.infinity, $0.max?.value ?? .infinity, $0.points.value, $0.slope?.value ?? 0, $0.pivot?.value ?? 0)
                }))
            case .rate(let input, let tiers, let per, let whole, let table):
                let f = feature(resolve(input)); reads.append(f)
                let perValue = per?.value ?? 1
                if let table {
                    let cf = feature(resolve(table.input)); reads.append(cf)
                    let size = type(table.input) == .district ? edition.districts.count + 1 : {
                        if case .level(let names) = type(table.input) { return names.count } else { return 2 }
                    }()
                    var rates = [Double](repeating: 0, count: size)
                    var used = [Parameter?](repeating: nil, count: size)
                    for (level, param) in table.values {
                        let c = Int(code(level, for: table.input))
                        if c >= 0 && c < size { rates[c] = param.value; used[c] = param }
                    }
                    op = .rateBy(feature: f, codeFeature: cf, rates: rates, used: used, per: perValue, whole: whole)
                } else {
                    op = .numeric(f, .rate(tiers: tiers.map { ($0.from?.value ?? 0, $0.rate.value) }, per: perValue, whole: whole))
                }
            case .steps(let input, let start, let base, let step, let perStep):
                let f = feature(resolve(input)); reads.append(f)
                op = .numeric(f, .steps(start: start.value, base: base.value, step: step.value, perStep: perStep.value))
            case .flag(let points):
                op = .constant(points.value)
            case .awards(let rules, let window, let combineMax):
                let fs = rules.indices.map { i in
                    feature(.awardCount(rules[i].filter, excluding: rules[..<i].map(\.filter), windowYears: window?.value))
                }
                reads += fs
                op = .awards(features: fs, points: rules.map(\.points.value), caps: rules.map { $0.cap?.value ?? .infinity },
                             combineMax: combineMax)
            case .deductions(let points, let window, let windows, let places, let oneActOnce):
                let acts: [Feature.ActValue]? = oneActOnce ? points.map { k in
                    Feature.ActValue(kind: k.kind, points: k.points.value,
                                     windowYears: windows.first { $0.kind == k.kind }?.years.value ?? window?.value)
                } : nil
                let fs = points.map { k in
                    feature(.conductCount(k.kind, windowYears: windows.first { $0.kind == k.kind }?.years.value ?? window?.value,
                                          places: places, actValues: acts))
                }
                reads += fs
                op = .deductions(features: fs, points: points.map(\.points.value))
            }
            let when = ind.when.map { predicate($0) }
            return CompiledIndicator(op: op, when: when, cap: ind.cap?.value ?? .infinity, rounded: false, group: group, reads: reads)
        }
    }
}
