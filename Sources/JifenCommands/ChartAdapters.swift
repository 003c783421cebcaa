import Foundation
import JifenCharts
import JifenPolicy
import JifenSimulation
import JifenStatistics

// Turning command results into chart input. The charts take plain numbers; these initialisers
// decide what a command's picture shows, so the commands only add `--plot`.

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
