import Foundation

/// A two-panel what-if summary: on the left the cutoff before and after a reform with their
/// intervals; on the right, per group, how many applicants the reform lets in and pushes out.
public struct WhatIfChart: Sendable {
    /// A point estimate with an interval, e.g. the median cutoff and its 5–95 % range.
    public struct Estimate: Sendable {
        public var label: String
        public var value: Double
        public var lower: Double
        public var upper: Double

        public init(label: String, value: Double, lower: Double, upper: Double) {
            self.label = label
            self.value = value
            self.lower = lower
            self.upper = upper
        }
    }

    /// Applicants of one group admitted only under the reform (`flipsIn`) or only under the
    /// baseline (`flipsOut`); both counts are non-negative.
    public struct Flips: Sendable {
        public var label: String
        public var flipsIn: Double
        public var flipsOut: Double

        public init(label: String, flipsIn: Double, flipsOut: Double) {
            self.label = label
            self.flipsIn = flipsIn
            self.flipsOut = flipsOut
        }
    }

    public var title: String
    public var subtitle: String?
    /// Usually two: the baseline and the reform.
    public var cutoffs: [Estimate]
    public var flips: [Flips]
    public var cutoffAxis: AxisTitle
    public var flipsAxis: AxisTitle
    public var cutoffPanelTitle: String
    public var flipsPanelTitle: String
    public var intervalLabel: String
    public var flipsInLabel: String
    public var flipsOutLabel: String
    public var size: ChartSize

    public init(title: String, subtitle: String? = nil, cutoffs: [Estimate], flips: [Flips],
                cutoffAxis: AxisTitle = AxisTitle("截止分 Cutoff", unit: "分"),
                flipsAxis: AxisTitle = AxisTitle("人数 Applicants", unit: "人"),
                cutoffPanelTitle: String = "截止分 Cutoff score",
                flipsPanelTitle: String = "录取变化 Who flips",
                intervalLabel: String = "中位数与 5%–95% Median, 5–95%",
                flipsInLabel: String = "新录取 Flips in", flipsOutLabel: String = "被挤出 Flips out",
                size: ChartSize = .standard) {
        self.title = title
        self.subtitle = subtitle
        self.cutoffs = cutoffs
        self.flips = flips
        self.cutoffAxis = cutoffAxis
        self.flipsAxis = flipsAxis
        self.cutoffPanelTitle = cutoffPanelTitle
        self.flipsPanelTitle = flipsPanelTitle
        self.intervalLabel = intervalLabel
        self.flipsInLabel = flipsInLabel
        self.flipsOutLabel = flipsOutLabel
        self.size = size
    }

    /// The chart as a standalone SVG document.
    public func svg() -> String {
        var doc = SVGDocument(size: size)
        let headerBottom = doc.header(title: title, subtitle: subtitle)
        let legendBottom = doc.legend([
            LegendEntry(label: intervalLabel, mark: .interval(color: Palette.color(0))),
            LegendEntry(label: flipsInLabel, mark: .swatch(color: Palette.gain, opacity: 1)),
            LegendEntry(label: flipsOutLabel, mark: .swatch(color: Palette.loss, opacity: 1)),
        ], top: headerBottom, left: SVGDocument.outerMargin, right: size.width - SVGDocument.outerMargin)
        let panelTop = legendBottom + 22
        let split = SVGDocument.outerMargin + (size.width - 2 * SVGDocument.outerMargin) * 0.36
        drawCutoffPanel(&doc, left: SVGDocument.outerMargin, right: split - 16, top: panelTop)
        drawFlipsPanel(&doc, left: split + 16, right: size.width - SVGDocument.outerMargin, top: panelTop)
        return doc.serialized(title: title, description: subtitle)
    }

