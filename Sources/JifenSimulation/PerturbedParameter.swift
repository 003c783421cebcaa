import JifenPolicy

/// One rule value a sensitivity analysis moves: what it is in words, where it lives, and the
/// values tried.
///
/// How far it moves respects what the value means. An inferred or assumed value moves across its
/// declared range. A cited value moves by ``relativeStep`` either way; a whole value (a count, a
/// threshold, a band boundary, years) stays whole, moves by at least 1, and a positive one never
/// drops below 1, so "at least 1 invention patent" can become "at least 2" but never "at least
/// 0". `limits` keeps band boundaries and tier starts between their neighbours, and values that
/// must move together (a band's upper bound and the next band's lower bound) are `linked`.
public struct PerturbedParameter: Sendable, Equatable {
    /// Another value that moves by the same amount as this one.
    public struct Linked: Sendable, Equatable {
        public var path: String
        public var value: Double
    }

    public var path: String
    /// The value in words, e.g. "age: upper bound of the band up to 35".
    public var name: String
    public var value: Double
    public var low: Double
    public var high: Double
    /// How low and high were chosen, in words.
    public var basis: String
    /// True when the value is whole and every value tried is whole.
    public var whole: Bool
    public var linked: [Linked]

    /// The relative step of a cited value (a stated choice: ±20 %).
    public static let relativeStep = 0.2

    /// Low and high for `p`. Nil when it cannot move: a cited zero (no relative step moves it) or
    /// a value its limits pin.
    public init?(_ p: Parameter, name: String? = nil, limits: ClosedRange<Double>? = nil, linked: [Linked] = []) {
        path = p.path
        self.name = name ?? p.path
        value = p.value
        self.linked = linked
        whole = p.value.rounded() == p.value
        let confidence = p.citation.confidence.rawValue
        if let r = p.range, r.lowerBound < r.upperBound {
            (low, high) = (r.lowerBound, r.upperBound)
            whole = whole && r.lowerBound.rounded() == r.lowerBound && r.upperBound.rounded() == r.upperBound
            basis = "declared range (\(confidence))"
        } else {
            guard p.value != 0 else { return nil }
            let step = Self.relativeStep
            (low, high) = (Swift.min(p.value * (1 - step), p.value * (1 + step)), Swift.max(p.value * (1 - step), p.value * (1 + step)))
            basis = "\(confidence), ±\(Int(step * 100))%"
            if whole {
                low = low.rounded()
                high = high.rounded()
                if low == p.value { low -= 1 }
                if high == p.value { high += 1 }
                if p.value >= 1 { low = Swift.max(low, 1) }
                basis += ", kept whole"
            }
        }
        if let limits {
            low = Swift.min(Swift.max(low, limits.lowerBound), p.value)
            high = Swift.max(Swift.min(high, limits.upperBound), p.value)
        }
        guard low < high else { return nil }
    }

    /// `x` made whole when the value is whole (Morris and Sobol designs are continuous).
    public func integerSafe(_ x: Double) -> Double { whole ? x.rounded() : x }

    /// The rule values to set for this parameter at `x`: itself and every linked value, shifted
    /// by the same amount.
    public func settings(at x: Double) -> [(path: String, value: Double)] {
        let v = integerSafe(x)
        return [(path, v)] + linked.map { ($0.path, $0.value + (v - value)) }
    }

    /// "name, value → x", for one end of the perturbation.
    public func label(at x: Double) -> String { "\(name), \(JSON.format(value)) → \(JSON.format(integerSafe(x)))" }

    /// "name, value → low / high".
    public var label: String { "\(name), \(JSON.format(value)) → \(JSON.format(low)) / \(JSON.format(high))" }

    /// The indicator (or top-level key) the parameter belongs to, for grouping.
    public var indicator: String {
        let parts = path.split(separator: ".")
        if parts.count >= 2, parts[0] == "indicators" || parts[0] == "groups" {
            return "\(parts[0]).\(parts[1].split(separator: "[")[0])"
        }
        return String(parts.first?.split(separator: "[").first ?? "")
    }
}
