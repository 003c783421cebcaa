import Foundation
import JifenCharts

/// One realistic chart of each kind, shared by the tests and by the PNG previews.
enum ExampleCharts {
    static let compare = StackedBarChart(
        title: "三城积分对比 Points by city",
        subtitle: "示例申请人 Example applicant · 2023-06-01",
        categories: ["基础指标 Basic", "加分 Bonus", "扣分 Deductions"],
        bars: [
            .init(label: "杭州 Hangzhou", values: [96, 24, -10], threshold: 100),
            .init(label: "桐乡 Tongxiang", values: [130, 45, 0], threshold: 120),
            .init(label: "天津 Tianjin", values: [118.5, 15, -5], threshold: 140),
        ])

    static let quotaCurve = BandLineChart(
        title: "名额与截止分 Cutoff vs quota",
        subtitle: "tianjin/2018 · pool 50000 · 200 replicates",
        points: [
            .init(x: 1000, value: 171.5, lower: 166, upper: 177),
            .init(x: 2000, value: 163, lower: 159, upper: 167.5),
            .init(x: 4000, value: 154, lower: 151, upper: 157),
            .init(x: 6000, value: 148.5, lower: 146, upper: 151),
            .init(x: 8000, value: 144, lower: 142, upper: 146),
            .init(x: 10000, value: 140.5, lower: 139, upper: 142),
        ])

    static let simulate: OverlaidHistogramChart = {
        var pool: [Double] = []
        var admitted: [Double] = []
        // A deterministic bell-ish pool without randomness: scores spread by a fixed pattern.
        for i in 0..<4000 {
            let u = Double((i * 7919) % 4000) / 4000
            let v = Double((i * 104729) % 4000) / 4000
            let score = 120 + 30 * (u + v - 1) + 10 * (u - 0.5)
            pool.append(score)
        }
        let cutoff = pool.sorted(by: >)[599]
        admitted = pool.filter { $0 >= cutoff }
        let bins = Histogram.sharedBins([pool, admitted], targetBins: 24)
        return OverlaidHistogramChart(
            title: "申请人与录取者积分分布 Pool vs admitted",
            subtitle: "hangzhou/2023 · pool 4000 · quota 600",
            back: .init(label: "申请人 Pool", histogram: bins[0]),
            front: .init(label: "录取 Admitted", histogram: bins[1]),
            cutoff: cutoff)
    }()

    static let tornado = TornadoChart(
        title: "参数敏感性 Sensitivity of the cutoff",
        subtitle: "tianjin/2018 · ±20% per parameter",
        baseline: 145,
        effects: [
            .init(label: "社保每月 Insurance / month", low: 139.5, high: 151),
            .init(label: "学历 Education", low: 141, high: 148),
            .init(label: "年龄 Age", low: 147, high: 143),
            .init(label: "住房 Housing", low: 143.5, high: 146),
            .init(label: "奖励 <Awards & titles>", low: 144.5, high: 145.5),
        ])

    static let whatIf = WhatIfChart(
        title: "改革影响 What if: +10 for a degree",
        subtitle: "hangzhou/2023 + reforms/degree-bonus.yaml",
        cutoffs: [
            .init(label: "基线 Baseline", value: 152, lower: 149, upper: 155.5),
            .init(label: "改革 Reform", value: 158.5, lower: 155, upper: 162),
        ],
        flips: [
            .init(label: "本科 Bachelor", flipsIn: 212, flipsOut: 35),
            .init(label: "大专 College", flipsIn: 18, flipsOut: 140),
            .init(label: "高中及以下 ≤ High school", flipsIn: 0, flipsOut: 55),
        ])

    static var all: [(name: String, svg: String)] {
        [("compare", compare.svg()), ("quota-curve", quotaCurve.svg()), ("simulate", simulate.svg()),
         ("tornado", tornado.svg()), ("whatif", whatIf.svg())]
    }
}
