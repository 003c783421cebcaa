import Foundation
import JifenPolicy
import JifenStatistics

/// A pool model compiled against one edition's compiled: draws applicants column by column straight
/// into the compiled edition's feature columns.
///
/// Draw order per replicate (fixed, so a seed always gives the same pool): block by block of
/// ``blockSize`` applicants; within a block the latent normals, then each drawn attribute in file
/// order, then each award and conduct class's events (``generate(into:rows:from:)``).
public struct PoolGenerator: Sendable {
    public let model: PoolModel
    public let compiled: CompiledEdition
    let copula: GaussianCopula?
    let samplers: [Sampler]
    let sources: [Source]
    /// Per attribute, outcome index + 1 → feature code (levels, districts, place ids); entry 0,
    /// for the absent outcome -1, is 0.
    let codes: [[Double]?]

    struct Sampler: Sendable {
        enum Shape: Sendable {
            case affine(Double, Double)
            case exponential(Double, Double)
            case uniform(Double, Double)
            /// Outcome = number of cut points below the draw (normal cut points for a latent
            /// draw, cumulative shares for a uniform one).
            case cuts(CutTable)
            /// A whole number: `base` plus the number of cut points on the normal below the draw.
            case steps(CutTable, base: Double)
            /// 1 with probability p, drawn without a latent.
            case bernoulli(Double)
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
        /// The attribute this one's draw is subtracted from (a shortfall), if any.
        var shortfallOf: Int?
        var categorical: Bool
        /// Without conditions or a zero share, every applicant has the attribute.
        var everyone: Bool { when == nil && unless == nil && zeroShare == 0 }
    }

    enum Source: Sendable {
        case attribute(Int)
        case sum([Int])
        case constant(Double)
        case events(award: Bool, classes: [Int])
        /// A feature computed from attributes (an input expression of the rule book).
        case derived(Derived)
    }

    /// An input expression over a pool's attributes. Pools hold no dates: a window counts an
    /// attribute's months as the months just before the edition's first day in force.
    indirect enum Derived: Sendable {
        case attribute(Int)
        case constant(Double)
        case sum([Int])
        case minimum([Derived])
        case total([Derived])
        case difference(Derived, Derived)
        case window(Derived, from: Day?, to: Day?, asOf: Day)

        func value(_ attributes: [[Double]], _ j: Int) -> Double {
            switch self {
            case .attribute(let a): return attributes[a][j]
            case .constant(let v): return v
            case .sum(let list): return list.reduce(0) { $0 + attributes[$1][j] }
            case .minimum(let parts): return parts.map { $0.value(attributes, j) }.min() ?? 0
            case .total(let parts): return parts.reduce(0) { $0 + $1.value(attributes, j) }
            case .difference(let a, let b): return Swift.max(0, a.value(attributes, j) - b.value(attributes, j))
            case .window(let inner, let from, let to, let asOf):
                return CompiledEdition.monthsInWindow(count: inner.value(attributes, j), from: from, to: to, asOf: asOf)
            }
        }

        var attributes: Set<Int> {
            switch self {
            case .attribute(let a): return [a]
            case .constant: return []
            case .sum(let list): return Set(list)
            case .minimum(let parts), .total(let parts): return parts.reduce(into: Set<Int>()) { $0.formUnion($1.attributes) }
            case .difference(let a, let b): return a.attributes.union(b.attributes)
            case .window(let inner, _, _, _): return inner.attributes
            }
        }
    }

    /// Which attributes are drawn: those the compiled reads (and the yes/no attributes they depend
    /// on), or all of them (`allAttributes`, for exporting complete profiles).
    var drawn: [Int]

