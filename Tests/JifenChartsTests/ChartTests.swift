import Foundation
import Testing
@testable import JifenCharts

@Suite struct NiceScaleTests {
    @Test func ticksStepByOneTwoOrFive() {
        #expect(NiceScale(covering: 0, 183.5).ticks == [0, 50, 100, 150, 200])
        #expect(NiceScale(covering: 0.03, 0.91).ticks == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(NiceScale(covering: -13, 47).ticks == [-20, 0, 20, 40, 60])
        #expect(NiceScale(covering: 139, 177, maxTicks: 7).ticks == [130, 140, 150, 160, 170, 180])
        #expect(NiceScale(covering: 1000, 10000, maxTicks: 8).ticks == [0, 2000, 4000, 6000, 8000, 10000])
    }

    @Test func startingBetweenTicksKeepsTheTickGrid() {
        let scale = NiceScale(covering: -13, 47).startingAt(-15)
        #expect(scale.ticks == [0, 20, 40, 60])
        #expect(scale.position(-15, from: 0, to: 75) == 0)
        #expect(scale.position(60, from: 0, to: 75) == 75)
    }

    @Test func valuesOnATickStayThere() {
        let scale = NiceScale(covering: 100, 200)
        #expect(scale.lower == 100)
        #expect(scale.upper == 200)
        #expect(scale.step == 20)
    }

    @Test func stepChoice() {
        #expect(NiceScale.niceStep(atLeast: 0.13) == 0.2)
        #expect(NiceScale.niceStep(atLeast: 3) == 5)
        #expect(NiceScale.niceStep(atLeast: 5) == 5)
        #expect(NiceScale.niceStep(atLeast: 7) == 10)
        #expect(NiceScale.niceStep(atLeast: 1) == 1)
    }

    @Test func labelsShowJustEnoughDecimals() {
        let tenths = NiceScale(covering: 0.03, 0.91)
        #expect(tenths.ticks.map(tenths.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        let hundreds = NiceScale(covering: -13, 47)
        #expect(hundreds.ticks.map(hundreds.label) == ["-20", "0", "20", "40", "60"])
    }

    @Test func zeroWidthRangeStillHasTicks() {
        let scale = NiceScale(covering: 5, 5)
        #expect(scale.lower < 5 && scale.upper > 5)
        #expect(scale.ticks.count >= 3)
        #expect(NiceScale(covering: 0, 0).ticks == [0, 0.2, 0.4, 0.6, 0.8, 1])
    }
}

@Suite struct NumberTextTests {
    @Test func fixedFormattingIgnoresLocaleAndNegativeZero() {
        #expect(Num.fixed(2.346, decimals: 2) == "2.35")
        #expect(Num.fixed(0.125, decimals: 2) == "0.13")
        #expect(Num.fixed(7, decimals: 1) == "7.0")
        #expect(Num.fixed(-0.001, decimals: 2) == "0.00")
        #expect(Num.fixed(-1.5, decimals: 0) == "-2")
        #expect(Num.fixed(1234567.891, decimals: 1) == "1234567.9")
        #expect(Num.coordinate(12.50) == "12.5")
        #expect(Num.coordinate(100) == "100")
        #expect(Num.coordinate(-0.004) == "0")
        #expect(Num.coordinate(3.07) == "3.07")
    }
}

@Suite struct HistogramTests {
    @Test func binsAreClosedOnTheLeftAndTheTopEdgeCountsLast() {
        let h = Histogram(values: [0, 0.5, 1, 1.9, 2, 3, 3.5, -1], lowerBound: 0, binWidth: 1, binCount: 3)
        #expect(h.counts == [2, 2, 2])
    }

    @Test func sharedBinsUseOneNiceWidth() {
        let bins = Histogram.sharedBins([[3.2, 7.9], [5]], targetBins: 4)
        #expect(bins[0] == Histogram(lowerBound: 2, binWidth: 2, counts: [1, 0, 1]))
        #expect(bins[1] == Histogram(lowerBound: 2, binWidth: 2, counts: [0, 1, 0]))
    }
}

