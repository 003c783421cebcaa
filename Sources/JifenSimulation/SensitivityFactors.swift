import JifenPolicy

/// The rule values of an edition a sensitivity analysis can move, each named in words with the
/// limits its meaning imposes, in the edition's file order.
struct SensitivityFactors {
    var candidates: [PerturbedParameter] = []
    var skipped: [SkippedParameter] = []
    private var seen = Set<String>()

    init(_ e: Edition) {
        if let t = e.threshold { add(t, "threshold: minimum total score to apply") }
        if let f = e.floor { add(f, "floor: lowest total score") }
        for g in e.groups { if let cap = g.cap { add(cap, "\(g.name) group: cap") } }
        for ind in e.indicators {
            let n = ind.name
            switch ind.kind.layout {
            case .table(let points):
                for (level, p) in points { add(p, "\(n): points for \(level)") }
            case .bands(let bands):
                addBands(bands, n)
            case .rate(let tiers, let per, let table):
                for (i, t) in tiers.enumerated() {
                    let from = t.from.map { JSON.format($0.value) } ?? "0"
                    if let start = t.from {
                        let prev = i > 0 ? tiers[i - 1].from?.value : nil, next = i + 1 < tiers.count ? tiers[i + 1].from?.value : nil
                        let gap = start.value.rounded() == start.value ? 1.0 : 0
                        add(start, "\(n): start of the tier from \(from)",
                            limits: (prev.map { $0 + gap } ?? -.infinity)...(next.map { $0 - gap } ?? .infinity))
                    }
                    add(t.rate, tiers.count == 1 ? "\(n): rate" : "\(n): rate of the tier from \(from)")
                }
                // A cited unit is not a quantity to step (the rate is); a declared range is explored.
                if let per {
                    if per.range != nil { add(per, "\(n): unit the rate counts in") } else { skip(per, "the unit the rate counts in; the rate itself is perturbed") }
                }
                for (level, r) in table?.values ?? [] { add(r, "\(n): rate for \(level)") }
            case .steps(let start, let base, let step, let perStep):
                add(start, "\(n): value where the steps start")
                add(base, "\(n): base points")
                add(step, "\(n): size of one step")
                add(perStep, "\(n): points per step")
            case .flag(let p):
                add(p, "\(n): points")
            case .awards(let rules, let window):
                for (i, r) in rules.enumerated() {
                    let what = Self.describe(r.filter)
                    add(r.points, "\(n): points for \(what.isEmpty ? "award rule \(i + 1)" : what)")
                    if let cap = r.cap { add(cap, "\(n): cap for \(what.isEmpty ? "award rule \(i + 1)" : what)") }
                }
                if let window { add(window, "\(n): window in years") }
            case .deductions(let points, let window, let windows):
                for (kind, p) in points { add(p, "\(n): points deducted for \(kind.rawValue)") }
                if let window { add(window, "\(n): window in years") }
                for (kind, y) in windows { add(y, "\(n): window in years for \(kind.rawValue)") }
            case .values(let values):
                for (i, p) in values.enumerated() { add(p, "\(n): value \(i + 1)") }
            }
            if let cap = ind.cap { add(cap, "\(n): cap") }
            addConditions(ind.when, "\(n): condition")
        }
        for gate in e.eligibility { addConditions(gate.when, "eligibility \(gate.id): condition") }
        for v in e.vetoes { if let w = v.windowYears { add(w, "veto \(v.id): window in years") } }
    }

    mutating func add(_ p: Parameter, _ name: String, limits: ClosedRange<Double>? = nil, linked: [PerturbedParameter.Linked] = []) {
        guard seen.insert(p.path).inserted else { return }
        if let q = PerturbedParameter(p, name: name, limits: limits, linked: linked) {
            candidates.append(q)
        } else {
            skipped.append(.init(path: p.path, reason: p.value == 0 && p.range == nil ? "zero with no stated range" : "its limits leave no room to move"))
        }
    }

    mutating func skip(_ p: Parameter, _ reason: String) {
        guard seen.insert(p.path).inserted else { return }
        skipped.append(.init(path: p.path, reason: reason))
    }

    /// Band boundaries keep every band ordered and non-empty. Where one band ends where the next
    /// begins (35 and 36), the two move together as one boundary.
    mutating func addBands(_ bands: [Band], _ n: String) {
        func span(_ b: Band) -> String {
            switch (b.min, b.max) {
            case let (lo?, hi?): "the band \(JSON.format(lo.value))–\(JSON.format(hi.value))"
            case let (nil, hi?): "the band up to \(JSON.format(hi.value))"
            case let (lo?, nil): "the band from \(JSON.format(lo.value))"
            case (nil, nil): "the open band"
            }
        }
        for (i, b) in bands.enumerated() {
            let prev = i > 0 ? bands[i - 1] : nil, next = i + 1 < bands.count ? bands[i + 1] : nil
            if let lo = b.min {
                if let pm = prev?.max, lo.value - pm.value == 0 || lo.value - pm.value == 1 {
                    skip(lo, "moves with \(pm.path), the boundary it shares with the band before")
                } else {
                    let gap = lo.value.rounded() == lo.value ? 1.0 : 0
                    add(lo, "\(n): lower bound of \(span(b))",
                        limits: (prev?.max.map { $0.value + gap } ?? -.infinity)...(b.max?.value ?? .infinity))
                }
            }
            if let hi = b.max {
                let gap = hi.value.rounded() == hi.value ? 1.0 : 0
                if let nm = next?.min, nm.value - hi.value == 0 || nm.value - hi.value == 1 {
                    let step = nm.value - hi.value
                    add(hi, "\(n): upper bound of \(span(b)) (and lower bound of \(span(next!)))",
                        limits: (b.min?.value ?? -.infinity)...((next?.max?.value).map { $0 - step } ?? .infinity),
                        linked: [.init(path: nm.path, value: nm.value)])
                } else {
                    add(hi, "\(n): upper bound of \(span(b))",
                        limits: (b.min?.value ?? -.infinity)...((next?.min?.value).map { $0 - gap } ?? .infinity))
                }
            }
            add(b.points, "\(n): points of \(span(b))")
            if let s = b.slope { add(s, "\(n): slope in \(span(b))") }
            if let p = b.pivot { add(p, "\(n): pivot of the slope in \(span(b))") }
        }
    }

    /// Numbers in conditions: dates are left out (a relative step of a day number means nothing).
    mutating func addConditions(_ predicates: [Predicate], _ prefix: String) {
        for p in predicates {
            switch p {
            case .any(let items): addConditions(items, prefix)
            case .compare(let input, let op, .number(let n)):
                if InputCatalog.parse(input.description)?.1 == .date {
                    skip(n, "a date: no relative step applies")
                } else {
                    add(n, "\(prefix) \(input) \(Self.symbol(op)) \(JSON.format(n.value))")
                }
            default: break
            }
        }
    }

    static func symbol(_ op: ComparisonOperator) -> String {
        switch op {
        case .gte: "≥"
        case .gt: ">"
        case .lte: "≤"
        case .lt: "<"
        case .eq: "="
        case .ne: "≠"
        default: op.rawValue
        }
    }

    static func describe(_ f: AwardFilter) -> String {
        [f.level?.rawValue, f.kind?.rawValue, f.grade.map { "\($0.rawValue) grade" }, f.rankMax.map { "rank ≤ \($0)" },
         f.contestClass.map { "contest class \($0)" }].compactMap { $0 }.joined(separator: " ")
    }
}
