import JifenCharts
import JifenPolicy
import JifenSimulation

// The charts of analyses that both the command line (`--plot`) and the server's pages draw. The
// charts take plain numbers; these initialisers decide what an analysis's picture shows.

extension StackedBarChart {
    /// One bar per city, stacked by the edition's top-level categories, threshold marked.
    ///
    /// Cities name their categories differently (Tianjin has guidance points, Tongxiang a
    /// provincial and a city block), so the legend is the union of category ids in the order
    /// they first appear, each labelled with the first card's Chinese and English name. Any
    /// difference between a card's total and its categories' sum (a floor or a cap applied to the
    /// total) is drawn as its own segment, so every bar ends at the card's total.
    public init(comparison: Comparison, subtitle: String?) {
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
    public init(quotaCurve curve: JifenSimulation.QuotaCurve, edition: String, subtitle: String?) {
        let points = curve.quotas.indices.compactMap { i -> Point? in
            guard let s = curve.summary(at: i) else { return nil }
            return Point(x: Double(curve.quotas[i]), value: s.median, lower: s.p05, upper: s.p95)
        }
        self.init(title: "截止分与名额 Cutoff against quota · \(edition)", subtitle: subtitle, points: points)
    }
}
