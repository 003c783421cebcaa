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
    /// Scratch masks for predicate evaluation (1 = holds).
    var masks: [[UInt8]]

    public init(plan: Plan, count: Int) {
        self.count = count
        indicator = Array(repeating: [Double](repeating: 0, count: count), count: plan.indicators.count)
        groupRaw = Array(repeating: [Double](repeating: 0, count: count), count: plan.edition.groups.count)
        group = groupRaw
        total = [Double](repeating: 0, count: count)
        failedGate = [Int32](repeating: -1, count: count)
        veto = [Int32](repeating: -1, count: count)
        masks = Array(repeating: [UInt8](repeating: 1, count: count), count: 1 + 2 * plan.predicateDepth)
    }

    /// True if applicant `i` passes every gate and is not vetoed.
    @inlinable public func isEligible(_ i: Int) -> Bool { failedGate[i] < 0 && veto[i] < 0 }
}

extension Plan {
    /// Scores every row of `table` into `out` (which must have been made for this plan and size).
    public func score(_ table: FeatureTable, into out: inout ScoreColumns) {
        score(table, rows: 0..<table.count, into: &out)
    }

    /// Scores rows `r` of `table` into the same rows of `out`; other rows are left untouched.
    public func score(_ table: FeatureTable, rows r: Range<Int>, into out: inout ScoreColumns) {
        precondition(out.count == table.count && out.indicator.count == indicators.count && r.upperBound <= table.count)
        for (k, ind) in indicators.enumerated() {
            evaluate(ind, table, &out.indicator[k], r)
            if !ind.when.isEmpty {
                evaluate(ind.when, table, &out.masks, r, level: 0)
                out.masks[0].withUnsafeBufferPointer { m in
                    out.indicator[k].withUnsafeMutableBufferPointer { o in for j in r { o[j] *= Double(m[j]) } }
                }
            }
        }
        for g in groups {
            out.groupRaw[g.index].withUnsafeMutableBufferPointer { raw in
                if g.members.isEmpty { for j in r { raw[j] = 0 } }
                // The first member initialises the subtotal: one pass fewer per group.
                for (k, m) in g.members.enumerated() {
                    let column: [Double]
                    switch m {
                    case .indicator(let i): column = out.indicator[i]
                    case .group(let c): column = out.group[c]
                    }
                    column.withUnsafeBufferPointer { c in
                        if k == 0 {
                            for j in r { raw[j] = c[j] }
                        } else if g.combineMax {
                            for j in r { raw[j] = max(raw[j], c[j]) }
                        } else {
                            for j in r { raw[j] += c[j] }
                        }
                    }
                }
            }
            let cap = g.cap
            out.groupRaw[g.index].withUnsafeBufferPointer { raw in
                out.group[g.index].withUnsafeMutableBufferPointer { capped in
                    for j in r { capped[j] = min(raw[j], cap) }
                }
            }
        }
        out.total.withUnsafeMutableBufferPointer { total in
            for j in r { total[j] = 0 }
            for t in topGroups {
                out.group[t].withUnsafeBufferPointer { g in for j in r { total[j] += g[j] } }
            }
            if let floor { for j in r { total[j] = max(total[j], floor) } }
            // Published scores have at most a few decimals: rounding to 6 makes sums that are
            // equal on paper equal in floating point, so ties are ties.
            // Adding and subtracting 1.5·2^52 rounds to the nearest integer without a libm call
            // (exact for |x| < 2^51; totals × 10^6 are far below that).
            let magic = 6_755_399_441_055_744.0
            for j in r { total[j] = ((total[j] * 1e6 + magic) - magic) / 1e6 }
        }
        for j in r {
            out.failedGate[j] = -1
            out.veto[j] = -1
        }
        for (v, fs) in vetoFeatures.enumerated().reversed() {
            for f in fs {
                table.columns[f].withUnsafeBufferPointer { c in
                    let code = Int32(v)
                    out.veto.withUnsafeMutableBufferPointer { veto in for j in r { veto[j] = c[j] > 0 ? code : veto[j] } }
                }
            }
        }
        out.total.withUnsafeBufferPointer { total in
            out.failedGate.withUnsafeMutableBufferPointer { failed in
                if let threshold {
                    let code = Int32(gates.count)
                    for j in r { failed[j] = total[j] < threshold ? code : failed[j] }
                }
            }
        }
        for (g, preds) in gates.enumerated().reversed() {
            evaluate(preds, table, &out.masks, r, level: 0)
            out.masks[0].withUnsafeBufferPointer { m in
                out.failedGate.withUnsafeMutableBufferPointer { failed in
                    let code = Int32(g)
                    for j in r { failed[j] = m[j] == 0 ? code : failed[j] }
                }
            }
        }
    }

