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
    ///
    /// Group by group (children first): each indicator's loop also adds its points to the
    /// group's subtotal, so no indicator column is read back; totals, the floor and rounding
    /// take one pass.
    public func score(_ table: FeatureTable, rows r: Range<Int>, into out: inout ScoreColumns) {
        precondition(out.count == table.count && out.indicator.count == indicators.count && r.upperBound <= table.count)
        for g in groups {
            out.groupRaw[g.index].withUnsafeMutableBufferPointer { raw in
                if g.members.isEmpty { for j in r { raw[j] = 0 } }
                for (k, m) in g.members.enumerated() {
                    // The first member sets the subtotal.
                    let combine: Combination = k == 0 ? .set : g.combineMax ? .max : .add
                    switch m {
                    case .indicator(let i):
                        let ind = indicators[i]
                        if ind.when.isEmpty {
                            out.indicator[i].withUnsafeMutableBufferPointer { o in
                                evaluate(ind, table, o, raw, combine, r, mask: nil)
                            }
                        } else {
                            evaluate(ind.when, table, &out.masks, r, level: 0)
                            out.masks[0].withUnsafeBufferPointer { mask in
                                out.indicator[i].withUnsafeMutableBufferPointer { o in
                                    evaluate(ind, table, o, raw, combine, r, mask: mask)
                                }
                            }
                        }
                    case .group(let c):
                        out.group[c].withUnsafeBufferPointer { c in
                            switch combine {
                            case .set: for j in r { raw[j] = c[j] }
                            case .add: for j in r { raw[j] += c[j] }
                            case .max: for j in r { raw[j] = max(raw[j], c[j]) }
                            }
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
            // max(x, −∞) is x for every x, NaN included: no separate loop without a floor.
            let floor = floor ?? -.infinity
            // Published scores have at most a few decimals: rounding to 6 makes sums that are
            // equal on paper equal in floating point, so ties are ties.
            // Adding and subtracting 1.5·2^52 rounds to the nearest integer without a libm call
            // (exact for |x| < 2^51; totals × 10^6 are far below that).
            let magic = 6_755_399_441_055_744.0
            func finished(_ sum: Double) -> Double { ((max(sum, floor) * 1e6 + magic) - magic) / 1e6 }
            // Sums start from 0, not from the first group: 0 + (−0) is +0.
            if topGroups.isEmpty { for j in r { total[j] = finished(0) } }
            for (k, t) in topGroups.enumerated() {
                out.group[t].withUnsafeBufferPointer { g in
                    switch (k == 0, k == topGroups.count - 1) {
                    case (true, true): for j in r { total[j] = finished(0 + g[j]) }
                    case (true, false): for j in r { total[j] = 0 + g[j] }
                    case (false, false): for j in r { total[j] += g[j] }
                    case (false, true): for j in r { total[j] = finished(total[j] + g[j]) }
                    }
                }
            }
        }
        out.veto.withUnsafeMutableBufferPointer { veto in
            for j in r { veto[j] = -1 }
            // The last veto first, so that the first one that applies is kept.
            for v in vetoFeatures.indices.reversed() {
                let code = Int32(v)
                for f in vetoFeatures[v] {
                    table.columns[f].withUnsafeBufferPointer { c in for j in r { veto[j] = c[j] > 0 ? code : veto[j] } }
                }
            }
        }
        out.failedGate.withUnsafeMutableBufferPointer { failed in
            if let threshold {
                let code = Int32(gates.count)
                out.total.withUnsafeBufferPointer { total in
                    for j in r { failed[j] = total[j] < threshold ? code : -1 }
                }
            } else {
                for j in r { failed[j] = -1 }
            }
        }
        for g in gates.indices.reversed() {
            evaluate(gates[g], table, &out.masks, r, level: 0)
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
        for p in preds { apply(p, table, &masks, r, level: level) }
    }

    /// Clears `masks[level]` where `p` fails.
    private func apply(_ p: CompiledPredicate, _ table: FeatureTable, _ masks: inout [[UInt8]], _ r: Range<Int>, level: Int) {
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
                masks[itemMask].withUnsafeMutableBufferPointer { s in for j in r { s[j] = 1 } }
                apply(item, table, &masks, r, level: itemMask)
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

    /// True if every predicate holds for the single row of `table` (explanations).
    func holds(_ preds: [CompiledPredicate], _ table: FeatureTable) -> Bool {
        var masks = Array(repeating: [UInt8](repeating: 1, count: table.count), count: 1 + 2 * predicateDepth)
        evaluate(preds, table, &masks, 0..<table.count, level: 0)
        return masks[0][0] == 1
    }

    /// How a member's points enter its group's subtotal.
    enum Combination {
        /// The first member: the subtotal is its points.
        case set
        case add
        /// Groups that count only their best member.
        case max
    }

    /// One indicator's points for rows `r` into `o`, after its cap (a deduction's floor) and,
    /// where `mask` is given, zeroed where its `when` fails; combined into the group subtotal
    /// `sub` in the same loop. The hot loop of batch scoring.
    func evaluate(_ ind: CompiledIndicator, _ table: FeatureTable, _ o: UnsafeMutableBufferPointer<Double>,
                  _ sub: UnsafeMutableBufferPointer<Double>, _ combine: Combination, _ r: Range<Int>, mask: UnsafeBufferPointer<UInt8>?) {
        let cap = ind.cap
        let rows = Rows(column: o, subtotal: sub, combine: combine, range: r, cap: cap, mask: mask)
        switch ind.op {
        case .lookup(let f, let t, _):
            // Codes are whole numbers; anything else takes the general formula (which traps on
            // NaN, as it always has).
            rows.lookUp(table.columns[f], t) { v in
                let c = Int(v)
                return c >= 0 && c < t.count ? t[c] : 0
            }
        case .numeric(let f, let kernel, let t):
            rows.lookUp(table.columns[f], t) { v in kernel.points(v) }
        case .rateBy(let f, let cf, let rates, _, let per, let whole):
            table.columns[f].withUnsafeBufferPointer { x in
                table.columns[cf].withUnsafeBufferPointer { code in
                    rates.withUnsafeBufferPointer { rates in
                        let count = rates.count
                        func rate(_ j: Int) -> Double {
                            let c = Int(code[j])
                            return c >= 0 && c < count ? rates[c] : 0
                        }
                        if whole {
                            rows.fill { j in rate(j) * max(0, Self.roundedDown(x[j] / per)) }
                        } else {
                            rows.fill { j in rate(j) * max(0, x[j] / per) }
                        }
                    }
                }
            }
        case .constant(let p):
            rows.fill { _ in p }
        case .awards(let fs, let points, let caps, let combineMax):
            // Summed in `o` first, one pass per award rule, then finished like any indicator.
            for j in r { o[j] = 0 }
            for (k, f) in fs.enumerated() {
                let (p, awardCap) = (points[k], caps[k])
                table.columns[f].withUnsafeBufferPointer { c in
                    if combineMax {
                        for j in r { o[j] = max(o[j], c[j] > 0 ? p : 0) }
                    } else {
                        for j in r { o[j] += min(c[j] * p, awardCap) }
                    }
                }
            }
            rows.fill { j in o[j] }
        case .deductions(let fs, let points):
            for j in r { o[j] = 0 }
            for (k, f) in fs.enumerated() {
                let p = points[k]
                table.columns[f].withUnsafeBufferPointer { c in
                    for j in r { o[j] -= c[j] * p }
                }
            }
            // A deduction's cap bounds it from below; min(x, +∞) is x, NaN included.
            var floored = rows
            floored.cap = .infinity
            floored.fill { j in max(o[j], -cap) }
        }
    }

    /// The rows of one indicator being scored: its column, its group's subtotal, its cap and
    /// its `when` mask.
    struct Rows {
        var column: UnsafeMutableBufferPointer<Double>
        var subtotal: UnsafeMutableBufferPointer<Double>
        var combine: Combination
        var range: Range<Int>
        var cap: Double
        var mask: UnsafeBufferPointer<UInt8>?

        /// Writes `min(points(j), cap)`, times the mask where there is one, into the column and
        /// combines it into the subtotal: one loop, with every choice made outside it.
        @inline(__always)
        func fill(_ points: (Int) -> Double) {
            let (o, sub, r, cap) = (column, subtotal, range, cap)
            func each(_ value: (Int) -> Double) {
                switch combine {
                case .set: for j in r { let v = value(j); o[j] = v; sub[j] = v }
                case .add: for j in r { let v = value(j); o[j] = v; sub[j] += v }
                case .max: for j in r { let v = value(j); o[j] = v; sub[j] = max(sub[j], v) }
                }
            }
            if let m = mask {
                each { j in min(points(j), cap) * Double(m[j]) }
            } else {
                each { j in min(points(j), cap) }
            }
        }

        /// Fills with `table[x]` for whole `x` within the table, else `formula(x)`, for each
        /// row's `x` in `column`.
        @inline(__always)
        func lookUp(_ column: [Double], _ table: [Double], formula: (Double) -> Double) {
            column.withUnsafeBufferPointer { x in
                table.withUnsafeBufferPointer { t in
                    let top = Double(t.count - 1)
                    fill { j in
                        let (i, hit) = Plan.tableIndex(x[j], top: top)
                        return hit ? t[i] : formula(x[j])
                    }
                }
            }
        }
    }

    /// The table slot of `v` and whether `v` is exactly that slot's number (a whole number in
    /// 0...top), without the checked conversion to `Int`; a miss still gives a valid slot.
    @inline(__always)
    static func tableIndex(_ v: Double, top: Double) -> (Int, hit: Bool) {
        // Clamped into the table, NaN to 0.
        let c = v > 0 ? (v < top ? v : top) : 0
        // Adding 2^52 rounds to a whole number and leaves it in the low 52 bits of the significand.
        let w = c + 0x1p52
        return (Int(truncatingIfNeeded: w.bitPattern & (1 << 52 - 1)), w - 0x1p52 == v)
    }

    /// `q.rounded(.down)` without the libm call it compiles to on baseline x86-64 (no SSE4.1),
    /// bit for bit, the sign of zero included.
    @inline(__always)
    static func roundedDown(_ q: Double) -> Double {
        // From 2^52 on every double is whole; NaN and the infinities fail the test and pass through.
        guard abs(q) < 0x1p52 else { return q }
        let t = Double(Int64(q))
        if t > q { return t - 1 }
        // Truncation gives +0 for −0 and (−1, 0) is handled above: q × 0 restores floor(−0) = −0.
        return t == 0 ? q * 0 : t
    }
}
