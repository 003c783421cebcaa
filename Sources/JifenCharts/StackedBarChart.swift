import Foundation

/// Horizontal bars, one per place, split into stacked segments by category, with a marker at each
/// bar's own threshold: how an applicant's points add up in each city, against what each city asks.
public struct StackedBarChart: Sendable {
    /// One bar: a place, its segment values (aligned with `categories`) and its threshold.
    public struct Bar: Sendable {
        public var label: String
        public var values: [Double]
        public var threshold: Double?
        /// Why the bar's total does not count (e.g. "不符合条件 not eligible"): the bar is drawn
        /// faded and the reason follows its total, so crossing the threshold is not read as success.
        public var caveat: String?
        /// Points of the bar that rest on assumed rule values, outlined dashed at the bar's end.
        public var assumed: Double

        public init(label: String, values: [Double], threshold: Double? = nil, caveat: String? = nil, assumed: Double = 0) {
            self.label = label
            self.values = values
            self.threshold = threshold
            self.caveat = caveat
            self.assumed = assumed
        }

        /// Sum of the segments.
        public var total: Double { values.reduce(0, +) }
    }

    public var title: String
    public var subtitle: String?
    /// Names of the stacked categories, in stacking order.
    public var categories: [String]
    public var bars: [Bar]
    public var valueAxis: AxisTitle
    public var thresholdLabel: String
    public var size: ChartSize

    public init(title: String, subtitle: String? = nil, categories: [String], bars: [Bar],
                valueAxis: AxisTitle = AxisTitle("积分 Points", unit: "分"),
                thresholdLabel: String = "门槛 Threshold", size: ChartSize = .standard) {
        self.title = title
        self.subtitle = subtitle
        self.categories = categories
        self.bars = bars
        self.valueAxis = valueAxis
        self.thresholdLabel = thresholdLabel
        self.size = size
    }

    /// Opacity of the segments of a bar with a caveat.
    static let fadedOpacity = 0.35

    /// The chart as a standalone SVG document.
    ///
    /// Positive segments stack rightwards from zero and negative ones (deductions) leftwards, so
    /// each segment's length is proportional to its value.
    public func svg() -> String {
        var doc = SVGDocument(size: size)
        let headerBottom = doc.header(title: title, subtitle: subtitle)
        var entries = categories.enumerated().map { LegendEntry(label: $1, mark: .swatch(color: Palette.color($0), opacity: 1)) }
        if bars.contains(where: { $0.threshold != nil }) {
            entries.append(LegendEntry(label: thresholdLabel, mark: .tick(color: Palette.marker)))
        }
        if bars.contains(where: { $0.assumed > 0 }) {
            entries.append(LegendEntry(label: "假设值 Points on assumed values", mark: .line(color: Palette.text, dashed: true)))
        }
        if bars.contains(where: { $0.caveat != nil }) {
            entries.append(LegendEntry(label: "淡色 = 不计 Faded: does not count", mark: .swatch(color: Palette.color(0), opacity: Self.fadedOpacity)))
        }
        let netted = bars.contains { bar in bar.values.contains { $0 < 0 } }
        if netted { entries.append(LegendEntry(label: "净总分 Net total", mark: .tick(color: Palette.text))) }
        let legendBottom = doc.legend(entries, top: headerBottom, left: SVGDocument.outerMargin,
                                      right: size.width - SVGDocument.outerMargin)

        var low = 0.0, high = 0.0
        for bar in bars {
            low = min(low, bar.values.filter { $0 < 0 }.reduce(0, +))
            high = max(high, bar.values.filter { $0 > 0 }.reduce(0, +))
            if let threshold = bar.threshold {
                low = min(low, threshold)
                high = max(high, threshold)
            }
        }
        var scale = NiceScale(covering: low, high, maxTicks: 7)
        // Deductions are usually small: give them just the room they need left of zero.
        if low < 0 {
            scale = scale.startingAt(max(scale.lower, low - 0.03 * (high - low)))
        }
        let layout = doc.rows(bars.map(\.label), scale: scale, top: legendBottom, size: size, valueAxis: valueAxis,
                              rightPadding: 16, maxThickness: 40, fill: 0.62)
        let (plot, thickness, x) = (layout.plot, layout.thickness, layout.x)
        for (row, bar) in bars.enumerated() {
            let center = layout.center(row)
            var positive = 0.0, negative = 0.0
            for (index, value) in bar.values.enumerated() where value != 0 {
                let start = value > 0 ? positive : negative + value
                if value > 0 { positive += value } else { negative += value }
                let name = index < categories.count ? categories[index] : "#\(index + 1)"
                var extra = [("class", "bar"), ("data-bar", String(row)), ("data-segment", String(index))]
                if bar.caveat != nil { extra.append(("fill-opacity", Num.coordinate(Self.fadedOpacity))) }
                doc.rect(x: x(start), y: center - thickness / 2, width: x(start + abs(value)) - x(start), height: thickness,
                         fill: Palette.color(index), extra: extra,
                         tooltip: "\(bar.label) · \(name): \(Num.trimmed(value, decimals: 2))")
            }
            let assumed = min(bar.assumed, positive)
            if assumed > 0 {
                doc.rect(x: x(positive - assumed), y: center - thickness / 2, width: x(positive) - x(positive - assumed), height: thickness,
                         fill: "none", extra: [("stroke", Palette.text), ("stroke-width", "1.5"), ("stroke-dasharray", "5 3"), ("class", "assumed")],
                         tooltip: "\(bar.label) · \(Num.trimmed(assumed, decimals: 2)) points on assumed values")
            }
            // With deductions the bar's right end is not the total: mark the net total on the bar.
            if negative < 0 {
                let nx = x(bar.total)
                doc.line(x1: nx, y1: center - thickness / 2 - 3, x2: nx, y2: center + thickness / 2 + 3,
                         stroke: Palette.text, width: 2, extra: [("class", "net-total")])
            }
            // The total goes past the threshold marker when the marker is right of the bar's end.
            let labelX = max(x(positive), bar.threshold.map { x($0) + 2 } ?? -Double.infinity) + 5
            let label = (negative < 0 ? "= " : "") + Num.trimmed(bar.total, decimals: 2)
                + (bar.threshold.map { " / \(Num.trimmed($0, decimals: 2))" } ?? "")
                + (bar.caveat.map { " · \($0)" } ?? "")
            doc.text(label, x: labelX, y: center + 4, size: SVGDocument.tickSize,
                     fill: Palette.muted, extra: [("class", "total")])
            if let threshold = bar.threshold {
                let tx = x(threshold)
                doc.line(x1: tx, y1: center - thickness / 2 - 6, x2: tx, y2: center + thickness / 2 + 6,
                         stroke: Palette.marker, width: 3, extra: [("class", "threshold")])
            }
        }
        if scale.lower < 0 {
            doc.line(x1: x(0), y1: plot.top, x2: x(0), y2: plot.bottom, stroke: Palette.axis)
        }
        doc.close("g")
        return doc.serialized(title: title, description: subtitle)
    }
}