    /// Whether every predicate holds for each row: into `masks[level]` (1 = holds), using the
    /// masks above `level` as scratch for `any`.
    func evaluate(_ preds: [CompiledPredicate], _ table: FeatureTable, _ masks: inout [[UInt8]], _ r: Range<Int>, level: Int) {
        masks[level].withUnsafeMutableBufferPointer { m in for j in r { m[j] = 1 } }
        for p in preds {
            switch p {
            case .compare(let f, let op, let v):
                table.columns[f].withUnsafeBufferPointer { x in
                    masks[level].withUnsafeMutableBufferPointer { m in
                        switch op {
                        case .eq, .exists: for j in r { m[j] &= x[j] == v ? 1 : 0 }
                        case .ne: for j in r { m[j] &= x[j] != v ? 1 : 0 }
                        case .gte: for j in r { m[j] &= x[j] >= v ? 1 : 0 }
                        case .gt: for j in r { m[j] &= x[j] > v ? 1 : 0 }
                        case .lte: for j in r { m[j] &= x[j] <= v ? 1 : 0 }
                        case .lt: for j in r { m[j] &= x[j] < v ? 1 : 0 }
                        case .in: for j in r { m[j] = 0 }
                        }
                    }
                }
            case .member(let f, let codes):
                table.columns[f].withUnsafeBufferPointer { x in
                    masks[level].withUnsafeMutableBufferPointer { m in
                        for j in r where !codes.contains(x[j]) { m[j] = 0 }
                    }
                }
            case .any(let items):
                let anyMask = level + 1, itemMask = level + 2
                masks[anyMask].withUnsafeMutableBufferPointer { a in for j in r { a[j] = 0 } }
                for item in items {
                    evaluate([item], table, &masks, r, level: itemMask)
                    let source = masks[itemMask]
                    source.withUnsafeBufferPointer { s in
                        masks[anyMask].withUnsafeMutableBufferPointer { a in for j in r { a[j] |= s[j] } }
                    }
                }
                let result = masks[anyMask]
                result.withUnsafeBufferPointer { a in
                    masks[level].withUnsafeMutableBufferPointer { m in for j in r { m[j] &= a[j] } }
                }
            }
        }
    }

    /// True if every predicate holds for the single row of `table` (explanations).
    func holds(_ preds: [CompiledPredicate], _ table: FeatureTable) -> Bool {
        var masks = Array(repeating: [UInt8](repeating: 1, count: table.count), count: 1 + 2 * predicateDepth)
        evaluate(preds, table, &masks, 0..<table.count, level: 0)
        return masks[0][0] == 1
    }

    /// One indicator's points for every row: the hot loop of batch scoring.
    func evaluate(_ ind: CompiledIndicator, _ table: FeatureTable, _ out: inout [Double], _ r: Range<Int>) {
        out.withUnsafeMutableBufferPointer { o in
            switch ind.op {
            case .lookup(let f, let t, _):
                table.columns[f].withUnsafeBufferPointer { x in
                    t.withUnsafeBufferPointer { t in
                        let last = t.count - 1
                        for j in r {
                            let c = Int(x[j])
                            o[j] = c >= 0 && c <= last ? t[c] : 0
                        }
                    }
                }
            case .numeric(let f, let kernel, let t):
                table.columns[f].withUnsafeBufferPointer { x in
                    t.withUnsafeBufferPointer { t in
                        let size = Double(t.count)
                        var misses = 0
                        for j in r {
                            // Clamped so the conversion is always defined (NaN clamps to 0 and misses).
                            let v = x[j]
                            let i = Int(v > 0 ? (v < size - 1 ? v : size - 1) : 0)
                            let hit = Double(i) == v
                            o[j] = hit ? t[i] : .nan
                            misses &+= hit ? 0 : 1
                        }
                        if misses > 0 {
                            for j in r where o[j].isNaN { o[j] = kernel.points(x[j]) }
                        }
                    }
                }
            case .rateBy(let f, let cf, let rates, _, let per, let whole):
                table.columns[f].withUnsafeBufferPointer { x in
                    table.columns[cf].withUnsafeBufferPointer { code in
                        for j in r {
                            let c = Int(code[j])
                            let rate = c >= 0 && c < rates.count ? rates[c] : 0
                            let units = whole ? (x[j] / per).rounded(.down) : x[j] / per
                            o[j] = rate * max(0, units)
                        }
                    }
                }
            case .constant(let p):
                for j in r { o[j] = p }
            case .awards(let fs, let points, let caps, let combineMax):
                for j in r { o[j] = 0 }
                for (k, f) in fs.enumerated() {
                    let (p, cap) = (points[k], caps[k])
                    table.columns[f].withUnsafeBufferPointer { c in
                        if combineMax {
                            for j in r { o[j] = max(o[j], c[j] > 0 ? p : 0) }
                        } else {
                            for j in r { o[j] += min(c[j] * p, cap) }
                        }
                    }
                }
            case .deductions(let fs, let points):
                for j in r { o[j] = 0 }
                for (k, f) in fs.enumerated() {
                    let p = points[k]
                    table.columns[f].withUnsafeBufferPointer { c in
                        for j in r { o[j] -= c[j] * p }
                    }
                }
            }
            let cap = ind.cap
            if ind.isDeduction {
                for j in r { o[j] = max(o[j], -cap) }
            } else {
                for j in r { o[j] = min(o[j], cap) }
            }
        }
    }

}

extension Plan.CompiledIndicator {
    var isDeduction: Bool {
        if case .deductions = op { return true }
        return false
    }
}
