/// `kind: steps`: `base` points once a numeric input reaches `start`, plus `per_step` for each
/// full `step` beyond it.
struct StepsRule: IndicatorRule {
    static let kind = "steps"
    static let keys = ["input", "start", "base", "step", "per_step"]

    var input: InputPath
    var start: Parameter
    var base: Parameter
    var step: Parameter
    var perStep: Parameter

    static func decode(_ s: IndicatorSource) throws -> StepsRule {
        let input = try s.numericInput("steps need a numeric input")
        let step = try s.parameter(s.require("step"), s.cite, "step")
        if let message = Self.stepViolation(step) { throw try s.require("step").error(message) }
        return StepsRule(input: input, start: try s.parameter(s.require("start"), s.cite, "start"),
                         base: try s.parameter(s.require("base"), s.cite, "base"), step: step,
                         perStep: try s.parameter(s.require("per_step"), s.cite, "per_step"))
    }

    static func stepViolation(_ step: Parameter) -> String? {
        step.value > 0 ? nil : "step must be positive"
    }

    var parameters: [Parameter] { [start, base, step, perStep] }

    var layout: IndicatorLayout { .steps(start: start, base: base, step: step, perStep: perStep) }

    mutating func updateParameters(_ body: (inout Parameter) throws -> Void) rethrows {
        try body(&start)
        try body(&base)
        try body(&step)
        try body(&perStep)
    }

    func violation() -> RuleViolation? {
        Self.stepViolation(step).map { RuleViolation(path: step.path, message: $0) }
    }

    func summary(_ value: (Parameter) -> String) -> String {
        "from \(value(start)): \(value(base)) + \(value(perStep)) per \(value(step))"
    }

    func compile(_ b: inout CompiledEdition.Builder) -> any IndicatorStep {
        StepsStep(feature: b.feature(b.resolve(input)), start: start.value, base: base.value, step: step.value,
                  perStep: perStep.value, used: parameters)
    }
}

/// A compiled `steps`.
struct StepsStep: IndicatorStep {
    let feature: Int
    let start, base, step, perStep: Double
    let used: [Parameter]
    let wholeNumbers: WholeNumberTable

    init(feature: Int, start: Double, base: Double, step: Double, perStep: Double, used: [Parameter]) {
        self.feature = feature
        self.start = start
        self.base = base
        self.step = step
        self.perStep = perStep
        self.used = used
        wholeNumbers = WholeNumberTable { v in Self.points(v, start: start, base: base, step: step, perStep: perStep) }
    }

    var reads: [Int] { [feature] }

    /// Full steps beyond the start.
    @inline(__always)
    static func steps(_ v: Double, start: Double, step: Double) -> Double { ((v - start) / step).rounded(.down) }

    @inline(__always)
    static func points(_ v: Double, start: Double, base: Double, step: Double, perStep: Double) -> Double {
        v < start ? 0 : base + steps(v, start: start, step: step) * perStep
    }

    func score(_ table: FeatureTable, _ rows: CompiledEdition.Rows) {
        let (start, base, step, perStep) = (start, base, step, perStep)
        wholeNumbers.fill(rows, table.columns[feature]) { Self.points($0, start: start, base: base, step: step, perStep: perStep) }
    }

    func trace(_ x: (Int) -> Double, _ context: TraceContext) -> StepTrace {
        let fmt = JSON.format
        let v = x(feature)
        guard v >= start else { return StepTrace(detail: "\(fmt(v)) below \(fmt(start)) → 0", used: [], points: 0) }
        let p = Self.points(v, start: start, base: base, step: step, perStep: perStep)
        return StepTrace(detail: "\(fmt(v)): \(fmt(base)) + \(fmt(Self.steps(v, start: start, step: step))) × \(fmt(perStep)) = \(fmt(p))",
                         used: used, points: p)
    }
}
