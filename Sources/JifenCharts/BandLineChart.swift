import Foundation

/// A line with a shaded band against x: the median cutoff score and its 5–95 % band as the
/// quota grows.
public struct BandLineChart: Sendable {
    /// One x position: the central value and the band's lower and upper edges.
    public struct Point: Sendable {
        public var x: Double
        public var value: Double
        public var lower: Double
        public var upper: Double

        public init(x: Double, value: Double, lower: Double, upper: Double) {
            self.x = x
            self.value = value
            self.lower = lower
            self.upper = upper
        }
    }

    public var title: String
    public var subtitle: String?
    /// Points in any order; they are drawn sorted by x.
    public var points: [Point]
    public var xAxis: AxisTitle
    public var yAxis: AxisTitle
    public var lineLabel: String
    public var bandLabel: String
    public var size: ChartSize

    public init(title: String, subtitle: String? = nil, points: [Point],
                xAxis: AxisTitle = AxisTitle("名额 Quota", unit: "人 people"),
                yAxis: AxisTitle = AxisTitle("截止分 Cutoff score", unit: "分"),
                lineLabel: String = "中位数 Median", bandLabel: String = "5%–95% 区间 band",
                size: ChartSize = .standard) {
        self.title = title
        self.subtitle = subtitle
        self.points = points
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.lineLabel = lineLabel
        self.bandLabel = bandLabel
        self.size = size
    }

    /// The chart as a standalone SVG document.
    public func svg() -> String {
        var doc = SVGDocument(size: size)
        let headerBottom = doc.header(title: title, subtitle: subtitle)
        let legendBottom = doc.legend([
            LegendEntry(label: lineLabel, mark: .line(color: Palette.color(0), dashed: false)),
            LegendEntry(label: bandLabel, mark: .swatch(color: Palette.color(0), opacity: 0.2)),
        ], top: headerBottom, left: SVGDocument.outerMargin, right: size.width - SVGDocument.outerMargin)

        let sorted = points.sorted { $0.x < $1.x }
        let xScale = NiceScale(covering: sorted.first?.x ?? 0, sorted.last?.x ?? 1, maxTicks: 8)
        let lows = sorted.map { min($0.lower, $0.value) }, highs = sorted.map { max($0.upper, $0.value) }
        let yScale = NiceScale(covering: lows.min() ?? 0, highs.max() ?? 1, maxTicks: 7)
        let left = SVGDocument.outerMargin + 22 + SVGDocument.tickLabelWidth(yScale) + 8
        let plot = PlotRect(left: left, top: legendBottom + 10, right: size.width - SVGDocument.outerMargin - 10,
                            bottom: size.height - 50)
        doc.leftValueAxis(yScale, plot: plot, title: yAxis, titleX: SVGDocument.outerMargin + 6)
        doc.bottomValueAxis(xScale, plot: plot, title: xAxis)
        let px = { (v: Double) in xScale.position(v, from: plot.left, to: plot.right) }
        let py = { (v: Double) in yScale.position(v, from: plot.bottom, to: plot.top) }

        guard !sorted.isEmpty else { return doc.serialized(title: title, description: subtitle) }
        let upperEdge = sorted.map { "\(Num.coordinate(px($0.x))),\(Num.coordinate(py($0.upper)))" }
        let lowerEdge = sorted.reversed().map { "\(Num.coordinate(px($0.x))),\(Num.coordinate(py($0.lower)))" }
        doc.element("polygon", [("points", (upperEdge + lowerEdge).joined(separator: " ")),
                                ("fill", Palette.color(0)), ("fill-opacity", "0.2"), ("class", "band")])
        let line = sorted.map { "\(Num.coordinate(px($0.x))),\(Num.coordinate(py($0.value)))" }
        doc.element("polyline", [("points", line.joined(separator: " ")), ("fill", "none"),
                                 ("stroke", Palette.color(0)), ("stroke-width", "2.5"), ("class", "line")])
        for point in sorted {
            doc.element("circle", [("cx", Num.coordinate(px(point.x))), ("cy", Num.coordinate(py(point.value))),
                                   ("r", "3.5"), ("fill", Palette.color(0)), ("class", "point")],
                        tooltip: "\(Num.trimmed(point.x, decimals: 2)): \(Num.trimmed(point.value, decimals: 2)) "
                            + "[\(Num.trimmed(point.lower, decimals: 2)), \(Num.trimmed(point.upper, decimals: 2))]")
        }
        return doc.serialized(title: title, description: subtitle)
    }
}