@Suite struct ChartRenderingTests {
    @Test(arguments: ExampleCharts.all.map(\.name))
    func everyChartIsWellFormedSVG(name: String) throws {
        let svg = try #require(ExampleCharts.all.first { $0.name == name }?.svg)
        let root = try #require(SVGTree.parse(svg))
        #expect(root.name == "svg")
        #expect(root.attributes["width"] == "800")
        #expect(root.attributes["viewBox"] == "0 0 800 480")
        #expect(root.attributes["font-family"]?.contains("Noto Sans CJK SC") == true)
        #expect(root.attributes["font-family"]?.hasSuffix("sans-serif") == true)
        #expect(root.all.contains { $0.attributes["class"] == "chart-title" })
        #expect(root.all.contains { $0.attributes["class"] == "legend" })
        #expect(root.all.contains { $0.attributes["class"] == "axis-title" })
        // Self-contained: nothing fetched or run when the file is opened.
        #expect(!svg.contains("<script") && !svg.contains("href") && !svg.contains("@import"))
        // Every element stays inside the canvas.
        for node in root.all where node.name == "rect" || node.name == "text" {
            for key in ["x", "y"] where node.attributes[key] != nil {
                let value = node.double(key)
                #expect(value >= 0 && value <= (key == "x" ? 800 : 480), "\(node.name) \(key)=\(value) in \(name)")
            }
        }
    }

    @Test func emptyInputsStillGiveWellFormedCharts() {
        let empty = Histogram(lowerBound: 0, binWidth: 1, counts: [])
        let charts = [
            StackedBarChart(title: "none", categories: [], bars: []).svg(),
            BandLineChart(title: "none", points: []).svg(),
            OverlaidHistogramChart(title: "none", back: .init(label: "a", histogram: empty),
                                   front: .init(label: "b", histogram: empty), cutoff: nil).svg(),
            TornadoChart(title: "none", baseline: 0, effects: []).svg(),
            WhatIfChart(title: "none", cutoffs: [], flips: []).svg(),
        ]
        for svg in charts {
            #expect(SVGTree.parse(svg) != nil)
            #expect(!svg.contains("nan") && !svg.contains("inf"))
        }
    }

    @Test func outputIsDeterministic() throws {
        for (name, svg) in ExampleCharts.all {
            let again = ExampleCharts.all.first { $0.name == name }!.svg
            #expect(svg == again, "\(name) differs between renders")
            // Fixed number text: coordinates carry at most two decimals, never exponents.
            let root = try #require(SVGTree.parse(svg))
            for node in root.all {
                for key in ["x", "y", "width", "height", "x1", "y1", "x2", "y2", "cx", "cy"] {
                    guard let value = node.attributes[key] else { continue }
                    #expect(value.wholeMatch(of: /-?[0-9]+(\.[0-9]{1,2})?/) != nil, "\(name): \(key)=\(value)")
                }
            }
        }
    }

