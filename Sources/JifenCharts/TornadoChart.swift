import Foundation

/// A tornado chart: for each parameter, the output at its low and its high setting as bars from
/// the baseline, largest swing at the top.
public struct TornadoChart: Sendable {
    /// One parameter's effect: the output with the parameter at its low and at its high setting.
    public struct Effect: Sendable {
        public var label: String
        public var low: Double
        public var high: Double

        public init(label: String, low: Double, high: Double) {
            self.label = label
            self.low = low
            self.high = high
        }

        /// Size of the swing, the sort key.
        public var magnitude: Double { abs(high - low) }
    }

    public var title: String
    public var subtitle: String?
    /// The output with every parameter at its baseline.
    public var baseline: Double
    public var effects: [Effect]
    public var valueAxis: AxisTitle
    public var baselineLabel: String
    public var lowLabel: String
    public var highLabel: String
    public var size: ChartSize

    public init(title: String, subtitle: String? = nil, baseline: Double, effects: [Effect],
                valueAxis: AxisTitle = AxisTitle("截止分 Cutoff score", unit: "分"),
                baselineLabel: String = "基线 Baseline", lowLabel: String = "参数取低值 Low setting",
                highLabel: String = "参数取高值 High setting", size: ChartSize = .standard) {
        self.title = title
        self.subtitle = subtitle
        self.baseline = baseline
        self.effects = effects
        self.valueAxis = valueAxis
        self.baselineLabel = baselineLabel
        self.lowLabel = lowLabel
        self.highLabel = highLabel
        self.size = size
    }

    /// Effects from the largest swing to the smallest; equal swings keep their given order.
    public var sortedEffects: [Effect] {
        effects.enumerated().sorted { a, b in
            a.element.magnitude != b.element.magnitude ? a.element.magnitude > b.element.magnitude : a.offset < b.offset
        }.map(\.element)
    }

    /// The chart as a standalone SVG document.
    public func svg() -> String {
        var doc = SVGDocument(size: size)
        let headerBottom = doc.header(title: title, subtitle: subtitle)
        let legendBottom = doc.legend([
            LegendEntry(label: lowLabel, mark: .swatch(color: Palette.color(0), opacity: 1)),
            LegendEntry(label: highLabel, mark: .swatch(color: Palette.color(1), opacity: 1)),
            LegendEntry(label: "\(baselineLabel) \(Num.trimmed(baseline, decimals: 2))",
                        mark: .line(color: Palette.text, dashed: false)),
        ], top: headerBottom, left: SVGDocument.outerMargin, right: size.width - SVGDocument.outerMargin)

        let rows = sortedEffects
        let values = rows.flatMap { [$0.low, $0.high] } + [baseline]
        let scale = NiceScale(covering: values.min() ?? 0, values.max() ?? 1, maxTicks: 7)
        let layout = doc.rows(rows.map(\.label), scale: scale, top: legendBottom, size: size, valueAxis: valueAxis,
                              rightPadding: 10, maxThickness: 32, fill: 0.66)
        let (plot, thickness, x) = (layout.plot, layout.thickness, layout.x)
        for (row, effect) in rows.enumerated() {
            let center = layout.center(row)
            // The end farther from the baseline is drawn first so a same-side nearer bar stays visible.
            let ends = [(effect.low, 0, "low"), (effect.high, 1, "high")]
                .sorted { abs($0.0 - baseline) > abs($1.0 - baseline) }
            for (value, colorIndex, name) in ends {
                let from = min(value, baseline), to = max(value, baseline)
                doc.rect(x: x(from), y: center - thickness / 2, width: x(to) - x(from), height: thickness,
                         fill: Palette.color(colorIndex),
                         extra: [("class", "bar \(name)"), ("data-row", String(row))],
                         tooltip: "\(effect.label) · \(name == "low" ? lowLabel : highLabel): \(Num.trimmed(value, decimals: 2))")
            }
            let leftEnd = min(effect.low, effect.high, baseline), rightEnd = max(effect.low, effect.high, baseline)
            if leftEnd < baseline {
                doc.text(Num.trimmed(leftEnd, decimals: 2), x: x(leftEnd) - 4, y: center + 4, size: SVGDocument.tickSize,
                         anchor: .end, fill: Palette.muted, extra: [("class", "value")])
            }
            if rightEnd > baseline {
                doc.text(Num.trimmed(rightEnd, decimals: 2), x: x(rightEnd) + 4, y: center + 4, size: SVGDocument.tickSize,
                         fill: Palette.muted, extra: [("class", "value")])
            }
        }
        doc.close("g")
        doc.line(x1: x(baseline), y1: plot.top - 4, x2: x(baseline), y2: plot.bottom, stroke: Palette.text,
                 width: 1.5, extra: [("class", "baseline")])
        return doc.serialized(title: title, description: subtitle)
    }
}
