/// `kind: awards`: points per award matching a rule (each award scores by the first rule it
/// matches), dated within `window_years`, summed with per-rule caps or, with `combine: max`, the
/// best rule only.
struct AwardsRule: IndicatorRule {
    static let kind = "awards"
    static let keys = ["match", "window_years", "combine"]

    var rules: [AwardRule]
    var windowYears: Parameter?
    var combineMax: Bool

    static func decode(_ s: IndicatorSource) throws -> AwardsRule {
        var rules: [AwardRule] = []
        for (i, r) in try s.require("match").list().enumerated() {
            let g = try r.fields(["when", "points", "cap", "cite", "note"])
            let rc = try g["cite"].map(s.decoder.citation) ?? s.cite
            let w = try g.require("when").fields(["kind", "level", "grade", "rank_max", "contest_class"])
            let filter = AwardFilter(kind: try w["kind"].map { try Profile.choice($0, AwardKind.self) },
                                     level: try w["level"].map { try Profile.choice($0, AwardLevel.self) },
                                     grade: try w["grade"].map { try Profile.choice($0, MeritGrade.self) },
                                     rankMax: try w["rank_max"]?.int(), contestClass: try w["contest_class"]?.int())
            rules.append(AwardRule(filter: filter, points: try s.parameter(g.require("points"), rc, "match[\(i)].points"),
                                   cap: try g["cap"].map { try s.parameter($0, rc, "match[\(i)].cap") }))
        }
        let combine = try s["combine"]?.string() ?? "sum"
        guard combine == "sum" || combine == "max" else { throw try s.require("combine").error("expected sum or max") }
        return AwardsRule(rules: rules, windowYears: try s["window_years"].map { try s.parameter($0, s.cite, "window_years") },
                          combineMax: combine == "max")
    }

    var parameters: [Parameter] { rules.flatMap { [$0.points, $0.cap].compactMap { $0 } } + [windowYears].compactMap { $0 } }

    var layout: IndicatorLayout { .awards(rules: rules, windowYears: windowYears) }

    mutating func updateParameters(_ body: (inout Parameter) throws -> Void) rethrows {
        for i in rules.indices {
            try body(&rules[i].points)
            if rules[i].cap != nil { try body(&rules[i].cap!) }
        }
        if windowYears != nil { try body(&windowYears!) }
    }

    func violation() -> RuleViolation? { nil }

    var mostPoints: Double? {
        let each = rules.map { $0.cap?.value ?? $0.points.value }
        return combineMax ? each.max() : (rules.allSatisfy { $0.cap != nil } ? each.reduce(0, +) : nil)
    }

    func summary(_ value: (Parameter) -> String) -> String {
        let parts = rules.map { r in
            let w = [r.filter.kind?.rawValue, r.filter.level?.rawValue, r.filter.grade?.rawValue,
                     r.filter.rankMax.map { "top \($0)" }, r.filter.contestClass.map { "class \($0)" }].compactMap { $0 }
            return "\(w.joined(separator: " ")) \(value(r.points))\(r.cap.map { " (cap \(value($0)))" } ?? "")"
        }
        return parts.joined(separator: "; ") + (windowYears.map { "; within \(value($0)) years" } ?? "") + (combineMax ? "; best only" : "")
    }

    func compile(_ b: inout CompiledEdition.Builder) -> any IndicatorStep {
        let features = rules.indices.map { i in
            b.feature(.awardCount(rules[i].filter, excluding: rules[..<i].map(\.filter), windowYears: windowYears?.value))
        }
        return AwardsStep(features: features, points: rules.map(\.points.value), caps: rules.map { $0.cap?.value ?? .infinity },
                          combineMax: combineMax, rules: rules, windowYears: windowYears)
    }
}

/// A compiled `awards`: one count column per rule.
struct AwardsStep: IndicatorStep {
    let features: [Int]
    let points: [Double]
    let caps: [Double]
    let combineMax: Bool
    let rules: [AwardRule]
    let windowYears: Parameter?

    var reads: [Int] { features }

    /// What `count` awards of one rule add: its points once when only the best rule counts, else
    /// points per award up to the rule's cap.
    @inline(__always)
    static func add(_ total: Double, count: Double, points: Double, cap: Double, combineMax: Bool) -> Double {
        combineMax ? max(total, count > 0 ? points : 0) : total + min(count * points, cap)
    }

    func score(_ table: FeatureTable, _ rows: CompiledEdition.Rows) {
        // Summed in the column first, one pass per award rule, then finished like any indicator.
        let (o, r) = (rows.column, rows.range)
        for j in r { o[j] = 0 }
        for (k, f) in features.enumerated() {
            let (p, cap) = (points[k], caps[k])
            table.columns[f].withUnsafeBufferPointer { c in
                if combineMax {
                    for j in r { o[j] = Self.add(o[j], count: c[j], points: p, cap: cap, combineMax: true) }
                } else {
                    for j in r { o[j] = Self.add(o[j], count: c[j], points: p, cap: cap, combineMax: false) }
                }
            }
        }
        rows.fill { j in o[j] }
    }

    func trace(_ x: (Int) -> Double, _ context: TraceContext) -> StepTrace {
        let fmt = JSON.format
        var parts: [String] = [], used: [Parameter] = [], total = 0.0
        for (r, f) in features.enumerated() where x(f) > 0 {
            let n = x(f)
            total = Self.add(total, count: n, points: points[r], cap: caps[r], combineMax: combineMax)
            parts.append("\(fmt(n)) × \(fmt(points[r]))\(caps[r].isFinite && n * points[r] > caps[r] ? " (cap \(fmt(caps[r])))" : "")")
            used += [rules[r].points, rules[r].cap].compactMap { $0 }
        }
        if let windowYears, !parts.isEmpty { used.append(windowYears) }
        return StepTrace(detail: parts.isEmpty ? "no qualifying awards → 0" : parts.joined(separator: " + ") + " = \(fmt(total))",
                         used: used, points: total)
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

/// One rule of an `awards` indicator: the awards it matches, points per award and a cap.
public struct AwardRule: Sendable, Equatable {
    public var filter: AwardFilter
    public var points: Parameter
    public var cap: Parameter?
}
