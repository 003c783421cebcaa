import Foundation

/// The pixel size of a chart; charts are laid out to read well at the standard 800 × 480.
public struct ChartSize: Equatable, Sendable {
    public var width: Double
    public var height: Double

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// 800 × 480.
    public static let standard = ChartSize(width: 800, height: 480)
}

/// The title of an axis and the unit of its values, printed as "title (unit)".
public struct AxisTitle: Equatable, Sendable {
    public var text: String
    public var unit: String?

    public init(_ text: String, unit: String? = nil) {
        self.text = text
        self.unit = unit
    }

    var rendered: String {
        guard let unit, !unit.isEmpty else { return text }
        return "\(text) (\(unit))"
    }
}

/// Colours distinguishable with the common colour-vision deficiencies (Okabe–Ito).
enum Palette {
    static let series = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"]
    static let text = "#222222"
    static let muted = "#555555"
    static let grid = "#e4e4e4"
    static let axis = "#888888"
    static let marker = "#B2182B"
    static let gain = "#1B9E77"
    static let loss = "#D95F02"

    static func color(_ index: Int) -> String {
        series[index % series.count]
    }
}

/// Rough advance width of text, enough to leave room for labels without measuring fonts:
/// CJK and full-width characters take a full em, Latin about half.
enum TextWidth {
    static func estimate(_ text: String, size: Double) -> Double {
        var ems = 0.0
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v >= 0x2E80 && !(v >= 0xFF61 && v <= 0xFFDC) {
                ems += 1.0
            } else if scalar.properties.isUppercase || "mwMW@%".unicodeScalars.contains(scalar) {
                ems += 0.68
            } else if " .,:;'|!il1()[]".unicodeScalars.contains(scalar) {
                ems += 0.3
            } else {
                ems += 0.56
            }
        }
        return ems * size
    }
}

/// How a legend entry is drawn.
enum LegendMark {
    case swatch(color: String, opacity: Double)
    case line(color: String, dashed: Bool)
    case interval(color: String)
    /// A short vertical bar, like a threshold marker.
    case tick(color: String)
}

struct LegendEntry {
    var label: String
    var mark: LegendMark
}

/// A rectangle in pixels.
struct PlotRect {
    var left: Double
    var top: Double
    var right: Double
    var bottom: Double

    var width: Double { right - left }
    var height: Double { bottom - top }
}

/// One horizontal bar per labelled row over a bottom value axis: the frame that stacked bars and
/// tornado charts share.
struct RowLayout {
    let plot: PlotRect
    let scale: NiceScale
    /// Vertical space per row, and the bar thickness within it.
    let band: Double
    let thickness: Double

    /// The x position of a value.
    func x(_ value: Double) -> Double { scale.position(value, from: plot.left, to: plot.right) }

    /// The vertical centre of row `row`.
    func center(_ row: Int) -> Double { plot.top + band * (Double(row) + 0.5) }
}

extension SVGDocument {
    /// Lays out `labels` as rows under `top`, draws the value axis and the row labels, and opens the
    /// bars group (the caller draws the bars and closes it).
    mutating func rows(_ labels: [String], scale: NiceScale, top: Double, size: ChartSize, valueAxis: AxisTitle,
                       rightPadding: Double, maxThickness: Double, fill: Double) -> RowLayout {
        let labelWidth = labels.map { TextWidth.estimate($0, size: SVGDocument.labelSize) }.max() ?? 0
        let plot = PlotRect(left: SVGDocument.outerMargin + labelWidth + 10, top: top + 10,
                            right: size.width - SVGDocument.outerMargin - rightPadding, bottom: size.height - 50)
        bottomValueAxis(scale, plot: plot, title: valueAxis)
        let band = plot.height / Double(max(1, labels.count))
        let layout = RowLayout(plot: plot, scale: scale, band: band, thickness: min(maxThickness, band * fill))
        open("g", [("class", "bars")])
        for (row, label) in labels.enumerated() {
            text(label, x: plot.left - 8, y: layout.center(row) + 4, size: SVGDocument.labelSize, anchor: .end,
                 extra: [("class", "category")])
        }
        return layout
    }

    static let titleSize = 18.0
    static let subtitleSize = 12.0
    static let labelSize = 12.0
    static let tickSize = 11.0
    static let outerMargin = 24.0

