/// Feature values of many applicants, one column per plan feature.
public struct FeatureTable: Sendable {
    public var count: Int
    public var columns: [[Double]]

    public init(count: Int, featureCount: Int) {
        self.count = count
        columns = Array(repeating: [Double](repeating: 0, count: count), count: featureCount)
    }
}

/// Everything the scorer computes for a batch, column by column. Reused across batches of the
/// same size so that scoring allocates nothing.
public struct ScoreColumns: Sendable {
    public private(set) var count: Int
    /// Points per indicator after its `when`, cap and deduction sign (before group rules).
    public var indicator: [[Double]]
    /// Group subtotals before their cap.
    public var groupRaw: [[Double]]
    /// Group subtotals after their cap.
    public var group: [[Double]]
    public var total: [Double]
    /// -1 when every gate holds, else the index of the first failing gate; `gates.count` means
    /// the threshold failed.
    public var failedGate: [Int32]
    /// -1 unless vetoed, else the first veto's index.
    public var veto: [Int32]

    public init(plan: Plan, count: Int) {
        self.count = count
        indicator = Array(repeating: [Double](repeating: 0, count: count), count: plan.indicators.count)
        groupRaw = Array(repeating: [Double](repeating: 0, count: count), count: plan.edition.groups.count)
        group = groupRaw
        total = [Double](repeating: 0, count: count)
        failedGate = [Int32](repeating: -1, count: count)
        veto = [Int32](repeating: -1, count: count)
    }

    /// True if applicant `i` passes every gate and is not vetoed.
    @inline(__always) public func isEligible(_ i: Int) -> Bool { failedGate[i] < 0 && veto[i] < 0 }
}

extension Plan {
    /// Scores every row of `table` into `out` (which must have been made for this plan and size).
    public func score(_ table: FeatureTable, into out: inout ScoreColumns) {
        precondition(out.count == table.count && out.indicator.count == indicators.count)
        let n = table.count
        for (k, ind) in indicators.enumerated() {
            evaluate(ind, table, &out.indicator[k], n)
        }
        for g in groups {
            out.groupRaw[g.index].withUnsafeMutableBufferPointer { raw in
                for j in 0..<n { raw[j] = g.combineMax ? -.infinity : 0 }
                for m in g.members {
                    let column: [Double]
                    switch m {
                    case .indicator(let i): column = out.indicator[i]
                    case .group(let c): column = out.group[c]
                    }
                    column.withUnsafeBufferPointer { c in
                        if g.combineMax {
                            for j in 0..<n where c[j] > raw[j] { raw[j] = c[j] }
                        } else {
                            for j in 0..<n { raw[j] += c[j] }
                        }
                    }
                }
                if g.members.isEmpty || g.combineMax {
                    for j in 0..<n where raw[j] == -.infinity { raw[j] = 0 }
                }
            }
            let cap = g.cap
            out.groupRaw[g.index].withUnsafeBufferPointer { raw in
                out.group[g.index].withUnsafeMutableBufferPointer { capped in
                    for j in 0..<n { capped[j] = min(raw[j], cap) }
                }
            }
        }
        out.total.withUnsafeMutableBufferPointer { total in
            for j in 0..<n { total[j] = 0 }
            for t in topGroups {
                out.group[t].withUnsafeBufferPointer { g in for j in 0..<n { total[j] += g[j] } }
            }
            if let floor { for j in 0..<n where total[j] < floor { total[j] = floor } }
        }
        for j in 0..<n {
            out.failedGate[j] = -1
            out.veto[j] = -1
        }
        for (v, fs) in vetoFeatures.enumerated().reversed() {
            for f in fs {
                table.columns[f].withUnsafeBufferPointer { c in
                    for j in 0..<n where c[j] > 0 { out.veto[j] = Int32(v) }
                }
            }
        }
        if let threshold {
            for j in 0..<n where out.total[j] < threshold { out.failedGate[j] = Int32(gates.count) }
        }
        for (g, preds) in gates.enumerated().reversed() {
            for j in 0..<n where !holds(preds, table, j) { out.failedGate[j] = Int32(g) }
        }
    }

    @inline(__always)
    func holds(_ preds: [CompiledPredicate], _ table: FeatureTable, _ j: Int) -> Bool {
        for p in preds where !holds(p, table, j) { return false }
        return true
    }