    /// Compiles `model` for `compiled`. Only what the compiled reads is drawn unless `allAttributes`;
    /// the draws, and so the pools, depend on which attributes are drawn.
    public init(model: PoolModel, compiled: CompiledEdition, allAttributes: Bool = false) throws {
        self.model = model
        self.compiled = compiled
        copula = model.latentNames.isEmpty ? nil : try GaussianCopula(correlation: model.correlation)
        let index = Dictionary(uniqueKeysWithValues: model.attributes.enumerated().map { ($1.path, $0) })
        let edition = compiled.edition
        // District shares name the edition's districts: the place's list is rule-book data.
        for a in model.attributes where a.path.hasPrefix("places.\(edition.place).") {
            guard case .categorical(let outcomes) = a.marginal,
                  case .district = InputCatalog.parse("here." + a.path.split(separator: ".", maxSplits: 2)[2])?.1 else { continue }
            for o in outcomes {
                if let message = Profile.unknownDistrict(o.name, place: edition.place, known: edition.districts) {
                    throw InputError(file: model.file, key: "attributes.\(a.path).categorical.\(o.name)", message)
                }
            }
        }
        samplers = model.attributes.map { a in
            let latent = a.latent.flatMap { model.latentNames.firstIndex(of: $0) }
            var categorical = false
            var shape: Sampler.Shape
            let (lo, hi) = (a.min ?? -.infinity, a.max ?? .infinity)
            switch a.marginal {
            case .normal(let m, let s): shape = .affine(m, s)
            case .lognormal(let m, let s): shape = .exponential(m, s)
            case .uniform(let lo, let hi): shape = .uniform(lo, hi - lo)
            case .constant(let v): shape = .constant(v)
            case .bernoulli(let p):
                shape = latent == nil ? .bernoulli(p) : .cuts(CutTable([Normal.PhiInverse(1 - p)], onNormal: true))
            case .categorical(let outcomes):
                categorical = true
                var cum = 0.0
                shape = .cuts(CutTable(outcomes.dropLast().map { o in
                    cum += o.share
                    return latent == nil ? cum : Normal.PhiInverse(Swift.min(cum, 1))
                }, onNormal: latent != nil))
            }
            if let (cuts, base) = Self.steps(a.marginal, lo, hi, a.whole) { shape = .steps(cuts, base: base) }
            return Sampler(shape: shape, latent: latent, zeroShare: a.zeroShare, lo: lo, hi: hi,
                           whole: a.whole, when: a.when.flatMap { index[$0] }, unless: a.unless.flatMap { index[$0] },
                           shortfallOf: a.shortfallOf.flatMap { index[$0] }, categorical: categorical)
        }
        codes = model.attributes.map { a in
            guard case .categorical(let outcomes) = a.marginal else { return nil }
            let shortPath = a.path.hasPrefix("places.") ? "here." + a.path.split(separator: ".", maxSplits: 2)[2] : a.path
            let type = InputCatalog.parse(shortPath)?.1
            return [0] + outcomes.map { o in
                switch type {
                case .level(let names): return Double(names.firstIndex(of: o.name) ?? 0)
                case .district: return Double((edition.districts.firstIndex(of: o.name) ?? -2) + 1)
                default: return compiled.vocabulary[o.name] ?? -1
                }
            }
        }
        let home = model.places[0]
        func source(_ f: Feature) -> Source {
            func attribute(_ path: String) -> Source? { index[path].map { .attribute($0) } }
            switch f {
            case .value(let path):
                if let s = attribute(path) { return s }
                let parts = path.split(separator: ".", maxSplits: 2).map(String.init)
                // Each insurance type, and the unbroken run, default to the place's insured months (profile.md).
                if parts.count == 3, parts[2].hasPrefix("insurance_months.") || parts[2] == "continuous_insured_months",
                   let s = attribute("places.\(parts[1]).insured_months") { return s }
                // Pools draw no purchase dates: a missing date is later than every date.
                return .constant(path == "age" ? .nan : path.hasSuffix(".home.since") ? .infinity : 0)
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
            case .minimum, .total, .difference, .firstGiven, .window: return .derived(derived(f))
            // Pools draw no yearly histories.
            case .yearCount: return .constant(0)
            }
        }
        /// Whether the pool draws every attribute the feature reads (as a profile gives it).
        func drawsAll(_ f: Feature) -> Bool {
            switch f {
            case .minimum(let parts), .total(let parts), .firstGiven(let parts): return parts.allSatisfy(drawsAll)
            case .difference(let a, let b): return drawsAll(a) && drawsAll(b)
            case .window(let inner, _, _): return drawsAll(inner)
            default:
                if case .attribute = source(f) { return true }
                return false
            }
        }
        func derived(_ f: Feature) -> Derived {
            switch f {
            case .minimum(let parts): return .minimum(parts.map(derived))
            case .total(let parts): return .total(parts.map(derived))
            case .difference(let a, let b): return .difference(derived(a), derived(b))
            case .firstGiven(let parts): return derived(parts.dropLast().first(where: drawsAll) ?? parts.last!)
            case .window(let inner, let from, let to): return .window(derived(inner), from: from, to: to, asOf: edition.inForceFrom)
            default:
                switch source(f) {
                case .attribute(let a): return .attribute(a)
                case .sum(let list): return .sum(list)
                case .constant(let v): return .constant(v)
                default: return .constant(0)
                }
            }
        }
        sources = compiled.features.map(source)
        drawn = allAttributes ? Array(model.attributes.indices) : Self.needed(sources, model, index)
    }

