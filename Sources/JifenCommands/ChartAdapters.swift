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
            let assumed = card.lines.filter { !$0.assumptions.isEmpty && $0.points > 0 }.reduce(0) { $0 + $1.points }
            let caveat = card.vetoed ? "一票否决 vetoed" : card.eligible ? nil : "不符合条件 not eligible"
            return Bar(label: card.edition, values: values, threshold: card.threshold, caveat: caveat, assumed: assumed)
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

extension OverlaidHistogramChart {
    /// The rule spread (`simulate --rule-uncertainty --plot`): each pool's cutoff with the rule
    /// values drawn from their ranges, over the same pools' cutoffs with the rules as stated; the
    /// wider back histogram is what the assumed values add to sampling noise.
    init(ruleSpread split: VarianceSplit, edition: String, settings: SimulationSettings) {
        let bins = Histogram.sharedBins([split.drawn, split.fixed], targetBins: 20)
        let share = split.ruleShare.map { " · rules explain \(JSON.format(($0 * 1000).rounded() / 10)) % of the variance" } ?? ""
        let median = (try? ReplicateSummary(split.fixed))?.median
        self.init(title: "规则不确定性 Cutoff spread from assumed rules · \(edition)",
                  subtitle: "\(settings.replicates) pools of \(settings.pool), quota \(settings.quota), seed \(settings.seed), "
                      + "\(split.parameters) assumed or inferred values drawn" + share,
                  back: Series(label: "规则随机 Rules drawn from ranges", histogram: bins[0]),
                  front: Series(label: "规则如文 Rules as stated", histogram: bins[1]),
                  cutoff: median, cutoffLabel: "中位数 Median (rules as stated)",
                  xAxis: AxisTitle("截止分 Cutoff score", unit: "分"), yAxis: AxisTitle("模拟池 Pools", unit: "个"))
    }
}

extension TornadoChart {
    /// A tornado analysis: each parameter's cutoff at its low and high value around the baseline
    /// cutoff, widest swing first (`jifen sensitivity --method tornado --plot`).
    init(tornado: TornadoResult, edition: String, subtitle: String?, limit: Int = 15) {
        let base = tornado.baselineCutoff?.median ?? 0
        let effects = tornado.rowsByCutoff.prefix(limit).map { row in
            Effect(label: row.parameter.label, low: base + (row.low.cutoffShift ?? 0), high: base + (row.high.cutoffShift ?? 0))
        }
        self.init(title: "哪些规则最影响截止分 What moves the cutoff · \(edition)", subtitle: subtitle, baseline: base,
                  effects: effects, valueAxis: AxisTitle("截止分 Cutoff score", unit: "分"))
    }
}

extension WhatIfChart {
    /// A reform's effect on a simulated admission round: the cutoff before and after (median and
    /// 5–95% across replicates) and, per group of applicants, the mean flips in and out
    /// (`jifen whatif --quota --plot`).
    init(whatIf r: WhatIfResult, reformLabel: String, subtitle: String?, limit: Int = 12) {
        var cutoffs: [Estimate] = []
        if let b = r.summary({ $0.before.cutoff }) { cutoffs.append(Estimate(label: "现行 Baseline", value: b.median, lower: b.p05, upper: b.p95)) }
        if let a = r.summary({ $0.after.cutoff }) { cutoffs.append(Estimate(label: "改革 Reform", value: a.median, lower: a.p05, upper: a.p95)) }
        let n = Double(max(1, r.replicates.count))
        var flips: [WhatIfChart.Flips] = []
        for d in r.groups.dimensions {
            for (k, category) in d.categories.enumerated() {
                let slot = d.offset + k
                let out = r.replicates.reduce(0) { $0 + ($1.groupOut.indices.contains(slot) ? $1.groupOut[slot] : 0) }
                let into = r.replicates.reduce(0) { $0 + ($1.groupIn.indices.contains(slot) ? $1.groupIn[slot] : 0) }
                if out + into > 0 { flips.append(WhatIfChart.Flips(label: "\(d.name): \(category)", flipsIn: Double(into) / n, flipsOut: Double(out) / n)) }
            }
        }
        // The groups that flip most, so the panel stays readable.
        let shown = flips.enumerated().sorted { ($0.element.flipsIn + $0.element.flipsOut, -$0.offset) > ($1.element.flipsIn + $1.element.flipsOut, -$1.offset) }
            .prefix(limit).sorted { $0.offset < $1.offset }.map(\.element)
        self.init(title: "改革对录取的影响 What the reform changes: \(reformLabel)", subtitle: subtitle, cutoffs: cutoffs, flips: shown)
    }
}

/// Writes a chart's SVG to `path`; an unwritable path is bad input.
func writeChart(_ svg: String, to path: String) throws {
    try write(svg, to: path, what: "the chart")
}
