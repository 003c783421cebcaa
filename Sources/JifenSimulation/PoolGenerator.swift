import Foundation
import JifenPolicy
import JifenStatistics

/// A pool model compiled against one edition's plan: draws applicants column by column straight
/// into the plan's feature columns.
///
/// Draw order per replicate (fixed, so a seed always gives the same pool): for each applicant,
/// the latent normals, then each attribute in file order; then each award and conduct class's
/// events. Every attribute is drawn whatever the edition reads, so two editions scored on the
/// same seed see the same applicants (common random numbers).
public struct PoolGenerator: Sendable {
    public let model: PoolModel
    public let plan: Plan
    let copula: GaussianCopula?
    let samplers: [Sampler]
    let sources: [Source]
    /// Per attribute, outcome index → feature code (levels, districts, place ids).
    let codes: [[Double]?]

    struct Sampler: Sendable {
        enum Shape: Sendable {
            case affine(Double, Double)
            case exponential(Double, Double)
            case uniform(Double, Double)
            /// Outcome = number of cut points below the draw (normal cut points for a latent
            /// draw, cumulative shares for a uniform one).
            case cuts(CutTable)
            case constant(Double)
        }
        var shape: Shape
        var latent: Int?
        var zeroShare: Double
        var lo: Double
        var hi: Double
        var whole: Bool
        var when: Int?
        var unless: Int?
        var categorical: Bool
    }

    enum Source: Sendable {
        case attribute(Int)
        case sum([Int])
        case constant(Double)
        case events(award: Bool, classes: [Int])
    }

    /// Which attributes are drawn: those the plan reads (and the yes/no attributes they depend
    /// on), or all of them (`allAttributes`, for exporting complete profiles).
    let drawn: [Int]

    /// Compiles `model` for `plan`. Only what the plan reads is drawn unless `allAttributes`;
    /// the draws, and so the pools, depend on which attributes are drawn.
    public init(model: PoolModel, plan: Plan, allAttributes: Bool = false) throws {
        self.model = model
        self.plan = plan
        copula = model.latentNames.isEmpty ? nil : try GaussianCopula(correlation: model.correlation)
        let index = Dictionary(uniqueKeysWithValues: model.attributes.enumerated().map { ($1.path, $0) })
        let edition = plan.edition
        samplers = model.attributes.map { a in
            let latent = a.latent.flatMap { model.latentNames.firstIndex(of: $0) }
            var categorical = false
            let shape: Sampler.Shape
            switch a.marginal {
            case .normal(let m, let s): shape = .affine(m, s)
            case .lognormal(let m, let s): shape = .exponential(m, s)
            case .uniform(let lo, let hi): shape = .uniform(lo, hi - lo)
            case .constant(let v): shape = .constant(v)
            case .bernoulli(let p):
                shape = .cuts(CutTable([latent == nil ? 1 - p : Normal.PhiInverse(1 - p)]))
            case .categorical(let outcomes):
                categorical = true
                var cum = 0.0
                shape = .cuts(CutTable(outcomes.dropLast().map { o in
                    cum += o.share
                    return latent == nil ? cum : Normal.PhiInverse(Swift.min(cum, 1))
                }))
            }
            return Sampler(shape: shape, latent: latent, zeroShare: a.zeroShare, lo: a.min ?? -.infinity, hi: a.max ?? .infinity,
                           whole: a.whole, when: a.when.flatMap { index[$0] }, unless: a.unless.flatMap { index[$0] },
                           categorical: categorical)
        }
        codes = model.attributes.map { a in
            guard case .categorical(let outcomes) = a.marginal else { return nil }
            let shortPath = a.path.hasPrefix("places.") ? "here." + a.path.split(separator: ".", maxSplits: 2)[2] : a.path
            let type = InputCatalog.parse(shortPath)?.1
            return outcomes.map { o in
                switch type {
                case .level(let names): return Double(names.firstIndex(of: o.name) ?? 0)
                case .district: return Double((edition.districts.firstIndex(of: o.name) ?? -2) + 1)
                default: return plan.vocabulary[o.name] ?? -1
                }
            }
        }
        let home = model.places[0]
        sources = plan.features.map { f in
            func attribute(_ path: String) -> Source? { index[path].map { .attribute($0) } }
            switch f {
            case .value(let path):
                if let s = attribute(path) { return s }
                let parts = path.split(separator: ".", maxSplits: 2).map(String.init)
                // Each insurance type defaults to the place's insured months (profile.md).
                if parts.count == 3, parts[2].hasPrefix("insurance_months."),
                   let s = attribute("places.\(parts[1]).insured_months") { return s }
                return .constant(path == "age" ? .nan : 0)
            case .exists(let path):
                if path == "spouse" { return attribute("married") ?? .constant(0) }
                if path.hasSuffix(".home") { return attribute(path + ".owned") ?? .constant(0) }
                return index[path] == nil ? .constant(0) : .constant(1)
            case .regionSum(let field, let places):
                return .sum(places.compactMap { index["places.\($0).\(field)"] })
            case .awardCount(let filter, let excluding, _):
                return .events(award: true, classes: model.awards.indices.filter { i in
                    let c = model.awards[i]
                    return Self.matches(filter, c) && !excluding.contains { Self.matches($0, c) }
                })
            case .conductCount(let kind, _, let places, _):
                if let places, !places.contains(home) { return .constant(0) }
                return .events(award: false, classes: model.conduct.indices.filter { model.conduct[$0].kind == kind.rawValue })
            }
        }
        drawn = allAttributes ? Array(model.attributes.indices) : Self.needed(sources, model, index)
    }

