import Foundation
import JifenPolicy
import JifenStatistics

/// Where a model parameter comes from, as in the rule books: a source and how sure it is.
public struct ModelCitation: Sendable, Equatable {
    public var source: String
    public var confidence: Confidence
    public var note: String?
}

/// How one applicant attribute is distributed. Continuous shapes read a standard normal `z`
/// (the attribute's latent normal, or an independent one).
public enum Marginal: Sendable, Equatable {
    /// `mean + sd·z`.
    case normal(mean: Double, sd: Double)
    /// `median·exp(sigma·z)`.
    case lognormal(median: Double, sigma: Double)
    /// Uniform on [min, max].
    case uniform(min: Double, max: Double)
    /// Named outcomes with shares (levels, districts, place ids), lowest latent values first.
    case categorical([(name: String, share: Double)])
    /// True with probability `share`.
    case bernoulli(share: Double)
    /// Always this value.
    case constant(Double)

    public static func == (a: Marginal, b: Marginal) -> Bool {
        switch (a, b) {
        case let (.normal(m1, s1), .normal(m2, s2)): return m1 == m2 && s1 == s2
        case let (.lognormal(m1, s1), .lognormal(m2, s2)): return m1 == m2 && s1 == s2
        case let (.uniform(a1, b1), .uniform(a2, b2)): return a1 == a2 && b1 == b2
        case let (.categorical(x), .categorical(y)): return x.map(\.name) == y.map(\.name) && x.map(\.share) == y.map(\.share)
        case let (.bernoulli(p), .bernoulli(q)): return p == q
        case let (.constant(x), .constant(y)): return x == y
        default: return false
        }
    }
}

/// One profile field of a synthetic applicant.
public struct PoolAttribute: Sendable, Equatable {
    /// The profile's dotted path, e.g. `places.tianjin.insured_months`.
    public var path: String
    public var marginal: Marginal
    /// The latent normal that carries its dependence on other attributes; nil = independent.
    public var latent: String?
    /// Share of applicants for whom the value is 0 (none), drawn independently.
    public var zeroShare: Double
    public var min: Double?
    public var max: Double?
    /// Whole numbers only (rounded down, like full months or years).
    public var whole: Bool
    /// Only applicants for whom this earlier boolean attribute is true get a value (else 0).
    public var when: String?
    /// Only applicants for whom this earlier boolean attribute is false get a value (else 0).
    public var unless: String?
    /// When set, the drawn value is a shortfall: the attribute is this earlier attribute's value
    /// minus the draw (minus 0 for applicants without one), never below 0, so it never exceeds
    /// that attribute (months of one insurance type against the months of the base type).
    public var shortfallOf: String? = nil
    public var citation: ModelCitation
}

/// Awards or conduct records of one class, as a Poisson rate per applicant.
public struct EventClass: Sendable, Equatable {
    /// For awards: `honour`, `skills_contest` or `veteran_merit`; for conduct: a conduct kind.
    public var kind: String
    public var level: AwardLevel?
    public var grade: MeritGrade?
    public var rank: Int?
    public var contestClass: Int?
    /// Expected number per applicant (recent enough to fall inside every rule-book window).
    public var rate: Double
    public var citation: ModelCitation
}

/// A model parameter that calibration may move, with its bounds.
public struct FreeParameter: Sendable, Equatable {
    /// `pool`, or `<attribute path>.<mean|sd|median|sigma|share|zero_share>`, or
    /// `<attribute path>.share.<outcome>`, or `latent.correlation.<latent>.<other latent>`.
    public var name: String
    public var lower: Double
    public var upper: Double
    /// Parameters that follow this one: each is set to its factor times this one's value
    /// whenever this one is set (e.g. provident-fund months at 3/4 of insured months).
    public var tied: [TiedParameter] = []

    public init(name: String, lower: Double, upper: Double, tied: [TiedParameter] = []) {
        self.name = name
        self.lower = lower
        self.upper = upper
        self.tied = tied
    }
}

