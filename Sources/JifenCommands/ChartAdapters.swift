import Foundation
import JifenCharts
import JifenPolicy
import JifenSimulation
import JifenStatistics

// Turning command results into chart input. The charts take plain numbers; these initialisers
// decide what a command's picture shows, so the commands only add `--plot`.

extension StackedBarChart {
    /// One bar per city, stacked by the edition's top-level categories, threshold marked.
    ///
    /// Cities name their categories differently (Tianjin has guidance points, Tongxiang a
    /// provincial and a city block), so the legend is the union of category ids in the order
    /// they first appear, each labelled with the first card's Chinese and English name. Any
    /// difference between a card's total and its categories' sum (a floor or a cap applied to the
    /// total) is drawn as its own segment, so every bar ends at the card's total.
    init(comparison: Comparison, subtitle: String?) {
        var ids: [String] = []
        var labels: [String: String] = [:]
        for card in comparison.cards {
            for c in card.categories where labels[c.id] == nil {
                ids.append(c.id)
                labels[c.id] = [c.nameZh, c.name].compactMap { $0 }.joined(separator: " ")
            }
        }
        let adjustments = comparison.cards.map { card in card.total - card.categories.reduce(0) { $0 + $1.points } }
        let hasAdjustment = adjustments.contains { abs($0) > 1e-9 }
        let bars = zip(comparison.cards, adjustments).map { card, adjustment in
            let points = Dictionary(card.categories.map { ($0.id, $0.points) }, uniquingKeysWith: +)
            let values = ids.map { points[$0] ?? 0 } + (hasAdjustment ? [adjustment] : [])
            return Bar(label: card.edition, values: values, threshold: card.threshold)
        }
        self.init(title: "各城积分对比 Points by city", subtitle: subtitle,
                  categories: ids.map { labels[$0] ?? $0 } + (hasAdjustment ? ["总分调整 Floor/cap"] : []),
                  bars: bars, thresholdLabel: "分值线 Threshold")
    }
}

extension BandLineChart {
    /// The median cutoff against the quota with its 5–95% band across replicates; quotas at
    /// which no replicate had anyone eligible are left out.
    init(quotaCurve curve: JifenSimulation.QuotaCurve, edition: String, subtitle: String?) {
        let points = curve.quotas.indices.compactMap { i -> Point? in
            guard let s = curve.summary(at: i) else { return nil }
            return Point(x: Double(curve.quotas[i]), value: s.median, lower: s.p05, upper: s.p95)
        }
        self.init(title: "截止分与名额 Cutoff against quota · \(edition)", subtitle: subtitle, points: points)
    }
}

extension OverlaidHistogramChart {
    /// Scores of one simulated pool (everyone who applied, eligible or not) under the scores of
    /// those admitted, on shared bins, with that pool's cutoff.
    init(poolScores: [Double], admittedScores: [Double], cutoff: Double?, edition: String, subtitle: String?) {
        let bins = Histogram.sharedBins([poolScores, admittedScores], targetBins: 30)
        self.init(title: "模拟申请人积分分布 Simulated scores · \(edition)", subtitle: subtitle,
                  back: Series(label: "全部申请人 Pool", histogram: bins[0]),
                  front: Series(label: "录取 Admitted", histogram: bins[1]),
                  cutoff: cutoff, cutoffLabel: "本池截止分 Cutoff (this pool)")
    }
}

extension TornadoChart {
    /// A one-at-a-time sensitivity analysis as a tornado: `labels[bar.input]` names each
    /// parameter. For `jifen sensitivity`, which feeds it the bars from
    /// `OneAtATimeDesign.analyze(outputs:)`.
    init(bars: [TornadoBar], labels: [String], title: String, subtitle: String?,
         valueAxis: AxisTitle = AxisTitle("截止分 Cutoff score", unit: "分")) {
        let effects = bars.map { bar in
            Effect(label: bar.input < labels.count ? labels[bar.input] : "#\(bar.input + 1)", low: bar.low, high: bar.high)
        }
        self.init(title: title, subtitle: subtitle, baseline: bars.first?.baseline ?? 0, effects: effects, valueAxis: valueAxis)
    }
}

extension WhatIfChart {
    /// A reform's effect on a simulated admission round: the cutoff before and after (median and
    /// 5–95% across replicates) and, per group of applicants, how many flip in or out. For
    /// `jifen whatif` on a pool, which feeds it the two runs' cutoff summaries and the flips.
    init(baseline: ReplicateSummary, reformed: ReplicateSummary, reformLabel: String,
         flips: [(group: String, flips: JifenStatistics.Flips)], title: String, subtitle: String?) {
        self.init(title: title, subtitle: subtitle,
                  cutoffs: [Estimate(label: "现行 Baseline", value: baseline.median, lower: baseline.p05, upper: baseline.p95),
                            Estimate(label: reformLabel, value: reformed.median, lower: reformed.p05, upper: reformed.p95)],
                  flips: flips.map { Flips(label: $0.group, flipsIn: Double($0.flips.outToIn), flipsOut: Double($0.flips.inToOut)) })
    }
}

/// Writes a chart's SVG to `path`; an unwritable path is bad input.
func writeChart(_ svg: String, to path: String) throws {
    do {
        try svg.write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
        throw InputError(file: path, "cannot write the chart (\(error.localizedDescription))")
    }
}