    /// A whole-number normal or lognormal with finite bounds as steps on its normal draw z:
    /// ⌊clamp(v)⌋ reaches k where v(z) = m + s·z (or m·eˢᶻ) reaches k, at z = (k − m)/s (or
    /// log(k/m)/s). Exact, and no exp or floor runs per applicant. Nil for other attributes and
    /// for more than 4,096 whole values.
    static func steps(_ marginal: Marginal, _ lo: Double, _ hi: Double, _ whole: Bool) -> (CutTable, base: Double)? {
        guard whole, hi.isFinite else { return nil }
        let low: Double, threshold: (Double) -> Double
        switch marginal {
        case .normal(let m, let s) where s > 0 && lo.isFinite:
            low = lo
            threshold = { ($0 - m) / s }
        case .lognormal(let m, let s) where s > 0 && m > 0:
            low = Swift.max(lo, 0)
            threshold = { Foundation.log($0 / m) / s }
        default:
            return nil
        }
        let base = low.rounded(.down), last = hi.rounded(.down)
        guard last - base <= 4096 else { return nil }
        let cuts = last > base ? stride(from: base + 1, through: last, by: 1).map(threshold) : []
        return (CutTable(cuts, onNormal: true), base)
    }

    static func needed(_ sources: [Source], _ model: PoolModel, _ index: [String: Int]) -> [Int] {
        var used = Set<Int>()
        for s in sources {
            switch s {
            case .attribute(let a): used.insert(a)
            case .sum(let list): used.formUnion(list)
            case .derived(let d): used.formUnion(d.attributes)
            default: break
            }
        }
        // Conditions and shortfall bases are declared earlier in the file, so one pass from the
        // end closes the set.
        for a in model.attributes.indices.reversed() where used.contains(a) {
            let a = model.attributes[a]
            for c in [a.when, a.unless, a.shortfallOf].compactMap({ $0 }) { used.insert(index[c]!) }
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

    /// Rows drawn together: every column of a block stays in the L2 cache while it is drawn,
    /// filled and scored. Part of the draw order, so changing it changes every pool.
    public static let blockSize = 1024

    /// Per-worker buffers: the attributes, the events and the feature table of one pool (or of
    /// one block of a pool), plus the scratch columns of one block.
    public struct Buffers: Sendable {
        public internal(set) var count: Int
        /// One column per model attribute: values, or outcome indices (-1 = absent) for categoricals.
        public internal(set) var attributes: [[Double]]
        /// Per award class, then per conduct class: the row of each event (a row appears once
        /// per event). Events are rare, so lists cost less than a count column per class.
        var awardEvents: [[Int32]]
        var conductEvents: [[Int32]]
        public internal(set) var table: FeatureTable
        /// One block's latent normals, one column per latent.
        var latent: [[Double]]
        /// One block's raw draws, normals, yes/no decisions and presence flags.
        var raw: [UInt32]
        var normals: [Double]
        var flags: [UInt8]
        var present: [UInt8]
        /// A presence flag of 1 for every row of a block.
        let everyone: [UInt8]

        public init(generator: PoolGenerator, count: Int) {
            self.count = count
            let column = [Double](repeating: 0, count: count)
            attributes = Array(repeating: column, count: generator.model.attributes.count)
            awardEvents = Array(repeating: [], count: generator.model.awards.count)
            conductEvents = Array(repeating: [], count: generator.model.conduct.count)
            table = FeatureTable(count: count, featureCount: generator.compiled.features.count)
            let block = PoolGenerator.blockSize
            latent = Array(repeating: [Double](repeating: 0, count: block), count: generator.model.latentNames.count)
            raw = [UInt32](repeating: 0, count: block)
            normals = [Double](repeating: 0, count: block)
            flags = [UInt8](repeating: 0, count: block)
            present = [UInt8](repeating: 0, count: block)
            everyone = [UInt8](repeating: 1, count: block)
        }

        /// How many award (or conduct) events of class `c` applicant `j` has.
        public func events(award: Bool, class c: Int, applicant j: Int) -> Int {
            (award ? awardEvents : conductEvents)[c].reduce(0) { $0 + ($1 == Int32(j) ? 1 : 0) }
        }
    }

    /// Draws a pool of `buffers.count` applicants from `stream` and fills the feature table.
    ///
    /// Block by block of ``blockSize`` rows; within a block, column by column, so each
    /// attribute's parameters stay out of the inner loop.
    public func generate(into b: inout Buffers, from stream: RandomStream) {
        var start = 0
        while start < b.count {
            let end = min(start + Self.blockSize, b.count)
            generate(into: &b, rows: start..<end, from: stream)
            start = end
        }
    }

    /// Draws rows `rows` (at most ``blockSize`` of them) and fills their features.
    ///
    /// The draws depend only on the stream and the number of rows, never on where the rows sit,
    /// so a pool drawn block by block into a one-block buffer is the pool ``generate(into:from:)``
    /// draws. Per block: the latent normals (independent columns, then correlated by the Cholesky
    /// factor), each drawn attribute in file order, then each award and conduct class's events.
    public func generate(into b: inout Buffers, rows: Range<Int>, from stream: RandomStream) {
        generate(into: &b, rows: rows, from: stream, events: true)
    }

    /// The attributes this generator does not draw, drawn from `stream` into a pool it drew: the
    /// pool's own values stay as they are (so it is still the pool a simulation scored), and the
    /// rows become complete profiles. The added attributes have their own latent draws, so they
    /// are not correlated with the pool's; awards and conduct are not drawn again.
    public func complete(_ b: inout Buffers, from stream: RandomStream) {
        let own = Set(drawn)
        var rest = self
        rest.drawn = model.attributes.indices.filter { !own.contains($0) }
        guard !rest.drawn.isEmpty else { return }
        var start = 0
        while start < b.count {
            let end = min(start + Self.blockSize, b.count)
            rest.generate(into: &b, rows: start..<end, from: stream, events: false)
            start = end
        }
    }

    func generate(into b: inout Buffers, rows: Range<Int>, from stream: RandomStream, events: Bool) {
        precondition(rows.count <= Self.blockSize && rows.upperBound <= b.count, "a block has at most blockSize rows")
        let n = rows.count
        if let copula {
            let d = copula.factor.dimension
            for l in 0..<d {
                b.latent[l].withUnsafeMutableBufferPointer { z in stream.fillGaussian(.init(rebasing: z[0..<n])) }
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
        for a in drawn { draw(a, &b, rows, stream) }
        if events {
            for c in model.awards.indices { drawEvents(rate: model.awards[c].rate, rows, into: &b.awardEvents[c], stream) }
            for c in model.conduct.indices { drawEvents(rate: model.conduct[c].rate, rows, into: &b.conductEvents[c], stream) }
        }
        fill(&b, rows)
    }

    /// One attribute for rows `rows`: first who has it (its `when` and `unless` conditions, then
    /// its zero share among those), then the values. Draws that are not from a latent are made
    /// only for the rows that have the attribute, packed in row order.
    func draw(_ a: Int, _ b: inout Buffers, _ rows: Range<Int>, _ stream: RandomStream) {
        let n = rows.count, base = rows.lowerBound
        let s = samplers[a]
        let absent = s.categorical ? -1.0 : 0.0
        let k = presence(s, &b, rows, stream)
        switch s.shape {
        case .cuts, .uniform: if s.latent == nil { b.raw.withUnsafeMutableBufferPointer { stream.fillRaw(.init(rebasing: $0[0..<k])) } }
        case .affine, .exponential, .steps: if s.latent == nil { b.normals.withUnsafeMutableBufferPointer { stream.fillGaussian(.init(rebasing: $0[0..<k])) } }
        case .bernoulli(let share): Self.decide(share, k, &b, stream)
        case .constant: break
        }
        let latent = s.latent.map { b.latent[$0] } ?? []
        let raw = b.raw, normals = b.normals, flags = b.flags, present = s.everyone ? b.everyone : b.present, tables = Self.tables
        let (lo, hi, whole) = (s.lo, s.hi, s.whole)
        @inline(__always) func value(_ v: Double) -> Double {
            let c = min(max(v, lo), hi)
            return whole ? CompiledEdition.roundedDown(c) : c
        }
        b.attributes[a].withUnsafeMutableBufferPointer { column in
            let x = UnsafeMutableBufferPointer(rebasing: column[base..<base + n])
            Self.withBuffers(latent, raw, normals, flags, present) { z, r, g, f, p in
                // Row i's packed draw is number c, the count of present rows before it (c ≤ i, so
                // a row without the attribute reads inside the block buffer and discards it).
                var c = 0
                switch s.shape {
                case .constant(let v):
                    for i in 0..<n { x[i] = Self.choose(p[i], v, absent) }
                case .bernoulli:
                    for i in 0..<n { x[i] = Self.choose(p[i], Double(f[c]), absent); c += Int(p[i]) }
                case .cuts(let cuts):
                    cuts.cuts.withUnsafeBufferPointer { points in
                        cuts.buckets.withUnsafeBufferPointer { buckets in
                            if z.isEmpty {
                                for i in 0..<n { x[i] = Self.choose(p[i], Double(cuts.outcome(Double(r[c]) * 0x1p-32, buckets, points)), absent); c += Int(p[i]) }
                            } else {
                                for i in 0..<n { x[i] = Self.choose(p[i], Double(cuts.outcome(z[i], buckets, points)), absent) }
                            }
                        }
                    }
                case .steps(let cuts, let base):
                    cuts.cuts.withUnsafeBufferPointer { points in
                        cuts.buckets.withUnsafeBufferPointer { buckets in
                            if z.isEmpty {
                                for i in 0..<n { x[i] = Self.choose(p[i], base + Double(cuts.outcome(g[c], buckets, points)), absent); c += Int(p[i]) }
                            } else {
                                for i in 0..<n { x[i] = Self.choose(p[i], base + Double(cuts.outcome(z[i], buckets, points)), absent) }
                            }
                        }
                    }
                case .uniform(let from, let width):
                    if z.isEmpty {
                        for i in 0..<n { x[i] = Self.choose(p[i], value(from + width * Double(r[c]) * 0x1p-32), absent); c += Int(p[i]) }
                    } else {
                        tables.phi.withUnsafeBufferPointer { phi in
                            for i in 0..<n { x[i] = Self.choose(p[i], value(from + width * Self.phi(z[i], phi)), absent) }
                        }
                    }
                case .affine(let m, let sd):
                    if z.isEmpty {
                        for i in 0..<n { x[i] = Self.choose(p[i], value(m + sd * g[c]), absent); c += Int(p[i]) }
                    } else {
                        for i in 0..<n { x[i] = Self.choose(p[i], value(m + sd * z[i]), absent) }
                    }
                case .exponential(let m, let sd):
                    tables.exp.withUnsafeBufferPointer { e in
                        if z.isEmpty {
                            for i in 0..<n { x[i] = Self.choose(p[i], value(m * Self.exp(sd * g[c], e)), absent); c += Int(p[i]) }
                        } else {
                            for i in 0..<n { x[i] = Self.choose(p[i], value(m * Self.exp(sd * z[i], e)), absent) }
                        }
                    }
                }
            }
        }
        if let from = s.shortfallOf { subtract(a, from: from, &b, rows) }
    }

    /// Turns attribute `a`'s drawn shortfalls on `rows` into values: attribute `from` minus the
    /// shortfall, never below 0. `from` is declared, and so drawn, earlier.
    func subtract(_ a: Int, from: Int, _ b: inout Buffers, _ rows: Range<Int>) {
        let source = b.attributes[from]
        source.withUnsafeBufferPointer { base in
            b.attributes[a].withUnsafeMutableBufferPointer { x in
                for j in rows { x[j] = max(base[j] - x[j], 0) }
            }
        }
    }

    /// `value` if `present` is 1, else `absent`, by masking bits: whether a row has an attribute
    /// is often close to a coin toss, which a branch would mispredict.
    @inline(__always)
    static func choose(_ present: UInt8, _ value: Double, _ absent: Double) -> Double {
        let mask = 0 &- UInt64(present)
        return Double(bitPattern: (value.bitPattern & mask) | (absent.bitPattern & ~mask))
    }

    /// The storage of the five block columns `draw` reads, as buffer pointers.
    @inline(__always)
    static func withBuffers<R>(
        _ z: [Double], _ r: [UInt32], _ g: [Double], _ f: [UInt8], _ p: [UInt8],
        _ body: (UnsafeBufferPointer<Double>, UnsafeBufferPointer<UInt32>, UnsafeBufferPointer<Double>,
                 UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> R
    ) -> R {
        z.withUnsafeBufferPointer { z in
            r.withUnsafeBufferPointer { r in
                g.withUnsafeBufferPointer { g in
                    f.withUnsafeBufferPointer { f in p.withUnsafeBufferPointer { p in body(z, r, g, f, p) } }
                }
            }
        }
    }

    /// Who has attribute `s` among rows `rows`, into `b.present` (1 = has it); returns how many.
    /// An attribute without conditions or zero share is had by every row: `b.everyone` stands
    /// in for the flags and nothing is computed.
    func presence(_ s: Sampler, _ b: inout Buffers, _ rows: Range<Int>, _ stream: RandomStream) -> Int {
        let n = rows.count, base = rows.lowerBound
        if s.everyone { return n }
        b.present.withUnsafeMutableBufferPointer { p in for i in 0..<n { p[i] = 1 } }
        // Conditions are attributes declared earlier: a copied reference is read while
        // `b.present` is written.
        func require(_ condition: Int?, holds: Bool) {
            guard let condition else { return }
            let column = b.attributes[condition]
            column.withUnsafeBufferPointer { x in
                b.present.withUnsafeMutableBufferPointer { p in
                    for i in 0..<n { p[i] &= (x[base + i] != 0) == holds ? 1 : 0 }
                }
            }
        }
        require(s.when, holds: true)
        require(s.unless, holds: false)
        var k = b.present.withUnsafeBufferPointer { p in (0..<n).reduce(0) { $0 + Int(p[$1]) } }
        if s.zeroShare > 0 {
            Self.decide(1 - s.zeroShare, k, &b, stream)
            k = 0
            b.flags.withUnsafeBufferPointer { f in
                b.present.withUnsafeMutableBufferPointer { p in
                    var c = 0
                    for i in 0..<n {
                        let was = p[i]
                        p[i] = was & f[c]
                        c += Int(was)
                        k += Int(p[i])
                    }
                }
            }
        }
        return k
    }

    /// Independent yes/no decisions, yes (1) with probability `p`, into `b.flags[0..<count]`.
    ///
    /// When one answer is rare (probability q ≤ 0.2) only the rare answers are drawn, as a
    /// Bernoulli process: the number of common answers before the next rare one is geometric,
    /// ⌊log U / log(1 − q)⌋ with U uniform on (0, 1), so the cost follows the rare answers
    /// rather than the rows. Otherwise one uniform per row: yes when it is below `p`.
    static func decide(_ p: Double, _ count: Int, _ b: inout Buffers, _ stream: RandomStream) {
        let rare = min(p, 1 - p)
        if rare > 0.2 {
            b.raw.withUnsafeMutableBufferPointer { r in
                stream.fillRaw(.init(rebasing: r[0..<count]))
                b.flags.withUnsafeMutableBufferPointer { f in for i in 0..<count { f[i] = Double(r[i]) * 0x1p-32 < p ? 1 : 0 } }
            }
            return
        }
        let common: UInt8 = p > 0.5 ? 1 : 0
        b.flags.withUnsafeMutableBufferPointer { f in
            for i in 0..<count { f[i] = common }
            guard rare > 0 else { return }
            let scale = 1 / Foundation.log1p(-rare)
            var i = -1
            while true {
                let gap = (Foundation.log(stream.uniformPositive()) * scale).rounded(.down)
                if gap >= Double(count - 1 - i) { break }
                i += Int(gap) + 1
                f[i] = 1 - common
            }
        }
    }

    /// Sorted cut points and a bucket index over them, so an outcome costs one bucket load and
    /// one comparison, whatever the number of outcomes (districts have 16, insured months 229).
    struct CutTable: Sendable {
        /// The first cut point in or above a bucket, how many cut points lie in lower buckets,
        /// and whether the bucket holds more than one cut point (then a short scan follows).
        struct Bucket: Sendable {
            var first: Double
            var start: Int32
            var crowded: Bool
        }
        /// The cut points, then +∞ so that a scan stops without a bounds test.
        let cuts: [Double]
        let lower: Double, scale: Double
        let buckets: [Bucket]

        /// Cut points for a uniform draw on [0, 1], or for a normal one (buckets over ±8; draws
        /// beyond fall in the end buckets).
        init(_ cuts: [Double], onNormal: Bool) {
            let cuts = cuts.map { $0 == 0 ? 0 : $0 }
            self.cuts = cuts + [.infinity]
            let (lo, hi) = onNormal ? (-8.0, 8.0) : (0.0, 1.0)
            let count = 1024
            lower = lo
            scale = Double(count) / (hi - lo)
            // A cut point belongs to the bucket its own value indexes to; the index is monotone
            // in the value, so every cut point in a lower bucket is below any draw in this one.
            var perBucket = [Int32](repeating: 0, count: count + 1)
            for c in cuts { perBucket[Self.index(c, lo, scale, count)] += 1 }
            var below: Int32 = 0
            buckets = perBucket.map { inside in
                defer { below += inside }
                return Bucket(first: below < cuts.count ? cuts[Int(below)] : .infinity, start: below, crowded: inside > 1)
            }
        }

        /// The bucket of `u`: (u − lower)·scale clamped to [0, last] and rounded to the nearest
        /// integer by adding 1.5·2⁵² (no checked conversion in the loop). Monotone in `u`,
        /// which is all the table needs.
        @inline(__always)
        static func index(_ u: Double, _ lower: Double, _ scale: Double, _ last: Int) -> Int {
            let t = min(max((u - lower) * scale, 0), Double(last))
            return Int(truncatingIfNeeded: (t + 0x1.8p52).bitPattern & 0xFFFF_FFFF)
        }

        /// The number of cut points strictly below `u`: the outcome's index. `buckets` and `cuts`
        /// are this table's arrays, passed as pointers by the caller's loop.
        @inline(__always)
        func outcome(_ u: Double, _ buckets: UnsafeBufferPointer<Bucket>, _ cuts: UnsafeBufferPointer<Double>) -> Int {
            let bucket = buckets[Self.index(u, lower, scale, buckets.count - 1)]
            // + 1 when u > first, from the sign of first − u: a draw near a cut point is a coin
            // toss that a branch would mispredict half the time. Exact, as no cut point is −0.
            var k = Int(bucket.start) &+ Int(truncatingIfNeeded: (bucket.first - u).bitPattern >> 63)
            if bucket.crowded {
                while u > cuts[k] { k += 1 }
            }
            return k
        }
    }

    /// exp on [-16, 16] and Φ on [-8, 8], tabulated once for the draw loops.
    static let tables = (exp: (0...8192).map { Foundation.exp(-16 + 32 * Double($0) / 8192) },
                         phi: (0...4096).map { Normal.Phi(-8 + 16 * Double($0) / 4096) })

    /// exp(x) for |x| ≤ 16 by linear interpolation in `e` (`tables.exp`; relative error below
    /// 2·10⁻⁶, far under the whole-month rounding of the attributes it shapes); exact outside.
    @inline(__always)
    static func exp(_ x: Double, _ e: UnsafeBufferPointer<Double>) -> Double {
        let t = (x + 16) * 256
        guard t >= 0, t < 8192 else { return Foundation.exp(x) }
        let i = Int(t), f = t - Double(i)
        return e[i] + f * (e[i + 1] - e[i])
    }

    /// Φ(x) by linear interpolation in `table` (`tables.phi`), so the loops call no special function.
    @inline(__always)
    static func phi(_ x: Double, _ table: UnsafeBufferPointer<Double>) -> Double {
        let t = (x + 8) * 256
        if t <= 0 { return 0 }
        if t >= 4096 { return 1 }
        let i = Int(t), f = t - Double(i)
        return table[i] + f * (table[i + 1] - table[i])
    }

    /// Poisson(rate) events per applicant of `rows`, drawn as Poisson(rows·rate) events placed
    /// uniformly: per applicant the counts are then exactly independent Poisson(rate), at a cost
    /// proportional to the number of events rather than to the rows. Events left in `rows` by an
    /// earlier pool are dropped first.
    func drawEvents(rate: Double, _ rows: Range<Int>, into events: inout [Int32], _ stream: RandomStream) {
        events.removeAll { rows.contains(Int($0)) }
        guard rate > 0, !rows.isEmpty else { return }
        let m = stream.poisson(rate * Double(rows.count))
        for _ in 0..<m { events.append(Int32(rows.lowerBound + stream.uniformInt(below: rows.count))) }
    }

    /// Writes the feature columns of every row from the attributes and events.
    func fill(_ b: inout Buffers) { fill(&b, 0..<b.count) }

    /// Writes the feature columns of rows `r` from the attributes and events.
    func fill(_ b: inout Buffers, _ r: Range<Int>) {
        for (f, source) in sources.enumerated() {
            b.table.columns[f].withUnsafeMutableBufferPointer { out in
                switch source {
                case .constant(let v):
                    for j in r { out[j] = v }
                case .attribute(let a):
                    b.attributes[a].withUnsafeBufferPointer { x in
                        if let codes = codes[a] {
                            codes.withUnsafeBufferPointer { codes in
                                for j in r { out[j] = codes[Int(x[j] + 1)] }
                            }
                        } else {
                            for j in r { out[j] = x[j] }
                        }
                    }
                case .sum(let attrs):
                    for j in r { out[j] = 0 }
                    for a in attrs {
                        b.attributes[a].withUnsafeBufferPointer { x in for j in r { out[j] += x[j] } }
                    }
                case .events(let award, let classes):
                    for j in r { out[j] = 0 }
                    for c in classes {
                        for j in award ? b.awardEvents[c] : b.conductEvents[c] where r.contains(Int(j)) { out[Int(j)] += 1 }
                    }
                case .derived(let d):
                    for j in r { out[j] = d.value(b.attributes, j) }
                }
            }
        }
    }
}