/// A parameter that moves with a free parameter, at a fixed ratio.
public struct TiedParameter: Sendable, Equatable {
    public var name: String
    public var factor: Double

    public init(name: String, factor: Double) {
        self.name = name
        self.factor = factor
    }
}

/// A synthetic applicant pool: marginals for profile fields, tied together by a Gaussian copula.
///
/// Loaded from `datasets/populations/<city>.yaml`; see docs/simulation.md for the format.
public struct PoolModel: Sendable {
    public var id: String
    public var title: String
    /// The places applicants live in (profile `places.<id>`); the first is the home city.
    public var places: [String]
    /// Default number of applicants, used when a command is not given `--pool`.
    public var pool: Int?
    public var latentNames: [String]
    public var correlation: [[Double]]
    public var correlationCitation: ModelCitation?
    public var attributes: [PoolAttribute]
    public var awards: [EventClass]
    public var conduct: [EventClass]
    public var free: [FreeParameter]
    /// The file it was read from, for messages.
    public var file: String

    public func attribute(_ path: String) -> PoolAttribute? { attributes.first { $0.path == path } }
}

// MARK: Loading

extension PoolModel {
    /// Reads and validates a model file; problems are `InputError`s naming file, line and key.
    public static func load(_ url: URL, displayName: String? = nil) throws -> PoolModel {
        try decode(Tree.load(url, displayName: displayName))
    }

    /// Parses model text (YAML or JSON).
    public static func parse(_ text: String, file: String) throws -> PoolModel {
        try decode(Tree.parse(text, file: file))
    }

    static let marginalKeys = ["normal", "lognormal", "uniform", "categorical", "share", "constant"]

    static func decode(_ tree: Tree) throws -> PoolModel {
        let f = try tree.fields(["model", "title", "places", "pool", "latent", "attributes", "awards", "conduct", "free", "notes"])
        let id = try f.require("model").identifier()
        let places = try f.require("places").list().map { try $0.identifier() }
        guard !places.isEmpty else { throw try f.require("places").error("name at least one place") }
        var model = PoolModel(
            id: id, title: try f["title"]?.string() ?? id, places: places, pool: try f["pool"]?.int(),
            latentNames: [], correlation: [], correlationCitation: nil, attributes: [], awards: [], conduct: [],
            free: [], file: tree.file)
        if let p = f["pool"], !(1...SimulationSettings.maxPool).contains(model.pool ?? 0) {
            throw p.error("the pool size must be between 1 and \(SimulationSettings.maxPool) applicants, found \(model.pool ?? 0)")
        }
        if let latent = f["latent"] {
            let lf = try latent.fields(["names", "correlation", "source", "confidence", "note"])
            model.latentNames = try lf.require("names").list().map { try $0.identifier() }
            let rowsTree = try lf.require("correlation")
            let rows = try rowsTree.list().map { try $0.list().map { try $0.double() } }
            let n = model.latentNames.count
            guard rows.count == n, rows.allSatisfy({ $0.count == n }) else {
                throw rowsTree.error("expected a \(n)×\(n) matrix, one row per latent name")
            }
            for i in 0..<n {
                guard rows[i][i] == 1 else { throw rowsTree.error("diagonal entry \(i + 1) must be 1") }
                for j in 0..<n where rows[i][j] != rows[j][i] || abs(rows[i][j]) > 1 {
                    throw rowsTree.error("entries (\(i + 1),\(j + 1)) and (\(j + 1),\(i + 1)) must be equal and in [-1, 1]")
                }
            }
            do { _ = try GaussianCopula(correlation: rows) } catch {
                throw rowsTree.error("the correlation matrix is not positive definite")
            }
            model.correlation = rows
            model.correlationCitation = try citation(lf, latent)
        }
        if let attrs = f["attributes"] {
            for (path, t) in try attrs.entries() {
                let attribute = try self.attribute(path, t, model: model)
                model.attributes.append(attribute)
            }
        }
        model.awards = try f["awards"]?.list().map { try eventClass($0, award: true) } ?? []
        model.conduct = try f["conduct"]?.list().map { try eventClass($0, award: false) } ?? []
        if let free = f["free"] {
            for (name, t) in try free.entries() {
                let ff = try t.fields(["min", "max", "tied"])
                let lo = try ff.require("min").double(), hi = try ff.require("max").double()
                guard lo < hi else { throw t.error("min must be below max") }
                let tied = try ff["tied"]?.entries().map { TiedParameter(name: $0.key, factor: try $0.value.double()) } ?? []
                let p = FreeParameter(name: name, lower: lo, upper: hi, tied: tied)
                do {
                    _ = try model.value(of: p)
                    for t in tied { _ = try model.value(of: FreeParameter(name: t.name, lower: 0, upper: 1)) }
                } catch let e as InputError {
                    throw InputError(file: tree.file, line: t.line, key: t.path, e.message)
                }
                if name.hasPrefix(correlationPrefix), lo < -1 || hi > 1 {
                    throw t.error("a correlation's range must lie within [-1, 1]")
                }
                model.free.append(p)
            }
            // Free shares are set exactly; an outcome left fixed takes up the rest.
            let named = Set(model.free.flatMap { [$0.name] + $0.tied.map(\.name) })
            for a in model.attributes {
                guard case .categorical(let outcomes) = a.marginal,
                      outcomes.allSatisfy({ named.contains(a.path + ".share." + $0.name) }) else { continue }
                throw free.error("every share of \(a.path) is free; leave at least one outcome fixed to take up the rest")
            }
        }
        return model
    }

