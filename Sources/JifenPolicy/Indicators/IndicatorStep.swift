/// One compiled indicator: the batch kernel and the single-applicant trace, both written over the
/// same arithmetic of its kind, holding the cited values it was compiled from so that an
/// explanation names the very values that produced the points.
protocol IndicatorStep: Sendable {
    /// The feature columns it reads, for the explanation's inputs and missing list.
    var reads: [Int] { get }
    /// Points for `rows`, through `rows.fill` (which applies the `when` mask, the cap and rounding):
    /// the hot loop of batch scoring.
    func score(_ table: FeatureTable, _ rows: CompiledEdition.Rows)
    /// The points of one applicant before the cap, with the computation in words and the cited
    /// values it used.
    func trace(_ x: (Int) -> Double, _ context: TraceContext) -> StepTrace
}

/// What a trace records: the points, how they came about, and the values they came from.
struct StepTrace {
    var detail: String
    var used: [Parameter]
    var points: Double
}

/// What a step needs to say its computation in words.
struct TraceContext {
    /// A feature value as the profile writes it, or "none".
    let shown: (Int, Double) -> String
    /// Whether the indicator's `when` conditions hold.
    let conditionsHold: Bool
}

/// A numeric kind's points at every whole input below `size` (each month count and age), so that
/// the batch kernel looks them up; other inputs take the kind's formula, which made the table.
struct WholeNumberTable: Sendable {
    static let size = 1201
    let values: [Double]

    init(_ points: (Double) -> Double) {
        values = (0..<Self.size).map { points(Double($0)) }
    }

    /// Fills `rows` with `values[x]` for whole `x` within the table, else `formula(x)`.
    @inline(__always)
    func fill(_ rows: CompiledEdition.Rows, _ column: [Double], formula: (Double) -> Double) {
        rows.lookUp(column, values, formula: formula)
    }
}
