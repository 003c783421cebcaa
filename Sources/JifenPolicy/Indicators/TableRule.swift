/// `kind: table`: points per level of a categorical or true/false input; with `match: at_least`,
/// each level takes the points of the highest listed level it reaches.
struct TableRule: IndicatorRule {
    static let kind = "table"
    static let keys = ["input", "points", "match"]

    struct Entry: Sendable, Equatable {
        var level: String
        var points: Parameter
    }

    var input: InputPath
    var points: [Entry]
    var atLeast: Bool

    static func decode(_ s: IndicatorSource) throws -> TableRule {
        let (input, type) = try s.input()
        let match = try s["match"]?.string() ?? "exact"
        guard match == "exact" || match == "at_least" else { throw try s.require("match").error("expected exact or at_least") }
        if match == "at_least", case .level = type {} else if match == "at_least" {
            throw try s.require("match").error("at_least needs an ordered level input")
        }
        var points: [Entry] = []
        for (level, v) in try s.require("points").entries() {
            if case .bool = type {
                guard level == "true" || level == "false" else { throw v.error("a true/false input takes the keys true and false") }
            } else {
                try s.decoder.checkLevel(v, level, type)
            }
            points.append(Entry(level: level, points: try s.parameter(v, s.cite, "points.\(level)")))
        }
        return TableRule(input: input, points: points, atLeast: match == "at_least")
    }

    var parameters: [Parameter] { points.map(\.points) }

    var layout: IndicatorLayout { .table(points: points.map { ($0.level, $0.points) }) }

    mutating func updateParameters(_ body: (inout Parameter) throws -> Void) rethrows {
        for i in points.indices { try body(&points[i].points) }
    }

    func violation() -> RuleViolation? { nil }

    var mostPoints: Double? { points.map(\.points.value).max() }

    func summary(_ value: (Parameter) -> String) -> String {
        points.map { "\($0.level)\(atLeast ? "+" : "") \(value($0.points))" }.joined(separator: ", ")
    }

    func compile(_ b: inout CompiledEdition.Builder) -> any IndicatorStep {
        let f = b.feature(b.resolve(input))
        let type = b.type(input)
        var size = 2
        if case .level(let names) = type { size = names.count }
        if type == .district { size = b.edition.districts.count + 1 }
        var table = [Double](repeating: 0, count: size)
        var used = [Parameter?](repeating: nil, count: size)
        for entry in points {
            let c = type == .bool ? (entry.level == "true" ? 1 : 0) : Int(b.code(entry.level, for: input))
            if c >= 0 && c < size { table[c] = entry.points.value; used[c] = entry.points }
        }
        if atLeast {
            var best: Parameter?
            for c in 0..<size {
                if let u = used[c] { best = u }
                table[c] = best?.value ?? 0
                used[c] = best
            }
        }
        return TableStep(feature: f, table: table, used: used)
    }
}

/// A compiled `table`: points by the input's code.
struct TableStep: IndicatorStep {
    let feature: Int
    let table: [Double]
    /// The cited value behind each code's points.
    let used: [Parameter?]

    var reads: [Int] { [feature] }

    /// The points of code `c`: nothing for a code outside the table.
    @inline(__always)
    static func points(_ c: Int, _ t: UnsafeBufferPointer<Double>) -> Double {
        c >= 0 && c < t.count ? t[c] : 0
    }

    func score(_ table: FeatureTable, _ rows: CompiledEdition.Rows) {
        // Codes are whole numbers; anything else takes the general formula (which traps on NaN,
        // as it always has).
        self.table.withUnsafeBufferPointer { t in
            rows.lookUp(table.columns[feature], self.table) { v in Self.points(Int(v), t) }
        }
    }

    func trace(_ x: (Int) -> Double, _ context: TraceContext) -> StepTrace {
        let code = Int(x(feature))
        let p = table.withUnsafeBufferPointer { Self.points(code, $0) }
        let value = used.indices.contains(code) ? used[code] : nil
        return StepTrace(detail: "\(context.shown(feature, x(feature))) → \(JSON.format(p))", used: [value].compactMap { $0 }, points: p)
    }
}