    func holds(_ p: CompiledPredicate, _ table: FeatureTable, _ j: Int) -> Bool {
        switch p {
        case .compare(let f, let op, let v):
            let x = table.columns[f][j]
            switch op {
            case .eq, .exists: return x == v
            case .ne: return x != v
            case .gte: return x >= v
            case .gt: return x > v
            case .lte: return x <= v
            case .lt: return x < v
            case .in: return false
            }
        case .member(let f, let codes): return codes.contains(table.columns[f][j])
        case .any(let items): return items.contains { holds($0, table, j) }
        }
    }

    /// One indicator's points for every row: the hot loop of batch scoring.
    func evaluate(_ ind: CompiledIndicator, _ table: FeatureTable, _ out: inout [Double], _ n: Int) {
        out.withUnsafeMutableBufferPointer { o in
            switch ind.op {
            case .lookup(let f, let t, _):
                table.columns[f].withUnsafeBufferPointer { x in
                    t.withUnsafeBufferPointer { t in
                        let last = t.count - 1
                        for j in 0..<n {
                            let c = Int(x[j])
                            o[j] = c >= 0 && c <= last ? t[c] : 0
                        }
                    }
                }
            case .bands(let f, let bands):
                table.columns[f].withUnsafeBufferPointer { x in
                    for j in 0..<n {
                        let v = x[j]
                        var p = 0.0
                        for b in bands where v >= b.lo && v <= b.hi {
                            p = b.points + b.slope * (v - b.pivot)
                            break
                        }
                        o[j] = p
                    }
                }
            case .rate(let f, let tiers, let per, let whole):
                table.columns[f].withUnsafeBufferPointer { x in
                    for j in 0..<n { o[j] = Plan.ratePoints(x[j], tiers: tiers, per: per, whole: whole) }
                }
            case .rateBy(let f, let cf, let rates, _, let per, let whole):
                table.columns[f].withUnsafeBufferPointer { x in
                    table.columns[cf].withUnsafeBufferPointer { code in
                        for j in 0..<n {
                            let c = Int(code[j])
                            let rate = c >= 0 && c < rates.count ? rates[c] : 0
                            let units = whole ? (x[j] / per).rounded(.down) : x[j] / per
                            o[j] = rate * max(0, units)
                        }
                    }
                }
            case .steps(let f, let start, let base, let step, let perStep):
                table.columns[f].withUnsafeBufferPointer { x in
                    for j in 0..<n {
                        o[j] = x[j] < start ? 0 : base + ((x[j] - start) / step).rounded(.down) * perStep
                    }
                }
            case .constant(let p):
                for j in 0..<n { o[j] = p }
            case .awards(let fs, let points, let caps, let combineMax):
                for j in 0..<n { o[j] = 0 }
                for (r, f) in fs.enumerated() {
                    let (p, cap) = (points[r], caps[r])
                    table.columns[f].withUnsafeBufferPointer { c in
                        for j in 0..<n where c[j] > 0 {
                            o[j] = combineMax ? max(o[j], p) : o[j] + min(c[j] * p, cap)
                        }
                    }
                }
            case .deductions(let fs, let points):
                for j in 0..<n { o[j] = 0 }
                for (r, f) in fs.enumerated() {
                    let p = points[r]
                    table.columns[f].withUnsafeBufferPointer { c in
                        for j in 0..<n { o[j] -= c[j] * p }
                    }
                }
            }
            let cap = ind.cap
            if ind.isDeduction {
                for j in 0..<n where o[j] < -cap { o[j] = -cap }
            } else {
                for j in 0..<n where o[j] > cap { o[j] = cap }
            }
            if !ind.when.isEmpty {
                for j in 0..<n where !holds(ind.when, table, j) { o[j] = 0 }
            }
        }
    }

    /// Points of a (possibly tiered, marginal) rate.
    @inline(__always)
    static func ratePoints(_ x: Double, tiers: [(from: Double, rate: Double)], per: Double, whole: Bool) -> Double {
        guard x > 0 else { return 0 }
        let units = whole ? (x / per).rounded(.down) : x / per
        var points = 0.0
        for (i, t) in tiers.enumerated() {
            let lo = t.from / per
            let hi = i + 1 < tiers.count ? tiers[i + 1].from / per : .infinity
            if units <= lo { break }
            points += t.rate * (min(units, hi) - lo)
        }
        return points
    }
}

extension Plan.CompiledIndicator {
    var isDeduction: Bool {
        if case .deductions = op { return true }
        return false
    }
}