    static func needed(_ sources: [Source], _ model: PoolModel, _ index: [String: Int]) -> [Int] {
        var used = Set<Int>()
        for s in sources {
            switch s {
            case .attribute(let a): used.insert(a)
            case .sum(let list): used.formUnion(list)
            default: break
            }
        }
        // Conditions are declared earlier in the file, so one pass from the end closes the set.
        for a in model.attributes.indices.reversed() where used.contains(a) {
            for c in [model.attributes[a].when, model.attributes[a].unless].compactMap({ $0 }) { used.insert(index[c]!) }
        }
        return used.sorted()
    }

    static func matches(_ f: AwardFilter, _ c: EventClass) -> Bool {
        if let k = f.kind, k.rawValue != c.kind { return false }
        if let l = f.level, c.level != l { return false }
        if let g = f.grade, c.grade != g { return false }
        if let r = f.rankMax, (c.rank ?? .max) > r { return false }
        if let cc = f.contestClass, c.contestClass != cc { return false }
        return true
    }

    /// Per-worker buffers: the attributes, the feature table and the events of one pool.
    public struct Buffers: Sendable {
        public internal(set) var count: Int
        /// One column per model attribute: values, or outcome indices (-1 = absent) for categoricals.
        public internal(set) var attributes: [[Double]]
        /// Applicant indices of each award class's events, then each conduct class's.
        var awardEvents: [[Int32]]
        var conductEvents: [[Int32]]
        public internal(set) var table: FeatureTable
        /// One column per latent normal.
        var latent: [[Double]]

        public init(generator: PoolGenerator, count: Int) {
            self.count = count
            attributes = Array(repeating: [Double](repeating: 0, count: count), count: generator.model.attributes.count)
            awardEvents = Array(repeating: [], count: generator.model.awards.count)
            conductEvents = Array(repeating: [], count: generator.model.conduct.count)
            table = FeatureTable(count: count, featureCount: generator.plan.features.count)
            latent = Array(repeating: [Double](repeating: 0, count: count), count: generator.model.latentNames.count)
        }

