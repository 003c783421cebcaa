/// `kind: rate`: points per unit of a numeric input (per `per` units, whole units only with
/// `whole_units`), at one rate, at marginal `tiers` like tax brackets, or at a rate taken from a
/// categorical input (`rate_by`, e.g. per district).
struct RateRule: IndicatorRule {
    static let kind = "rate"
    static let keys = ["input", "rate", "tiers", "per", "whole_units", "rate_by"]

    var input: InputPath
    var tiers: [Tier]
    var per: Parameter?
    var wholeUnits: Bool
    var rateTable: RateTable?

    static func decode(_ s: IndicatorSource) throws -> RateRule {
        let input = try s.numericInput("a rate needs a numeric input")
        var tiers: [Tier] = []
        if let r = s["rate"] {
            guard !s.fields.has("tiers") else { throw r.error("give `rate` or `tiers`, not both") }
            tiers = [Tier(from: nil, rate: try s.parameter(r, s.cite, "rate"))]
        } else if let ts = s["tiers"] {
            for (i, tn) in try ts.list().enumerated() {
                let g = try tn.fields(["from", "rate", "cite", "note"])
                let tc = try g["cite"].map(s.decoder.citation) ?? s.cite
                tiers.append(Tier(from: try g["from"].map { try s.parameter($0, tc, "tiers[\(i)].from") },
                                  rate: try s.parameter(g.require("rate"), tc, "tiers[\(i)].rate")))
            }
            if let (_, message) = Self.tiersViolation(tiers) { throw ts.error(message) }
        }
        var table: RateTable?
        if let rb = s["rate_by"] {
            let g = try rb.fields(["input", "values"])
            let (rin, rtype) = try s.decoder.input(g)
            var values: [(String, Parameter)] = []
            for (level, v) in try g.require("values").entries() {
                try s.decoder.checkLevel(v, level, rtype)
                values.append((level, try s.parameter(v, s.cite, "rate_by.\(level)")))
            }
            table = RateTable(input: rin, values: values)
        }
        guard !tiers.isEmpty || table != nil else { throw s.node.error("a rate needs `rate`, `tiers` or `rate_by`") }
        let rule = RateRule(input: input, tiers: tiers, per: try s["per"].map { try s.parameter($0, s.cite, "per") },
                            wholeUnits: try s["whole_units"]?.bool() ?? false, rateTable: table)
        if let message = rule.perViolation { throw try s.require("per").error(message) }
        return rule
    }

    /// The first tier whose `from` is not above the one before, and why.
    static func tiersViolation(_ tiers: [Tier]) -> (Int, String)? {
        for i in tiers.indices.dropFirst() where (tiers[i].from?.value ?? 0) <= (tiers[i - 1].from?.value ?? 0) {
            return (i, "tiers must have increasing `from`")
        }
        return nil
    }

    var perViolation: String? {
        guard let per, per.value <= 0 else { return nil }
        return "per must be positive"
    }

    var parameters: [Parameter] {
        tiers.flatMap { [$0.from, $0.rate].compactMap { $0 } } + [per].compactMap { $0 } + (rateTable?.values.map(\.rate) ?? [])
    }

    var layout: IndicatorLayout { .rate(tiers: tiers, per: per, rateTable: rateTable) }

    mutating func updateParameters(_ body: (inout Parameter) throws -> Void) rethrows {
        for i in tiers.indices {
            if tiers[i].from != nil { try body(&tiers[i].from!) }
            try body(&tiers[i].rate)
        }
        if per != nil { try body(&per!) }
        if var table = rateTable {
            for i in table.values.indices { try body(&table.values[i].rate) }
            rateTable = table
        }
    }

    func violation() -> RuleViolation? {
        if let (i, message) = Self.tiersViolation(tiers) { return RuleViolation(path: (tiers[i].from ?? tiers[i].rate).path, message: message) }
        if let message = perViolation { return RuleViolation(path: per!.path, message: message) }
        return nil
    }

