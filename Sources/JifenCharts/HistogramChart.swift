import Foundation

/// Counts of values in equal-width bins starting at `lowerBound`.
public struct Histogram: Equatable, Sendable {
    public var lowerBound: Double
    public var binWidth: Double
    public var counts: [Int]

    public init(lowerBound: Double, binWidth: Double, counts: [Int]) {
        self.lowerBound = lowerBound
        self.binWidth = binWidth
        self.counts = counts
    }

    /// Bins `values` into `binCount` bins from `lowerBound`; bins are closed on the left, and a
    /// value on the top edge counts in the last bin. Values outside the range are not counted.
    public init(values: [Double], lowerBound: Double, binWidth: Double, binCount: Int) {
        var counts = [Int](repeating: 0, count: binCount)
        let upper = lowerBound + binWidth * Double(binCount)
        for value in values where value >= lowerBound && value <= upper {
            let index = min(binCount - 1, Int(((value - lowerBound) / binWidth).rounded(.down)))
            counts[index] += 1
        }
        self.init(lowerBound: lowerBound, binWidth: binWidth, counts: counts)
    }

    /// Histograms of several samples on the same bins, with a 1-2-5 bin width giving about
    /// `targetBins` bins over their joint range, so they can be overlaid.
    public static func sharedBins(_ samples: [[Double]], targetBins: Int = 20) -> [Histogram] {
        let all = samples.flatMap { $0 }
        guard let low = all.min(), let high = all.max() else {
            return samples.map { _ in Histogram(lowerBound: 0, binWidth: 1, counts: []) }
        }
        let width = NiceScale.niceStep(atLeast: max(high - low, 1e-9) / Double(max(1, targetBins)))
        let start = (low / width).rounded(.down) * width
        let count = max(1, Int(((high - start) / width).rounded(.down)) + 1)
        return samples.map { Histogram(values: $0, lowerBound: start, binWidth: width, binCount: count) }
    }

    var upperBound: Double { lowerBound + binWidth * Double(counts.count) }
}

/// Two histograms drawn over each other with a vertical marker: the whole applicant pool's
/// scores, the admitted applicants' scores, and the cutoff between them.
public struct OverlaidHistogramChart: Sendable {
    /// A histogram and its legend label.
    public struct Series: Sendable {
        public var label: String
        public var histogram: Histogram

        public init(label: String, histogram: Histogram) {
            self.label = label
            self.histogram = histogram
        }
    }

    public var title: String
    public var subtitle: String?
    /// Drawn first, underneath.
    public var back: Series
    /// Drawn second, on top.
    public var front: Series
    public var cutoff: Double?
    public var cutoffLabel: String
    public var xAxis: AxisTitle
    public var yAxis: AxisTitle
    public var size: ChartSize

    public init(title: String, subtitle: String? = nil, back: Series, front: Series, cutoff: Double?,
                cutoffLabel: String = "截止分 Cutoff",
                xAxis: AxisTitle = AxisTitle("积分 Score", unit: "分"),
                yAxis: AxisTitle = AxisTitle("人数 Applicants", unit: "人"),
                size: ChartSize = .standard) {
        self.title = title
        self.subtitle = subtitle
        self.back = back
        self.front = front
        self.cutoff = cutoff
        self.cutoffLabel = cutoffLabel
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.size = size
    }

    /// The chart as a standalone SVG document.
    public func svg() -> String {
        var doc = SVGDocument(size: size)
        let headerBottom = doc.header(title: title, subtitle: subtitle)
        var entries = [
            LegendEntry(label: back.label, mark: .swatch(color: Palette.color(0), opacity: 0.45)),
            LegendEntry(label: front.label, mark: .swatch(color: Palette.color(1), opacity: 0.75)),
        ]
        if let cutoff {
            entries.append(LegendEntry(label: "\(cutoffLabel) \(Num.trimmed(cutoff, decimals: 2))",
                                       mark: .line(color: Palette.marker, dashed: true)))
        }
        let legendBottom = doc.legend(entries, top: headerBottom, left: SVGDocument.outerMargin,
                                      right: size.width - SVGDocument.outerMargin)

        let histograms = [back.histogram, front.histogram].filter { !$0.counts.isEmpty }
        var low = histograms.map(\.lowerBound).min() ?? 0
        var high = histograms.map(\.upperBound).max() ?? 1
        if let cutoff {
            low = min(low, cutoff)
            high = max(high, cutoff)
        }
        let xScale = NiceScale(covering: low, high, maxTicks: 9)
        let maxCount = histograms.flatMap(\.counts).max() ?? 0
        let yScale = NiceScale(covering: 0, Double(max(1, maxCount)), maxTicks: 6)
        let left = SVGDocument.outerMargin + 22 + SVGDocument.tickLabelWidth(yScale) + 8
        let plot = PlotRect(left: left, top: legendBottom + 10, right: size.width - SVGDocument.outerMargin - 10,
                            bottom: size.height - 50)
        doc.leftValueAxis(yScale, plot: plot, title: yAxis, titleX: SVGDocument.outerMargin + 6)
        doc.bottomValueAxis(xScale, plot: plot, title: xAxis)
        let px = { (v: Double) in xScale.position(v, from: plot.left, to: plot.right) }
        let py = { (v: Double) in yScale.position(v, from: plot.bottom, to: plot.top) }

        for (index, series) in [back, front].enumerated() {
            let opacity = index == 0 ? "0.45" : "0.75"
            doc.open("g", [("class", index == 0 ? "histogram back" : "histogram front"),
                           ("fill", Palette.color(index)), ("fill-opacity", opacity),
                           ("stroke", "#ffffff"), ("stroke-width", "0.6")])
            let h = series.histogram
            for (bin, count) in h.counts.enumerated() where count > 0 {
                let start = h.lowerBound + Double(bin) * h.binWidth
                doc.element("rect", [("x", Num.coordinate(px(start))), ("y", Num.coordinate(py(Double(count)))),
                                     ("width", Num.coordinate(px(start + h.binWidth) - px(start))),
                                     ("height", Num.coordinate(py(0) - py(Double(count)))), ("class", "bin")],
                            tooltip: "\(series.label) [\(Num.trimmed(start, decimals: 2)), "
                                + "\(Num.trimmed(start + h.binWidth, decimals: 2))): \(count)")
            }
            doc.close("g")
        }
        if let cutoff {
            let x = px(cutoff)
            doc.line(x1: x, y1: plot.top - 4, x2: x, y2: plot.bottom, stroke: Palette.marker, width: 2,
                     extra: [("stroke-dasharray", "6 4"), ("class", "cutoff")])
        }
        return doc.serialized(title: title, description: subtitle)
    }
}