        /// How many award (or conduct) events of class `c` applicant `j` has.
        public func events(award: Bool, class c: Int, applicant j: Int) -> Int {
            (award ? awardEvents[c] : conductEvents[c]).reduce(0) { $0 + ($1 == Int32(j) ? 1 : 0) }
        }
    }

    /// Draws a pool of `buffers.count` applicants from `stream` and fills the feature table.
    ///
    /// Column by column, so each attribute's parameters stay out of the inner loop: first the
    /// latent normals (independent columns, then correlated by the Cholesky factor), then each
    /// drawn attribute in file order, then each award and conduct class's events.
    public func generate(into b: inout Buffers, from stream: RandomStream) {
        let n = b.count
        if let copula {
            let d = copula.factor.dimension
            for l in 0..<d {
                b.latent[l].withUnsafeMutableBufferPointer { z in for j in 0..<n { z[j] = stream.gaussian() } }
            }
            // z ← L z, row by row of L from the last so each row reads only untouched columns.
            copula.factor.lower.withUnsafeBufferPointer { lower in
                for i in (0..<d).reversed() {
                    let diagonal = lower[i * d + i]
                    b.latent[i].withUnsafeMutableBufferPointer { zi in for j in 0..<n { zi[j] *= diagonal } }
                    for k in 0..<i where lower[i * d + k] != 0 {
                        let c = lower[i * d + k]
                        let source = b.latent[k]
                        source.withUnsafeBufferPointer { zk in
                            b.latent[i].withUnsafeMutableBufferPointer { zi in for j in 0..<n { zi[j] += c * zk[j] } }
                        }
                    }
                }
            }
        }
        for a in drawn { draw(a, &b, stream) }
        for c in model.awards.indices { drawEvents(rate: model.awards[c].rate, n: n, into: &b.awardEvents[c], stream) }
        for c in model.conduct.indices { drawEvents(rate: model.conduct[c].rate, n: n, into: &b.conductEvents[c], stream) }
        fill(&b)
    }

    /// One attribute for every applicant.
    func draw(_ a: Int, _ b: inout Buffers, _ stream: RandomStream) {
        let n = b.count
        let s = samplers[a]
        let absent = s.categorical ? -1.0 : 0.0
        // Conditions are attributes declared earlier; copy them so the target column can be written.
        let when = s.when.map { b.attributes[$0] }
        let unless = s.unless.map { b.attributes[$0] }
        let latent = s.latent.map { b.latent[$0] } ?? []
        b.attributes[a].withUnsafeMutableBufferPointer { x in
            latent.withUnsafeBufferPointer { z in
                for j in 0..<n {
                    if let when, when[j] == 0 { x[j] = absent; continue }
                    if let unless, unless[j] != 0 { x[j] = absent; continue }
                    if s.zeroShare > 0, stream.uniform() < s.zeroShare { x[j] = absent; continue }
                    var v: Double
                    switch s.shape {
                    case .constant(let c):
                        x[j] = c
                        continue
                    case .cuts(let cuts):
                        x[j] = Double(cuts.outcome(s.latent != nil ? z[j] : stream.uniform()))
                        continue
                    case .affine(let m, let sd): v = m + sd * (s.latent != nil ? z[j] : stream.gaussian())
                    case .exponential(let m, let sd): v = m * Self.expTable(sd * (s.latent != nil ? z[j] : stream.gaussian()))
                    case .uniform(let lo, let width): v = lo + width * (s.latent != nil ? Self.phi(z[j]) : stream.uniform())
                    }
                    v = min(max(v, s.lo), s.hi)
                    x[j] = s.whole ? v.rounded(.down) : v
                }
            }
        }
    }

    /// Sorted cut points and a bucket index over them, so an outcome costs a table load and
    /// rarely a comparison, whatever the number of outcomes (districts have 16).
    struct CutTable: Sendable {
        let cuts: [Double]
        let lower: Double, scale: Double
        /// For each bucket, the number of cut points below its lower edge.
        let start: [Int32]

