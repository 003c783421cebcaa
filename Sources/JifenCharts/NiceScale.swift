import Foundation

/// An axis range widened to round numbers, with tick marks every 1, 2 or 5 times a power of ten.
public struct NiceScale: Equatable, Sendable {
    /// The first tick, at or below the lowest value covered.
    public let lower: Double
    /// The last tick, at or above the highest value covered.
    public let upper: Double
    /// The distance between ticks: 1, 2 or 5 × 10ⁿ.
    public let step: Double

    /// The smallest 1-2-5 scale covering `low...high` with at most about `maxTicks` ticks.
    /// A zero-width range is widened so the axis still has ticks.
    public init(covering low: Double, _ high: Double, maxTicks: Int = 6) {
        var low = min(low, high), high = max(low, high)
        if !low.isFinite || !high.isFinite {
            low = 0
            high = 1
        }
        if high == low {
            if low == 0 {
                high = 1
            } else {
                let pad = abs(low) * 0.1
                low -= pad
                high += pad
            }
        }
        let step = NiceScale.niceStep(atLeast: (high - low) / Double(max(1, maxTicks - 1)))
        self.step = step
        // A tiny tolerance keeps a value that sits on a tick (up to floating-point noise) there.
        let tolerance = step * 1e-9
        self.lower = (((low + tolerance) / step).rounded(.down)) * step
        self.upper = (((high - tolerance) / step).rounded(.up)) * step
    }

    /// The smallest 1, 2, 5 or 10 × 10ⁿ that is at least `raw`.
    public static func niceStep(atLeast raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let normalized = raw / magnitude
        for factor in [1.0, 2.0, 5.0] where normalized <= factor * (1 + 1e-9) {
            return factor * magnitude
        }
        return 10 * magnitude
    }

    private init(lower: Double, upper: Double, step: Double) {
        self.lower = lower
        self.upper = upper
        self.step = step
    }

    /// The same ticks on an axis that starts at `value` instead of a tick, for a small overhang
    /// (such as a few deduction points left of zero) that would otherwise cost a whole step.
    func startingAt(_ value: Double) -> NiceScale {
        NiceScale(lower: value, upper: upper, step: step)
    }

    /// The multiples of `step` from `lower` to `upper`, computed by multiplication so they do
    /// not drift.
    public var ticks: [Double] {
        let first = Int((lower / step - 1e-9).rounded(.up)), last = Int((upper / step + 1e-9).rounded(.down))
        guard first <= last else { return [] }
        let scale = pow(10, Double(decimals))
        return (first...last).map { index in (Double(index) * step * scale).rounded() / scale }
    }

    /// Decimals needed to print every tick exactly.
    public var decimals: Int {
        max(0, Int((-log10(step)).rounded(.up)))
    }

    /// A tick value as printed on the axis.
    public func label(_ value: Double) -> String {
        Num.fixed(value, decimals: decimals)
    }

    /// Maps `value` onto the pixel interval `from...to` (which may run backwards, as a y axis does).
    func position(_ value: Double, from start: Double, to end: Double) -> Double {
        start + (value - lower) / (upper - lower) * (end - start)
    }
}