    /// Draws the title and subtitle; returns the y below them.
    mutating func header(title: String, subtitle: String?) -> Double {
        text(title, x: Self.outerMargin, y: 32, size: Self.titleSize, weight: "bold", extra: [("class", "chart-title")])
        guard let subtitle, !subtitle.isEmpty else { return 44 }
        text(subtitle, x: Self.outerMargin, y: 52, size: Self.subtitleSize, fill: Palette.muted, extra: [("class", "chart-subtitle")])
        return 62
    }

    /// Lays the legend out in rows from `left`, wrapping before `right`; returns the y below it.
    mutating func legend(_ entries: [LegendEntry], top: Double, left: Double, right: Double) -> Double {
        guard !entries.isEmpty else { return top }
        open("g", [("class", "legend")])
        var x = left
        var baseline = top + 12
        for entry in entries {
            let width = 22 + TextWidth.estimate(entry.label, size: Self.labelSize) + 18
            if x > left, x + width > right {
                x = left
                baseline += 20
            }
            let mid = baseline - 4
            switch entry.mark {
            case let .swatch(color, opacity):
                var extra: [(String, String)] = []
                if opacity < 1 { extra.append(("fill-opacity", Num.coordinate(opacity))) }
                rect(x: x, y: mid - 6, width: 16, height: 12, fill: color, extra: extra)
            case let .line(color, dashed):
                line(x1: x, y1: mid, x2: x + 16, y2: mid, stroke: color, width: 2.5,
                     extra: dashed ? [("stroke-dasharray", "5 3")] : [])
            case let .tick(color):
                line(x1: x + 8, y1: mid - 8, x2: x + 8, y2: mid + 8, stroke: color, width: 3)
            case let .interval(color):
                line(x1: x, y1: mid, x2: x + 16, y2: mid, stroke: color, width: 1.5)
                element("circle", [("cx", Num.coordinate(x + 8)), ("cy", Num.coordinate(mid)), ("r", "4"), ("fill", color)])
            }
            text(entry.label, x: x + 22, y: baseline, size: Self.labelSize)
            x += width
        }
        close("g")
        return baseline + 10
    }

    /// A value axis along the bottom of `plot`: vertical grid lines, tick labels and the title.
    mutating func bottomValueAxis(_ scale: NiceScale, plot: PlotRect, title: AxisTitle) {
        open("g", [("class", "x-axis")])
        for tick in scale.ticks {
            let x = scale.position(tick, from: plot.left, to: plot.right)
            line(x1: x, y1: plot.top, x2: x, y2: plot.bottom, stroke: Palette.grid)
            line(x1: x, y1: plot.bottom, x2: x, y2: plot.bottom + 4, stroke: Palette.axis)
            text(scale.label(tick), x: x, y: plot.bottom + 17, size: Self.tickSize, anchor: .middle,
                 fill: Palette.muted, extra: [("class", "tick")])
        }
        line(x1: plot.left, y1: plot.bottom, x2: plot.right, y2: plot.bottom, stroke: Palette.axis)
        text(title.rendered, x: (plot.left + plot.right) / 2, y: plot.bottom + 36, size: Self.labelSize,
             anchor: .middle, extra: [("class", "axis-title")])
        close("g")
    }

    /// A value axis up the left of `plot`: horizontal grid lines, tick labels and a rotated title.
    mutating func leftValueAxis(_ scale: NiceScale, plot: PlotRect, title: AxisTitle, titleX: Double) {
        open("g", [("class", "y-axis")])
        for tick in scale.ticks {
            let y = scale.position(tick, from: plot.bottom, to: plot.top)
            line(x1: plot.left, y1: y, x2: plot.right, y2: y, stroke: Palette.grid)
            line(x1: plot.left - 4, y1: y, x2: plot.left, y2: y, stroke: Palette.axis)
            text(scale.label(tick), x: plot.left - 7, y: y + 4, size: Self.tickSize, anchor: .end,
                 fill: Palette.muted, extra: [("class", "tick")])
        }
        line(x1: plot.left, y1: plot.top, x2: plot.left, y2: plot.bottom, stroke: Palette.axis)
        let cy = (plot.top + plot.bottom) / 2
        text(title.rendered, x: titleX, y: cy, size: Self.labelSize, anchor: .middle,
             extra: [("class", "axis-title"), ("transform", "rotate(-90 \(Num.coordinate(titleX)) \(Num.coordinate(cy)))")])
        close("g")
    }

    /// Width the tick labels of `scale` need.
    static func tickLabelWidth(_ scale: NiceScale) -> Double {
        scale.ticks.map { TextWidth.estimate(scale.label($0), size: tickSize) }.max() ?? 0
    }
}
