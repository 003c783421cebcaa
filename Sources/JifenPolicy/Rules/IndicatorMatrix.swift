/// Indicators across editions in one table: a row per indicator id, a column per edition, each
/// cell the most points the indicator can give there and how well that is sourced.
public struct IndicatorMatrix: Sendable {
    /// One indicator in one edition.
    public struct Cell: Sendable, Equatable {
        public var kind: String
        public var group: String
        /// The most points the indicator can add (a negative number for deductions: the most it
        /// can take away); nil when nothing bounds it (an uncapped rate).
        public var most: Double?
        /// The weakest confidence among the indicator's citation and its values.
        public var confidence: Confidence
        /// How many of its values are inferred or assumed.
        public var assumedValues: Int
        public var source: String
        public var rule: String
    }

    public struct Row: Sendable {
        public var indicator: String
        /// The first name met across the editions, English then Chinese.
        public var name: String
        public var nameZh: String?
        /// One cell per edition, in the order of `editions`; nil where the edition lacks it.
        public var cells: [Cell?]
    }

    public let editions: [Edition]
    public let rows: [Row]

    /// Rows in the order indicators are first met, edition by edition.
    public init(editions: [Edition]) {
        self.editions = editions
        var order: [String] = []
        var names: [String: (String, String?)] = [:]
        for e in editions {
            for ind in e.indicators where names[ind.id] == nil {
                order.append(ind.id)
                names[ind.id] = (ind.name, ind.nameZh)
            }
        }
        rows = order.map { id in
            Row(indicator: id, name: names[id]!.0, nameZh: names[id]!.1,
                cells: editions.map { e in e.indicator(id).map(Self.cell) })
        }
    }

    static func cell(_ ind: Indicator) -> Cell {
        let values = ind.kind.parameters + [ind.cap].compactMap { $0 } + ind.when.parameters
        let confidence = (values.map(\.citation.confidence) + [ind.citation.confidence]).max()!
        return Cell(kind: ind.kind.name, group: ind.group, most: most(ind), confidence: confidence,
                    assumedValues: values.filter { $0.citation.confidence.isAssumption }.count,
                    source: ind.citation.source, rule: ind.rule)
    }

    /// The indicator's own bound: its cap, else the largest points it lists. Uncapped rates,
    /// steps, counted awards and repeated deductions are unbounded (nil).
    static func most(_ ind: Indicator) -> Double? {
        if ind.kind.rule.deducts { return ind.cap.map { -$0.value } }
        let listed = ind.kind.rule.mostPoints
        guard let cap = ind.cap?.value else { return listed }
        return listed.map { Swift.min($0, cap) } ?? cap
    }
}