        init(_ cuts: [Double]) {
            self.cuts = cuts
            // Uniform draws live in [0, 1]; latent normals in practice within ±8.
            let finite = cuts.filter(\.isFinite)
            let (lo, hi) = finite.allSatisfy({ $0 >= 0 && $0 <= 1 }) ? (0.0, 1.0) : (-8.0, 8.0)
            let buckets = 4096
            lower = lo
            scale = Double(buckets) / (hi - lo)
            start = (0...buckets).map { b in Int32(cuts.filter { $0 < lo + Double(b) / Double(buckets) * (hi - lo) }.count) }
        }

        /// The number of cut points strictly below `u`: the outcome's index.
        @inline(__always)
        func outcome(_ u: Double) -> Int {
            let t = (u - lower) * scale
            var k: Int
            if t <= 0 {
                k = 0
            } else if t >= Double(start.count - 1) {
                k = Int(start[start.count - 1])
            } else {
                k = Int(start[Int(t)])
            }
            while k < cuts.count && u > cuts[k] { k += 1 }
            return k
        }
    }

    static let expValues: [Double] = (0...8192).map { Foundation.exp(-16 + 32 * Double($0) / 8192) }

    /// exp(x) for |x| ≤ 16 by linear interpolation (relative error below 2·10⁻⁶, far under the
    /// whole-month rounding of the attributes it shapes); exact outside.
    @inline(__always)
    static func expTable(_ x: Double) -> Double {
        let t = (x + 16) * 256
        guard t >= 0, t < 8192 else { return Foundation.exp(x) }
        let i = Int(t), f = t - Double(i)
        return expValues.withUnsafeBufferPointer { e in e[i] + f * (e[i + 1] - e[i]) }
    }

    /// Φ by linear interpolation in a table, so the hot loop calls no special function.
    static let phiTable: [Double] = (0...4096).map { Normal.Phi(-8 + 16 * Double($0) / 4096) }

    @inline(__always)
    static func phi(_ x: Double) -> Double {
        let t = (x + 8) * 256
        if t <= 0 { return 0 }
        if t >= 4096 { return 1 }
        let i = Int(t), f = t - Double(i)
        return phiTable[i] + f * (phiTable[i + 1] - phiTable[i])
    }

    /// Poisson(rate) events per applicant, drawn as Poisson(n·rate) events placed uniformly:
    /// per applicant the counts are then exactly independent Poisson(rate), at a cost
    /// proportional to the number of events rather than to n.
    func drawEvents(rate: Double, n: Int, into events: inout [Int32], _ stream: RandomStream) {
        events.removeAll(keepingCapacity: true)
        guard rate > 0, n > 0 else { return }
        let m = stream.poisson(rate * Double(n))
        for _ in 0..<m { events.append(Int32(stream.uniformInt(below: n))) }
    }

    /// Writes the feature columns from the attributes and events.
    func fill(_ b: inout Buffers) {
        let n = b.count
        for (f, source) in sources.enumerated() {
            b.table.columns[f].withUnsafeMutableBufferPointer { out in
                switch source {
                case .constant(let v):
                    for j in 0..<n { out[j] = v }
                case .attribute(let a):
                    b.attributes[a].withUnsafeBufferPointer { x in
                        if let codes = codes[a] {
                            for j in 0..<n { out[j] = x[j] < 0 ? 0 : codes[Int(x[j])] }
                        } else {
                            for j in 0..<n { out[j] = x[j] }
                        }
                    }
                case .sum(let attrs):
                    for j in 0..<n { out[j] = 0 }
                    for a in attrs {
                        b.attributes[a].withUnsafeBufferPointer { x in for j in 0..<n { out[j] += x[j] } }
                    }
                case .events(let award, let classes):
                    for j in 0..<n { out[j] = 0 }
                    for c in classes {
                        for j in award ? b.awardEvents[c] : b.conductEvents[c] { out[Int(j)] += 1 }
                    }
                }
            }
        }
    }
}

