/// `kind: bands`: points by the band a numeric input falls in (the first that contains it), flat
/// or tapering (`points + slope × (x − pivot)`).
struct BandsRule: IndicatorRule {
    static let kind = "bands"
    static let keys = ["input", "bands"]

    var input: InputPath
    var bands: [Band]

    static func decode(_ s: IndicatorSource) throws -> BandsRule {
        let input = try s.numericInput("bands need a numeric input")
        var bands: [Band] = []
        let nodes = try s.require("bands").list()
        for (i, b) in nodes.enumerated() {
            let g = try b.fields(["min", "max", "points", "slope", "pivot", "cite", "note"])
            let bc = try g["cite"].map(s.decoder.citation) ?? s.cite
            let bp = "bands[\(i)]"
            let band = Band(min: try g["min"].map { try s.parameter($0, bc, "\(bp).min") },
                            max: try g["max"].map { try s.parameter($0, bc, "\(bp).max") },
                            points: try s.parameter(g.require("points"), bc, "\(bp).points"),
                            slope: try g["slope"].map { try s.parameter($0, bc, "\(bp).slope") },
                            pivot: try g["pivot"].map { try s.parameter($0, bc, "\(bp).pivot") })
            if (band.slope == nil) != (band.pivot == nil) { throw b.error("slope and pivot go together") }
            if let message = Self.violation(band) { throw b.error(message) }
            bands.append(band)
        }
        return BandsRule(input: input, bands: bands)
    }

    static func violation(_ band: Band) -> String? {
        guard let lo = band.min?.value, let hi = band.max?.value, lo > hi else { return nil }
        return "min \(lo) is above max \(hi)"
    }

    var parameters: [Parameter] { bands.flatMap(Self.values) }

    var layout: IndicatorLayout { .bands(bands) }

    static func values(_ b: Band) -> [Parameter] { [b.min, b.max, b.points, b.slope, b.pivot].compactMap { $0 } }

    mutating func updateParameters(_ body: (inout Parameter) throws -> Void) rethrows {
        for i in bands.indices {
            if bands[i].min != nil { try body(&bands[i].min!) }
            if bands[i].max != nil { try body(&bands[i].max!) }
            try body(&bands[i].points)
            if bands[i].slope != nil { try body(&bands[i].slope!) }
            if bands[i].pivot != nil { try body(&bands[i].pivot!) }
        }
    }

    func violation() -> RuleViolation? {
        for band in bands {
            if let message = Self.violation(band) { return RuleViolation(path: band.min!.path, message: message) }
        }
        return nil
    }

    var mostPoints: Double? {
        let each = bands.map(Self.most)
        return each.contains(nil) ? nil : each.compactMap { $0 }.max()
    }

    /// A band's most points: a taper is highest at one of its ends, unbounded if that end is open.
    static func most(_ band: Band) -> Double? {
        guard let slope = band.slope?.value, slope != 0 else { return band.points.value }
        let pivot = band.pivot?.value ?? 0
        guard let end = slope > 0 ? band.max?.value : band.min?.value else { return nil }
        return band.points.value + slope * (end - pivot)
    }

    func summary(_ value: (Parameter) -> String) -> String {
        bands.map { b in
            let lo = b.min.map(value) ?? "", hi = b.max.map(value) ?? ""
            let slope = b.slope.map { " \(value($0) )/unit from \(b.pivot.map(value) ?? "")" } ?? ""
            return "\(lo)–\(hi): \(value(b.points))\(slope)"
        }.joined(separator: "; ")
    }

    func compile(_ b: inout CompiledEdition.Builder) -> any IndicatorStep {
        let numbers = bands.map {
            BandsStep.Numbers(lo: $0.min?.value ?? -.infinity, hi: $0.max?.value ?? .infinity, points: $0.points.value,
                              slope: $0.slope?.value ?? 0, pivot: $0.pivot?.value ?? 0)
        }
        return BandsStep(feature: b.feature(b.resolve(input)), bands: numbers, used: bands.map(Self.values))
    }
}

/// A compiled `bands`.
struct BandsStep: IndicatorStep {
    /// One band's numbers, kept apart from its citations so that the kernel's loop copies no
    /// reference.
    struct Numbers: Sendable {
        var lo, hi, points, slope, pivot: Double

        @inline(__always)
        func points(_ v: Double) -> Double { points + slope * (v - pivot) }
    }

    let feature: Int
    let bands: [Numbers]
    /// The cited values of each band.
    let used: [[Parameter]]
    let wholeNumbers: WholeNumberTable

    init(feature: Int, bands: [Numbers], used: [[Parameter]]) {
        self.feature = feature
        self.bands = bands
        self.used = used
        wholeNumbers = WholeNumberTable { v in bands.withUnsafeBufferPointer { Self.points(v, $0) } }
    }

    var reads: [Int] { [feature] }

    /// The first band that contains `v`, or -1: the one band test.
    @inline(__always)
    static func band(_ v: Double, _ bands: UnsafeBufferPointer<Numbers>) -> Int {
        for i in bands.indices where v >= bands[i].lo && v <= bands[i].hi { return i }
        return -1
    }

    @inline(__always)
    static func points(_ v: Double, _ bands: UnsafeBufferPointer<Numbers>) -> Double {
        let i = band(v, bands)
        return i < 0 ? 0 : bands[i].points(v)
    }

    func score(_ table: FeatureTable, _ rows: CompiledEdition.Rows) {
        bands.withUnsafeBufferPointer { b in
            wholeNumbers.fill(rows, table.columns[feature]) { Self.points($0, b) }
        }
    }

    func trace(_ x: (Int) -> Double, _ context: TraceContext) -> StepTrace {
        let fmt = JSON.format
        let v = x(feature)
        let i = bands.withUnsafeBufferPointer { Self.band(v, $0) }
        guard i >= 0 else { return StepTrace(detail: v.isFinite ? "\(fmt(v)) is in no band → 0" : "unknown → 0", used: [], points: 0) }
        let b = bands[i]
        let p = b.points(v)
        let range = "[\(b.lo.isFinite ? fmt(b.lo) : "…"), \(b.hi.isFinite ? fmt(b.hi) : "…")]"
        let formula = b.slope == 0 ? fmt(p) : "\(fmt(b.points)) + \(fmt(b.slope)) × (\(fmt(v)) − \(fmt(b.pivot))) = \(fmt(p))"
        return StepTrace(detail: "\(fmt(v)) in \(range) → \(formula)", used: used[i], points: p)
    }
}

/// One band of a `bands` indicator: its bounds (open where omitted) and points, tapering when it
/// has a slope.
public struct Band: Sendable, Equatable {
    public var min: Parameter?
    public var max: Parameter?
    public var points: Parameter
    public var slope: Parameter?
    public var pivot: Parameter?
}
