/// `kind: yearly`: `points` for each of the `last` calendar years before the evaluation date's year
/// in which a yearly history (`here.income_tax_years`) reaches `at_least`.
struct YearlyRule: IndicatorRule {
    static let kind = "yearly"
    static let keys = ["input", "last", "at_least", "points"]

    var input: InputPath
    var last: Parameter
    var atLeast: Parameter
    var points: Parameter

    static func decode(_ s: IndicatorSource) throws -> YearlyRule {
        let (input, type) = try s.input()
        guard type == .history else { throw try s.require("input").error("a yearly indicator reads a yearly history, e.g. here.income_tax_years") }
        let rule = YearlyRule(input: input, last: try s.parameter(s.require("last"), s.cite, "last"),
                              atLeast: try s.parameter(s.require("at_least"), s.cite, "at_least"),
                              points: try s.parameter(s.require("points"), s.cite, "points"))
        if let v = rule.violation() { throw try s.require(v.path.hasSuffix("last") ? "last" : "at_least").error(v.message) }
        return rule
    }

    var parameters: [Parameter] { [last, atLeast, points] }

    mutating func updateParameters(_ body: (inout Parameter) throws -> Void) rethrows {
        try body(&last)
        try body(&atLeast)
        try body(&points)
    }

    func violation() -> RuleViolation? {
        // A fraction of a year is cut when compiled, so that analyses may move `last` smoothly.
        if last.value < 1 { return RuleViolation(path: last.path, message: "last must be at least 1 year") }
        if atLeast.value < 0 { return RuleViolation(path: atLeast.path, message: "at_least cannot be negative") }
        return nil
    }

    var mostPoints: Double? { last.value.rounded(.down) * points.value }

    func summary(_ value: (Parameter) -> String) -> String {
        "\(value(points)) a year of the last \(value(last)) with at least \(value(atLeast))"
    }

    func compile(_ b: inout CompiledEdition.Builder) -> any IndicatorStep {
        let path = input.profilePath(place: b.edition.place).description
        return YearlyStep(feature: b.feature(.yearCount(path, last: Int(last.value.rounded(.down)), atLeast: atLeast.value)), points: points,
                          used: parameters)
    }
}

/// A compiled `yearly`: the feature counts the qualifying years.
struct YearlyStep: IndicatorStep {
    let feature: Int
    let points: Parameter
    let used: [Parameter]

    var reads: [Int] { [feature] }

    func score(_ table: FeatureTable, _ rows: CompiledEdition.Rows) {
        let p = points.value
        table.columns[feature].withUnsafeBufferPointer { years in rows.fill { j in years[j] * p } }
    }

    func trace(_ x: (Int) -> Double, _ context: TraceContext) -> StepTrace {
        let fmt = JSON.format
        let years = x(feature), p = years * points.value
        return StepTrace(detail: "\(fmt(years)) qualifying years × \(fmt(points.value)) = \(fmt(p))", used: used, points: p)
    }
}
