/// `kind: deductions`: points taken away per conduct record within a window (per kind where
/// `windows` says so), optionally only in some places, and with `one_act_once` one act counted by
/// its largest record.
struct DeductionsRule: IndicatorRule {
    static let kind = "deductions"
    static let keys = ["points", "window_years", "windows", "places", "one_act_once"]

    struct Entry: Sendable, Equatable {
        var kind: ConductKind
        var points: Parameter
    }

    struct Window: Sendable, Equatable {
        var kind: ConductKind
        var years: Parameter
    }

    var points: [Entry]
    var windowYears: Parameter?
    var windows: [Window]
    var places: [String]?
    var oneActOnce: Bool

    static func decode(_ s: IndicatorSource) throws -> DeductionsRule {
        var points: [Entry] = []
        for (k, v) in try s.require("points").entries() {
            guard let kind = ConductKind(rawValue: k) else {
                throw v.error("unknown conduct kind \(excerpt(k)); expected one of: \(ConductKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let entry = Entry(kind: kind, points: try s.parameter(v, s.cite, "points.\(k)"))
            if let message = Self.violation(entry) { throw v.error(message) }
            points.append(entry)
        }
        var windows: [Window] = []
        for (k, v) in try s["windows"]?.entries() ?? [] {
            guard let kind = ConductKind(rawValue: k), points.contains(where: { $0.kind == kind }) else {
                throw v.error("\(excerpt(k)) is not one of this indicator's conduct kinds")
            }
            windows.append(Window(kind: kind, years: try s.parameter(v, s.cite, "windows.\(k)")))
        }
        return DeductionsRule(points: points, windowYears: try s["window_years"].map { try s.parameter($0, s.cite, "window_years") },
                              windows: windows, places: try s["places"]?.list().map { try $0.identifier() },
                              oneActOnce: try s["one_act_once"]?.bool() ?? false)
    }

    static func violation(_ entry: Entry) -> String? {
        entry.points.value >= 0 ? nil : "write deductions as positive numbers; they are subtracted"
    }

    var parameters: [Parameter] { points.map(\.points) + [windowYears].compactMap { $0 } + windows.map(\.years) }

    var layout: IndicatorLayout {
        .deductions(points: points.map { ($0.kind, $0.points) }, windowYears: windowYears, windows: windows.map { ($0.kind, $0.years) })
    }

    mutating func updateParameters(_ body: (inout Parameter) throws -> Void) rethrows {
        for i in points.indices { try body(&points[i].points) }
        if windowYears != nil { try body(&windowYears!) }
        for i in windows.indices { try body(&windows[i].years) }
    }

    func violation() -> RuleViolation? {
        for entry in points {
            if let message = Self.violation(entry) { return RuleViolation(path: entry.points.path, message: message) }
        }
        return nil
    }

    var deducts: Bool { true }

    func summary(_ value: (Parameter) -> String) -> String {
        points.map { "\($0.kind.rawValue) −\(value($0.points))" }.joined(separator: ", ")
            + (windowYears.map { "; within \(value($0)) years" } ?? "") + (oneActOnce ? "; one act once" : "")
    }

    /// The window of records of `kind`: its own, else the indicator's.
    func window(_ kind: ConductKind) -> Parameter? {
        windows.first { $0.kind == kind }?.years ?? windowYears
    }

    func compile(_ b: inout CompiledEdition.Builder) -> any IndicatorStep {
        let acts: [Feature.ActValue]? = oneActOnce ? points.map { k in
            Feature.ActValue(kind: k.kind, points: k.points.value, windowYears: window(k.kind)?.value)
        } : nil
        let features = points.map { k in
            b.feature(.conductCount(k.kind, windowYears: window(k.kind)?.value, places: places, actValues: acts))
        }
        return DeductionsStep(features: features, points: points.map(\.points.value), entries: points,
                              windows: points.map { window($0.kind) })
    }
}

/// A compiled `deductions`: one count column per conduct kind.
struct DeductionsStep: IndicatorStep {
    let features: [Int]
    let points: [Double]
    let entries: [DeductionsRule.Entry]
    /// The window each kind's records were counted in.
    let windows: [Parameter?]

    var reads: [Int] { features }

    func score(_ table: FeatureTable, _ rows: CompiledEdition.Rows) {
        let (o, r) = (rows.column, rows.range)
        for j in r { o[j] = 0 }
        for (k, f) in features.enumerated() {
            let p = points[k]
            table.columns[f].withUnsafeBufferPointer { c in
                for j in r { o[j] -= c[j] * p }
            }
        }
        // A deduction's cap bounds it from below; min(x, +∞) is x, NaN included.
        var floored = rows
        floored.cap = .infinity
        let cap = rows.cap
        floored.fill { j in max(o[j], -cap) }
    }

    func trace(_ x: (Int) -> Double, _ context: TraceContext) -> StepTrace {
        let fmt = JSON.format
        var parts: [String] = [], used: [Parameter] = [], total = 0.0
        for (r, f) in features.enumerated() where x(f) > 0 {
            total -= x(f) * points[r]
            parts.append("\(fmt(x(f))) × \(entries[r].kind.rawValue) \(fmt(points[r]))")
            used.append(entries[r].points)
            if let window = windows[r] { used.append(window) }
        }
        return StepTrace(detail: parts.isEmpty ? "no records within the window → 0" : "−(" + parts.joined(separator: " + ") + ") = \(fmt(total))",
                         used: used, points: total)
    }
}