    func summary(_ value: (Parameter) -> String) -> String {
        let unit = (per.map { "/\(value($0))" } ?? "") + (wholeUnits ? " (full units)" : "")
        if let rateTable { return rateTable.values.map { "\($0.level) \(value($0.rate))" }.joined(separator: ", ") + unit }
        return tiers.map { "\(value($0.rate))\(unit)\($0.from.map { " above \(value($0))" } ?? "")" }.joined(separator: "; ")
    }

    func compile(_ b: inout CompiledEdition.Builder) -> any IndicatorStep {
        let f = b.feature(b.resolve(input))
        let perValue = per?.value ?? 1
        guard let table = rateTable else {
            return RateStep(feature: f, tiers: tiers.map { ($0.from?.value ?? 0, $0.rate.value) }, used: tiers, per: perValue,
                            perParameter: per, whole: wholeUnits)
        }
        let cf = b.feature(b.resolve(table.input))
        let type = b.type(table.input)
        let size = type == .district ? b.edition.districts.count + 1 : {
            if case .level(let names) = type { return names.count } else { return 2 }
        }()
        var rates = [Double](repeating: 0, count: size)
        var used = [Parameter?](repeating: nil, count: size)
        for (level, param) in table.values {
            let c = Int(b.code(level, for: table.input))
            if c >= 0 && c < size { rates[c] = param.value; used[c] = param }
        }
        return RateByStep(feature: f, codeFeature: cf, rates: rates, used: used, per: perValue, perParameter: per, whole: wholeUnits)
    }
}

/// The units a rate counts in `v`: `v / per`, whole blocks only when `whole`.
@inline(__always)
func rateUnits(_ v: Double, per: Double, whole: Bool) -> Double {
    whole ? CompiledEdition.roundedDown(v / per) : v / per
}

/// A compiled `rate` at one rate or marginal tiers.
struct RateStep: IndicatorStep {
    let feature: Int
    /// `from` in input units.
    let tiers: [(from: Double, rate: Double)]
    let used: [Tier]
    let per: Double
    let perParameter: Parameter?
    let whole: Bool
    let wholeNumbers: WholeNumberTable
    /// What a trace says of the first n tiers (at n - 1): their rates in words, and the cited
    /// values they and `per` use; written once, as a trace names the tiers its input reaches.
    let tierWords: [(rates: String, used: [Parameter])]

    init(feature: Int, tiers: [(from: Double, rate: Double)], used: [Tier], per: Double, perParameter: Parameter?, whole: Bool) {
        self.feature = feature
        self.tiers = tiers
        self.used = used
        self.per = per
        self.perParameter = perParameter
        self.whole = whole
        wholeNumbers = WholeNumberTable { v in tiers.withUnsafeBufferPointer { Self.points(v, $0, per: per, whole: whole) } }
        tierWords = tiers.indices.map { n in Self.words(Array(0...n), tiers: tiers, used: used, per: per, perParameter: perParameter, whole: whole) }
    }

    /// The rates of tiers `touched` in words ("0.25/12, then 0.5/12 above 60") and the cited
    /// values they and `per` use.
    static func words(_ touched: [Int], tiers: [(from: Double, rate: Double)], used: [Tier], per: Double, perParameter: Parameter?,
                      whole: Bool) -> (rates: String, used: [Parameter]) {
        let fmt = JSON.format
        // Whole units count full blocks of `per` ("90 → 7 full 12s × 6"); otherwise a rate per `per`.
        let perText = per == 1 || whole ? "" : "/\(fmt(per))"
        let rates = touched.map { "\(fmt(tiers[$0].rate))\(perText)\(tiers[$0].from > 0 ? " above \(fmt(tiers[$0].from))" : "")" }
        return (rates.joined(separator: ", then "),
                touched.flatMap { [used[$0].rate, used[$0].from].compactMap { $0 } } + [perParameter].compactMap { $0 })
    }

    var reads: [Int] { [feature] }