    @Test func axisTicksAndTitleWithUnit() throws {
        // Stacks reach 175 and -10 and thresholds 140: ticks every 50 up to 200. The axis starts
        // just left of -10 (at -10 - 3% of 185 = -15.55) rather than at -50, so no tick below 0.
        let root = try #require(SVGTree.parse(ExampleCharts.compare.svg()))
        let ticks = root.all.filter { $0.classes.contains("tick") && $0.groupClass == "x-axis" }
        #expect(ticks.map(\.text) == ["0", "50", "100", "150", "200"])
        // Equal steps between tick positions, and the zero tick sits 15.55/215.55 of the way across.
        let xs = ticks.map { $0.double("x") }
        let step = xs[1] - xs[0]
        for i in 1..<xs.count { #expect(abs(xs[i] - xs[i - 1] - step) < 0.02) }
        let axisLine = try #require(root.all.last { $0.name == "line" && $0.groupClass == "x-axis" })
        let left = axisLine.double("x1"), right = axisLine.double("x2")
        #expect(abs((xs[0] - left) / (right - left) - 15.55 / 215.55) < 0.001)
        #expect(abs(xs[4] - right) < 0.02)
        let titles = root.all.filter { $0.attributes["class"] == "axis-title" }.map(\.text)
        #expect(titles == ["积分 Points (分)"])
    }

    @Test func markupCharactersAndCJKSurviveEscaping() throws {
        let chart = StackedBarChart(
            title: "A < B & C > D \"积分\"", subtitle: "居住证积分\u{7}",
            categories: ["<script>alert(1)</script>"],
            bars: [.init(label: "天津 & 杭州", values: [10], threshold: 5)])
        let svg = chart.svg()
        #expect(!svg.contains("<script>"))
        #expect(svg.contains("&lt;script&gt;"))
        let root = try #require(SVGTree.parse(svg))
        let texts = root.all.filter { $0.name == "text" }.map(\.text)
        #expect(texts.contains("A < B & C > D \"积分\""))
        #expect(texts.contains("居住证积分"))
        #expect(texts.contains("<script>alert(1)</script>"))
        #expect(texts.contains("天津 & 杭州"))
        #expect(root.all.first { $0.name == "title" }?.text == "A < B & C > D \"积分\"")
    }

    @Test func stackedSegmentLengthsAreProportionalToValues() throws {
        let chart = StackedBarChart(title: "t", categories: ["a", "b", "c"],
                                    bars: [.init(label: "one", values: [40, 20, 0]),
                                           .init(label: "two", values: [10, 30, -20], threshold: 50)])
        let root = try #require(SVGTree.parse(chart.svg()))
        let bars = root.all.filter { $0.classes.contains("bar") }
        let key = { (node: SVGNode) in "\(node.attributes["data-bar"]!)/\(node.attributes["data-segment"]!)" }
        let widths = Dictionary(uniqueKeysWithValues: bars.map { (key($0), $0.double("width")) })
        // A zero segment draws nothing.
        #expect(widths.keys.sorted() == ["0/0", "0/1", "1/0", "1/1", "1/2"])
        let perPoint = try #require(widths["1/0"]) / 10
        for (segment, value) in [("0/0", 40.0), ("0/1", 20), ("1/1", 30), ("1/2", 20)] {
            #expect(abs(widths[segment]! - value * perPoint) < 0.02, "segment \(segment)")
        }
        // Segments abut: the second starts where the first ends; the deduction ends at zero.
        let x = Dictionary(uniqueKeysWithValues: bars.map { (key($0), $0.double("x")) })
        #expect(abs(x["0/1"]! - (x["0/0"]! + widths["0/0"]!)) < 0.02)
        #expect(abs(x["1/2"]! + widths["1/2"]! - x["1/0"]!) < 0.02)
        // The threshold at 50 sits 50 points right of zero.
        let marker = try #require(root.all.first { $0.attributes["class"] == "threshold" })
        #expect(abs(marker.double("x1") - (x["1/0"]! + 50 * perPoint)) < 0.02)
    }

    @Test func tornadoSortsBySwingAndBarsMeasureFromBaseline() throws {
        let root = try #require(SVGTree.parse(ExampleCharts.tornado.svg()))
        let labels = root.all.filter { $0.attributes["class"] == "category" }.map(\.text)
        // Swings: insurance 11.5, education 7, age 4, housing 2.5, awards 1.
        #expect(labels == ["社保每月 Insurance / month", "学历 Education", "年龄 Age", "住房 Housing",
                           "奖励 <Awards & titles>"])
        let bars = root.all.filter { $0.classes.contains("bar") }
        let lengths = bars.map { ($0.attributes["data-row"]!, $0.classes.contains("low"), $0.double("width")) }
        func length(_ row: Int, low: Bool) -> Double {
            lengths.first { $0.0 == String(row) && $0.1 == low }!.2
        }
        // Distances from 145: insurance 5.5 / 6, education 4 / 3, age 2 / 2.
        let perPoint = length(0, low: false) / 6
        #expect(abs(length(0, low: true) - 5.5 * perPoint) < 0.02)
        #expect(abs(length(1, low: true) - 4 * perPoint) < 0.02)
        #expect(abs(length(1, low: false) - 3 * perPoint) < 0.02)
        #expect(abs(length(2, low: true) - 2 * perPoint) < 0.02)
    }

    @Test func histogramHeightsAreProportionalToCounts() throws {
        let chart = OverlaidHistogramChart(
            title: "h",
            back: .init(label: "pool", histogram: Histogram(lowerBound: 100, binWidth: 10, counts: [4, 8, 2])),
            front: .init(label: "admitted", histogram: Histogram(lowerBound: 100, binWidth: 10, counts: [0, 3, 2])),
            cutoff: 115)
        let root = try #require(SVGTree.parse(chart.svg()))
        let back = root.all.filter { $0.name == "rect" && $0.groupClass == "histogram back" }.map { $0.double("height") }
        let front = root.all.filter { $0.name == "rect" && $0.groupClass == "histogram front" }.map { $0.double("height") }
        #expect(back.count == 3 && front.count == 2)
        let perCount = back[0] / 4
        #expect(abs(back[1] - 8 * perCount) < 0.02 && abs(back[2] - 2 * perCount) < 0.02)
        #expect(abs(front[0] - 3 * perCount) < 0.02 && abs(front[1] - 2 * perCount) < 0.02)
        // The cutoff at 115 is halfway across the 110–120 bin.
        let bins = root.all.filter { $0.name == "rect" && $0.groupClass == "histogram back" }
        let cutoff = try #require(root.all.first { $0.attributes["class"] == "cutoff" })
        #expect(abs(cutoff.double("x1") - (bins[1].double("x") + bins[1].double("width") / 2)) < 0.02)
    }

    @Test func whatIfFlipsDivergeFromZero() throws {
        let root = try #require(SVGTree.parse(ExampleCharts.whatIf.svg()))
        let inBars = root.all.filter { $0.classes.contains("in") }
        let outBars = root.all.filter { $0.classes.contains("out") }
        #expect(inBars.count == 3 && outBars.count == 3)
        let zero = inBars[0].double("x")
        for bar in outBars { #expect(abs(bar.double("x") + bar.double("width") - zero) < 0.02) }
        let perApplicant = inBars[0].double("width") / 212
        #expect(abs(outBars[1].double("width") - 140 * perApplicant) < 0.02)
        #expect(inBars[2].double("width") == 0)
        let estimates = root.all.filter { $0.attributes["class"] == "estimate" }
        // The reform's higher cutoff is drawn higher up (smaller y).
        #expect(estimates.count == 2 && estimates[1].double("cy") < estimates[0].double("cy"))
    }

    @Test func quotaCurveBandEnclosesTheLine() throws {
        let root = try #require(SVGTree.parse(ExampleCharts.quotaCurve.svg()))
        let points = root.all.filter { $0.attributes["class"] == "point" }
        #expect(points.count == 6)
        // Larger quotas lower the cutoff: the line descends left to right (y grows).
        let ys = points.map { $0.double("cy") }
        #expect(ys == ys.sorted())
        let band = try #require(root.all.first { $0.attributes["class"] == "band" })
        #expect(band.attributes["points"]?.split(separator: " ").count == 12)
    }

    /// Writes the example charts to $JIFEN_CHART_PREVIEW_DIR for a visual check; a no-op otherwise.
    @Test func writePreviewsWhenAsked() throws {
        guard let directory = ProcessInfo.processInfo.environment["JIFEN_CHART_PREVIEW_DIR"] else { return }
        for (name, svg) in ExampleCharts.all {
            try svg.write(toFile: "\(directory)/\(name).svg", atomically: true, encoding: .utf8)
        }
    }
}

/// What-if flip counts whose bars reach the label column or the plot's edge carry their value
/// inside the bar, so labels never run into each other.
@Suite struct WhatIfLabelTests {
    @Test func aLongLossBarKeepsItsValueInsideTheBar() throws {
        let chart = WhatIfChart(title: "t", cutoffs: [], flips: [
            .init(label: "housing: owner", flipsIn: 3, flipsOut: 300),
            .init(label: "short", flipsIn: 1, flipsOut: 1),
        ])
        let svg = chart.svg()
        let values = svg.components(separatedBy: "\n").filter { $0.contains("class=\"value\"") }
        let long = try #require(values.first { $0.contains("−300") })
        #expect(long.contains("fill=\"#ffffff\""), "\(long)")
        let short = try #require(values.first { $0.contains(">−1<") })
        #expect(!short.contains("fill=\"#ffffff\""), "\(short)")
    }
}
