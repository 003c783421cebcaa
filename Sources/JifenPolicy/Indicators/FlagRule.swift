/// `kind: flag`: fixed points when the indicator's `when` conditions hold.
struct FlagRule: IndicatorRule {
    static let kind = "flag"
    static let keys = ["points"]

    var points: Parameter

    static func decode(_ s: IndicatorSource) throws -> FlagRule {
        guard s.fields.has("when") else { throw s.node.error("a flag needs `when` predicates") }
        return FlagRule(points: try s.parameter(s.require("points"), s.cite, "points"))
    }

    var parameters: [Parameter] { [points] }

    var layout: IndicatorLayout { .flag(points: points) }

    mutating func updateParameters(_ body: (inout Parameter) throws -> Void) rethrows { try body(&points) }

    func violation() -> RuleViolation? { nil }

    var mostPoints: Double? { points.value }

    func summary(_ value: (Parameter) -> String) -> String { value(points) }

    func compile(_ b: inout CompiledEdition.Builder) -> any IndicatorStep { FlagStep(points: points) }
}

/// A compiled `flag`: the compiled edition's `when` mask does the test.
struct FlagStep: IndicatorStep {
    let points: Parameter

    var reads: [Int] { [] }

    func score(_ table: FeatureTable, _ rows: CompiledEdition.Rows) {
        let p = points.value
        rows.fill { _ in p }
    }

    func trace(_ x: (Int) -> Double, _ context: TraceContext) -> StepTrace {
        let p = points.value
        return context.conditionsHold
            ? StepTrace(detail: "conditions hold → \(JSON.format(p))", used: [points], points: p)
            : StepTrace(detail: "conditions not met → 0", used: [], points: 0)
    }
}