    /// The points of `v` over the tiers.
    @inline(__always)
    static func points(_ v: Double, _ tiers: UnsafeBufferPointer<(from: Double, rate: Double)>, per: Double, whole: Bool) -> Double {
        guard v > 0 else { return 0 }
        let units = rateUnits(v, per: per, whole: whole)
        var p = 0.0
        for (i, t) in tiers.enumerated() {
            let lo = t.from / per
            let hi = i + 1 < tiers.count ? tiers[i + 1].from / per : .infinity
            if units <= lo { break }
            p += t.rate * (min(units, hi) - lo)
        }
        return p
    }

    func score(_ table: FeatureTable, _ rows: CompiledEdition.Rows) {
        let (per, whole) = (per, whole)
        tiers.withUnsafeBufferPointer { t in
            wholeNumbers.fill(rows, table.columns[feature]) { Self.points($0, t, per: per, whole: whole) }
        }
    }

    func trace(_ x: (Int) -> Double, _ context: TraceContext) -> StepTrace {
        let fmt = JSON.format
        let v = x(feature)
        let p = tiers.withUnsafeBufferPointer { Self.points(v, $0, per: per, whole: whole) }
        let units = rateUnits(v, per: per, whole: whole)
        let touched = tiers.indices.filter { units > tiers[$0].from / per || $0 == 0 }
        // Tiers ascend, so the tiers reached are the first few, said once at compile time.
        let words = touched.last == touched.count - 1 ? tierWords[touched.count - 1]
            : Self.words(touched, tiers: tiers, used: used, per: per, perParameter: perParameter, whole: whole)
        let amount = whole && per != 1 ? "\(fmt(v)) → \(fmt(units)) full \(fmt(per))s" : fmt(v)
        return StepTrace(detail: "\(amount) × \(words.rates) = \(fmt(p))", used: words.used, points: p)
    }
}

/// A compiled `rate` whose rate depends on a categorical input.
struct RateByStep: IndicatorStep {
    let feature: Int
    let codeFeature: Int
    let rates: [Double]
    /// The cited rate behind each code.
    let used: [Parameter?]
    let per: Double
    let perParameter: Parameter?
    let whole: Bool

    var reads: [Int] { [feature, codeFeature] }

    @inline(__always)
    static func rate(_ code: Double, _ rates: UnsafeBufferPointer<Double>) -> Double {
        let c = Int(code)
        return c >= 0 && c < rates.count ? rates[c] : 0
    }

    func score(_ table: FeatureTable, _ rows: CompiledEdition.Rows) {
        let per = per
        table.columns[feature].withUnsafeBufferPointer { x in
            table.columns[codeFeature].withUnsafeBufferPointer { code in
                rates.withUnsafeBufferPointer { rates in
                    if whole {
                        rows.fill { j in Self.rate(code[j], rates) * max(0, rateUnits(x[j], per: per, whole: true)) }
                    } else {
                        rows.fill { j in Self.rate(code[j], rates) * max(0, rateUnits(x[j], per: per, whole: false)) }
                    }
                }
            }
        }
    }

    func trace(_ x: (Int) -> Double, _ context: TraceContext) -> StepTrace {
        let fmt = JSON.format
        let code = x(codeFeature)
        let rate = rates.withUnsafeBufferPointer { Self.rate(code, $0) }
        let p = rate * max(0, rateUnits(x(feature), per: per, whole: whole))
        let cited = used.indices.contains(Int(code)) ? used[Int(code)] : nil
        return StepTrace(detail: "\(fmt(x(feature))) × \(fmt(rate))/\(fmt(per)) (\(context.shown(codeFeature, code))) = \(fmt(p))",
                         used: [cited, perParameter].compactMap { $0 }, points: p)
    }
}

/// One marginal tier of a `rate` indicator.
public struct Tier: Sendable, Equatable {
    /// The input value above which this tier's rate applies (0 for the first tier).
    public var from: Parameter?
    public var rate: Parameter
}

/// The rate of a `rate` indicator taken from a categorical input (e.g. per-district rates).
public struct RateTable: Sendable, Equatable {
    public var input: InputPath
    public var values: [(level: String, rate: Parameter)]
    public static func == (a: RateTable, b: RateTable) -> Bool {
        a.input == b.input && a.values.map(\.level) == b.values.map(\.level) && a.values.map(\.rate) == b.values.map(\.rate)
    }
}