    private func drawCutoffPanel(_ doc: inout SVGDocument, left: Double, right: Double, top: Double) {
        doc.text(cutoffPanelTitle, x: left, y: top - 8, size: SVGDocument.labelSize, weight: "bold",
                 extra: [("class", "panel-title")])
        let values = cutoffs.flatMap { [$0.lower, $0.value, $0.upper] }
        let scale = NiceScale(covering: values.min() ?? 0, values.max() ?? 1, maxTicks: 6)
        let plot = PlotRect(left: left + 22 + SVGDocument.tickLabelWidth(scale) + 8, top: top,
                            right: right, bottom: size.height - 50)
        doc.leftValueAxis(scale, plot: plot, title: cutoffAxis, titleX: left + 6)
        doc.line(x1: plot.left, y1: plot.bottom, x2: plot.right, y2: plot.bottom, stroke: Palette.axis)
        let y = { (v: Double) in scale.position(v, from: plot.bottom, to: plot.top) }
        let band = plot.width / Double(max(1, cutoffs.count))
        doc.open("g", [("class", "cutoffs")])
        for (index, estimate) in cutoffs.enumerated() {
            let cx = plot.left + band * (Double(index) + 0.5)
            let color = Palette.color(index == 0 ? 7 : 0)
            doc.text(estimate.label, x: cx, y: plot.bottom + 17, size: SVGDocument.labelSize, anchor: .middle,
                     extra: [("class", "category")])
            doc.line(x1: cx, y1: y(estimate.lower), x2: cx, y2: y(estimate.upper), stroke: color, width: 2,
                     extra: [("class", "interval")])
            for end in [estimate.lower, estimate.upper] {
                doc.line(x1: cx - 8, y1: y(end), x2: cx + 8, y2: y(end), stroke: color, width: 2)
            }
            doc.element("circle", [("cx", Num.coordinate(cx)), ("cy", Num.coordinate(y(estimate.value))), ("r", "5"),
                                   ("fill", color), ("class", "estimate")],
                        tooltip: "\(estimate.label): \(Num.trimmed(estimate.value, decimals: 2)) "
                            + "[\(Num.trimmed(estimate.lower, decimals: 2)), \(Num.trimmed(estimate.upper, decimals: 2))]")
            doc.text(Num.trimmed(estimate.value, decimals: 2), x: cx + 12, y: y(estimate.value) + 4,
                     size: SVGDocument.tickSize, fill: Palette.muted, extra: [("class", "value")])
        }
        doc.close("g")
    }

    private func drawFlipsPanel(_ doc: inout SVGDocument, left: Double, right: Double, top: Double) {
        doc.text(flipsPanelTitle, x: left, y: top - 8, size: SVGDocument.labelSize, weight: "bold",
                 extra: [("class", "panel-title")])
        let largest = flips.map { max($0.flipsIn, $0.flipsOut) }.max() ?? 1
        let scale = NiceScale(covering: -max(largest, 1), max(largest, 1), maxTicks: 7)
        let labelWidth = flips.map { TextWidth.estimate($0.label, size: SVGDocument.labelSize) }.max() ?? 0
        let plot = PlotRect(left: left + labelWidth + 10, top: top, right: right - 10, bottom: size.height - 50)
        doc.bottomValueAxis(scale, plot: plot, title: flipsAxis)
        let x = { (v: Double) in scale.position(v, from: plot.left, to: plot.right) }
        let band = plot.height / Double(max(1, flips.count))
        let thickness = min(28, band * 0.6)
        doc.open("g", [("class", "flips")])
        for (row, group) in flips.enumerated() {
            let center = plot.top + band * (Double(row) + 0.5)
            doc.text(group.label, x: plot.left - 8, y: center + 4, size: SVGDocument.labelSize, anchor: .end,
                     extra: [("class", "category")])
            doc.rect(x: x(0), y: center - thickness / 2, width: x(group.flipsIn) - x(0), height: thickness,
                     fill: Palette.gain, extra: [("class", "bar in"), ("data-row", String(row))],
                     tooltip: "\(group.label) · \(flipsInLabel): \(Num.trimmed(group.flipsIn, decimals: 2))")
            doc.rect(x: x(-group.flipsOut), y: center - thickness / 2, width: x(0) - x(-group.flipsOut), height: thickness,
                     fill: Palette.loss, extra: [("class", "bar out"), ("data-row", String(row))],
                     tooltip: "\(group.label) · \(flipsOutLabel): \(Num.trimmed(group.flipsOut, decimals: 2))")
            // A value goes beyond its bar's end unless it would run into the row's label (left) or
            // off the plot (right); then it goes inside the bar, in white.
            if group.flipsIn > 0 {
                let text = "+" + Num.trimmed(group.flipsIn, decimals: 2)
                let outside = x(group.flipsIn) + 4 + TextWidth.estimate(text, size: SVGDocument.tickSize) <= right
                doc.text(text, x: outside ? x(group.flipsIn) + 4 : x(group.flipsIn) - 4, y: center + 4,
                         size: SVGDocument.tickSize, anchor: outside ? .start : .end, fill: outside ? Palette.muted : "#ffffff",
                         extra: [("class", "value")])
            }
            if group.flipsOut > 0 {
                let text = "−" + Num.trimmed(group.flipsOut, decimals: 2)
                let outside = x(-group.flipsOut) - 4 - TextWidth.estimate(text, size: SVGDocument.tickSize) >= plot.left
                doc.text(text, x: outside ? x(-group.flipsOut) - 4 : x(-group.flipsOut) + 4, y: center + 4,
                         size: SVGDocument.tickSize, anchor: outside ? .end : .start, fill: outside ? Palette.muted : "#ffffff",
                         extra: [("class", "value")])
            }
        }
        doc.line(x1: x(0), y1: plot.top, x2: x(0), y2: plot.bottom, stroke: Palette.text, width: 1.2)
        doc.close("g")
    }
}