    static func citation(_ f: Fields, _ t: Tree) throws -> ModelCitation {
        let source = try f.require("source").string()
        let ct = try f.require("confidence")
        guard let c = Confidence(rawValue: try ct.string()) else {
            throw ct.error("expected one of \(Confidence.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let note = try f["note"]?.string()
        if c.isAssumption && note == nil { throw t.error("an \(c.rawValue) value needs a `note` saying why") }
        return ModelCitation(source: source, confidence: c, note: note)
    }

    /// The type the profile contract gives a path, with place paths checked against the model's places.
    static func inputType(_ path: String, _ t: Tree, model: PoolModel) throws -> InputType {
        let parts = path.split(separator: ".", maxSplits: 2).map(String.init)
        if parts.count == 3, parts[0] == "places" {
            guard model.places.contains(parts[1]) else {
                throw t.error("place '\(parts[1])' is not in the model's places (\(model.places.joined(separator: ", ")))")
            }
            if parts[2] == "home.owned" { return .bool }
            if let (_, type) = InputCatalog.parse("here." + parts[2]), type != .presence, type != .history { return type }
        } else if let (_, type) = InputCatalog.parse(path), type != .presence, type != .history {
            return type
        }
        throw t.error("not a profile field a pool can hold (see profile.md; place fields are written places.<place>.<field>)")
    }

    static func attribute(_ path: String, _ t: Tree, model: PoolModel) throws -> PoolAttribute {
        let type = try inputType(path, t, model: model)
        let f = try t.fields(marginalKeys + ["latent", "zero_share", "min", "max", "whole", "when", "unless", "shortfall_of", "source", "confidence", "note"])
        let given = marginalKeys.filter { f.has($0) }
        guard given.count == 1 else {
            throw t.error("give exactly one distribution: one of \(marginalKeys.joined(separator: ", "))")
        }
        let marginal: Marginal
        let d = try f.require(given[0])
        switch given[0] {
        case "normal":
            let nf = try d.fields(["mean", "sd"])
            let sd = try nf.require("sd").double()
            guard sd >= 0 else { throw d.error("sd must not be negative") }
            marginal = .normal(mean: try nf.require("mean").double(), sd: sd)
        case "lognormal":
            let nf = try d.fields(["median", "sigma"])
            let median = try nf.require("median").double(), sigma = try nf.require("sigma").double()
            guard median > 0, sigma >= 0 else { throw d.error("median must be positive and sigma not negative") }
            marginal = .lognormal(median: median, sigma: sigma)
        case "uniform":
            let nf = try d.fields(["min", "max"])
            let lo = try nf.require("min").double(), hi = try nf.require("max").double()
            guard lo <= hi else { throw d.error("min must not exceed max") }
            marginal = .uniform(min: lo, max: hi)
        case "categorical":
            var outcomes: [(name: String, share: Double)] = []
            for (name, v) in try d.entries() {
                let share = try v.double()
                guard share >= 0 else { throw v.error("a share must not be negative") }
                switch type {
                case .level(let names) where !names.contains(name):
                    throw v.error("unknown level; expected one of \(names.joined(separator: ", "))")
                case .number, .bool:
                    throw d.error("a categorical distribution needs a level, district or place field")
                default: break
                }
                outcomes.append((name, share))
            }
            let total = outcomes.reduce(0) { $0 + $1.share }
            guard abs(total - 1) < 1e-6 else { throw d.error("shares must add up to 1, they add up to \(total)") }
            marginal = .categorical(outcomes)
        case "share":
            guard type == .bool else { throw d.error("`share` (a probability of true) is for yes/no fields") }
            let p = try d.double()
            guard (0...1).contains(p) else { throw d.error("a share must be in [0, 1]") }
            marginal = .bernoulli(share: p)
        default:
            marginal = .constant(try d.double())
        }
        if type == .bool, case .bernoulli = marginal {} else if type == .bool, case .constant = marginal {} else if type == .bool {
            throw t.error("a yes/no field takes `share: p`")
        }
        var latent: String?
        if let l = f["latent"] {
            let name = try l.identifier()
            guard model.latentNames.contains(name) else {
                throw l.error("unknown latent normal; declared: \(model.latentNames.joined(separator: ", "))")
            }
            latent = name
        }
        let zeroShare = try f["zero_share"]?.double() ?? 0
        if let z = f["zero_share"], !(0...1).contains(zeroShare) { throw z.error("a share must be in [0, 1]") }
        func earlierBool(_ key: String) throws -> String? {
            guard let c = f[key] else { return nil }
            let name = try c.string()
            guard let other = model.attribute(name), case .bernoulli = other.marginal else {
                throw c.error("must name a yes/no attribute declared above")
            }
            return name
        }
        var shortfallOf: String?
        if let c = f["shortfall_of"] {
            let name = try c.string()
            guard model.attribute(name) != nil, type == .number, try inputType(name, c, model: model) == .number else {
                throw c.error("a shortfall is a number taken from a number attribute declared above")
            }
            shortfallOf = name
        }
        return PoolAttribute(
            path: path, marginal: marginal, latent: latent, zeroShare: zeroShare,
            min: try f["min"]?.double(), max: try f["max"]?.double(), whole: try f["whole"]?.bool() ?? false,
            when: try earlierBool("when"), unless: try earlierBool("unless"), shortfallOf: shortfallOf,
            citation: try citation(f, t))
    }

    static func eventClass(_ t: Tree, award: Bool) throws -> EventClass {
        let keys = award ? ["kind", "level", "grade", "rank", "contest_class", "rate", "source", "confidence", "note"]
            : ["kind", "rate", "source", "confidence", "note"]
        let f = try t.fields(keys)
        let kt = try f.require("kind")
        let kind = try kt.string()
        if award {
            guard AwardKind(rawValue: kind) != nil else {
                throw kt.error("unknown award kind; expected one of \(AwardKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        } else {
            guard ConductKind(rawValue: kind) != nil else {
                throw kt.error("unknown conduct kind; expected one of \(ConductKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        func parsed<T: RawRepresentable>(_ key: String, _ make: (String) -> T?) throws -> T? where T.RawValue == String {
            guard let v = f[key] else { return nil }
            guard let x = make(try v.string()) else { throw v.error("unknown \(key)") }
            return x
        }
        let rt = try f.require("rate")
        let rate = try rt.double()
        guard rate >= 0 else { throw rt.error("a rate must not be negative") }
        return EventClass(
            kind: kind, level: try parsed("level", AwardLevel.init), grade: try parsed("grade", MeritGrade.init),
            rank: try f["rank"]?.int(), contestClass: try f["contest_class"]?.int(), rate: rate, citation: try citation(f, t))
    }
}

// MARK: Free parameters

extension PoolModel {
    /// The current value of a free parameter.
    public func value(of p: FreeParameter) throws -> Double {
        var copy = self
        var current = 0.0
        try copy.apply(p.name) { current = $0; return $0 }
        return current
    }

    /// A copy with free parameter `name` set to `value`, and the parameters tied to it moved
    /// along (see ``setting(_:)``).
    public func setting(_ name: String, to value: Double) throws -> PoolModel {
        try setting([(name, value)])
    }

    /// A copy with each named parameter set to its value and the parameters tied to them moved
    /// along. Shares of a categorical are set exactly; the outcomes no parameter names take up the
    /// rest in their declared proportions, so the order of the names does not matter. Values
    /// outside the model's support (``outsideSupport(_:)``) are refused with that sentence.
    public func setting(_ values: [(name: String, value: Double)]) throws -> PoolModel {
        if let reason = outsideSupport(values) { throw InputError(file: file, key: values.first?.name ?? "free", reason) }
        var copy = self
        var touched = Set<String>()
        for (name, value) in values {
            touched.insert(name)
            try copy.apply(name) { _ in value }
            for t in free.first(where: { $0.name == name })?.tied ?? [] {
                touched.insert(t.name)
                try copy.apply(t.name) { _ in t.factor * value }
            }
        }
        copy.fillShares(touched: touched, named: touched.union(free.flatMap { [$0.name] + $0.tied.map(\.name) }))
        return copy
    }

    /// Why these parameter values (the others at their current values) make no model, or nil:
    /// the named shares of one categorical add up past 1, or a correlation with named entries is
    /// not positive definite. Such draws lie outside the prior's support: calibration rejects
    /// them before simulating and forecasts draw again.
    public func outsideSupport(_ values: [(name: String, value: Double)]) -> String? {
        var copy = self
        let given = Dictionary(values.flatMap { v in
            [v] + (free.first { $0.name == v.name }?.tied ?? []).map { ($0.name, $0.factor * v.value) }
        }, uniquingKeysWith: { $1 })
        let names = Set(free.flatMap { [$0.name] + $0.tied.map(\.name) }).union(given.keys)
        for a in attributes {
            guard case .categorical(let outcomes) = a.marginal else { continue }
            let prefix = a.path + ".share."
            let shares = outcomes.filter { names.contains(prefix + $0.name) }.map { given[prefix + $0.name] ?? $0.share }
            guard !shares.isEmpty else { continue }
            let sum = shares.reduce(0, +)
            if sum > 1 + 1e-9 {
                return "the free shares of \(a.path) add up to \(JSON.format(sum)), more than 1"
            }
        }
        let entries = given.filter { $0.key.hasPrefix(Self.correlationPrefix) }
        guard !entries.isEmpty else { return nil }
        for (name, value) in entries {
            guard (try? copy.apply(name, { _ in value })) != nil else { return nil }
        }
        do { _ = try GaussianCopula(correlation: copy.correlation) } catch {
            return "the latent correlation matrix with \(entries.keys.sorted().joined(separator: ", ")) is not positive definite"
        }
        return nil
    }

    static let correlationPrefix = "latent.correlation."

    /// For each categorical with a share in `touched`, rescales the outcomes that no parameter in
    /// `named` sets so that the shares add up to 1 again, keeping their proportions (equal shares
    /// when they were all 0).
    mutating func fillShares(touched: Set<String>, named: Set<String>) {
        for i in attributes.indices {
            guard case .categorical(var outcomes) = attributes[i].marginal else { continue }
            let prefix = attributes[i].path + ".share."
            guard touched.contains(where: { $0.hasPrefix(prefix) }) else { continue }
            let set = Set(outcomes.indices.filter { named.contains(prefix + outcomes[$0].name) })
            let rest = outcomes.indices.filter { !set.contains($0) }
            let room = 1 - set.reduce(0) { $0 + outcomes[$1].share }
            let others = rest.reduce(0) { $0 + outcomes[$1].share }
            for j in rest {
                outcomes[j].share = others > 0 ? outcomes[j].share / others * room : room / Double(rest.count)
            }
            attributes[i].marginal = .categorical(outcomes)
        }
    }

    mutating func apply(_ name: String, _ change: (Double) -> Double) throws {
        if name == "pool" {
            let size = change(Double(pool ?? 0)).rounded()
            guard size >= 1, size <= Double(SimulationSettings.maxPool) else {
                throw InputError(file: file, key: name, "the pool size must be between 1 and \(SimulationSettings.maxPool) applicants, found \(JSON.format(size))")
            }
            pool = Int(size)
            return
        }
        if name.hasPrefix(Self.correlationPrefix) {
            let pair = name.dropFirst(Self.correlationPrefix.count).split(separator: ".").map(String.init)
            guard pair.count == 2, let i = latentNames.firstIndex(of: pair[0]), let j = latentNames.firstIndex(of: pair[1]), i != j else {
                throw InputError(file: file, key: name, "a free correlation is written latent.correlation.<latent>.<other latent>, naming two declared latents (\(latentNames.joined(separator: ", ")))")
            }
            let r = change(correlation[i][j])
            guard (-1...1).contains(r) else {
                throw InputError(file: file, key: name, "a correlation must be in [-1, 1], found \(JSON.format(r))")
            }
            (correlation[i][j], correlation[j][i]) = (r, r)
            return
        }
        let fields = ["mean", "sd", "median", "sigma", "share", "zero_share", "min", "max"]
        // Attribute paths contain dots: find the longest declared path that prefixes the name.
        guard let i = attributes.indices.filter({ name.hasPrefix(attributes[$0].path + ".") })
            .max(by: { attributes[$0].path.count < attributes[$1].path.count }) else {
            throw InputError(file: file, key: name, "free parameter names no attribute of the model (or `pool`)")
        }
        let rest = String(name.dropFirst(attributes[i].path.count + 1))
        var a = attributes[i]
        switch (rest, a.marginal) {
        case ("mean", .normal(let m, let s)): a.marginal = .normal(mean: change(m), sd: s)
        case ("sd", .normal(let m, let s)): a.marginal = .normal(mean: m, sd: change(s))
        case ("median", .lognormal(let m, let s)): a.marginal = .lognormal(median: change(m), sigma: s)
        case ("sigma", .lognormal(let m, let s)): a.marginal = .lognormal(median: m, sigma: change(s))
        case ("share", .bernoulli(let p)): a.marginal = .bernoulli(share: change(p))
        case ("zero_share", _): a.zeroShare = change(a.zeroShare)
        case (_, .categorical(var outcomes)) where rest.hasPrefix("share."):
            let outcome = String(rest.dropFirst(6))
            guard let k = outcomes.firstIndex(where: { $0.name == outcome }) else {
                throw InputError(file: file, key: name, "no outcome '\(outcome)' in \(a.path)")
            }
            // Set exactly; `fillShares` rescales the outcomes no parameter sets.
            outcomes[k].share = change(outcomes[k].share)
            a.marginal = .categorical(outcomes)
        default:
            throw InputError(file: file, key: name, "cannot vary '\(rest)' of \(a.path); expected one of \(fields.joined(separator: ", ")) matching its distribution, or share.<outcome>")
        }
        attributes[i] = a
    }
}
