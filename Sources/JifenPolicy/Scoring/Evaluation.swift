/// Feature values of many applicants, one column per compiled feature.
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

    public init(compiled: CompiledEdition, count: Int) {
        self.count = count
        indicator = Array(repeating: [Double](repeating: 0, count: count), count: compiled.indicators.count)
        groupRaw = Array(repeating: [Double](repeating: 0, count: count), count: compiled.edition.groups.count)
        group = groupRaw
        total = [Double](repeating: 0, count: count)
        failedGate = [Int32](repeating: -1, count: count)
        veto = [Int32](repeating: -1, count: count)
        masks = Array(repeating: [UInt8](repeating: 1, count: count), count: 1 + 2 * compiled.predicateDepth)
    }

    /// True if applicant `i` passes every gate and is not vetoed: both codes are negative, which
    /// is when their bitwise and is (one test, no branch on what is close to a coin toss).
    @inlinable public func isEligible(_ i: Int) -> Bool { failedGate[i] & veto[i] < 0 }
}

extension CompiledEdition {
    /// Scores every row of `table` into `out` (which must have been made for this compiled edition and size).
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
            // The capped column is held aside while it is written, so that the children's
            // columns in `out.group` can be read meanwhile.
            var held: [Double] = []
            swap(&held, &out.group[g.index])
            held.withUnsafeMutableBufferPointer { capped in
                out.groupRaw[g.index].withUnsafeMutableBufferPointer { raw in
                    let cap = g.cap
                    if g.members.isEmpty {
                        for j in r { raw[j] = 0; capped[j] = min(0, cap) }
                    }
                    for (k, m) in g.members.enumerated() {
                        // The first member sets the subtotal; the last one also caps it.
                        let sub = Subtotal(raw: raw, combine: k == 0 ? .set : g.combineMax ? .max : .add,
                                           capped: k == g.members.count - 1 ? capped : nil, cap: cap)
                        switch m {
                        case .indicator(let i):
                            let ind = indicators[i]
                            if ind.when.isEmpty {
                                out.indicator[i].withUnsafeMutableBufferPointer { o in
                                    ind.step.score(table, Rows(column: o, subtotal: sub, range: r, cap: ind.cap, mask: nil,
                                                               quantum: ind.rounded ? quantum : nil))
                                }
                            } else {
                                evaluate(ind.when, table, &out.masks, r, level: 0)
                                out.masks[0].withUnsafeBufferPointer { mask in
                                    out.indicator[i].withUnsafeMutableBufferPointer { o in
                                        ind.step.score(table, Rows(column: o, subtotal: sub, range: r, cap: ind.cap, mask: mask,
                                                                   quantum: ind.rounded ? quantum : nil))
                                    }
                                }
                            }
                        case .group(let c):
                            out.group[c].withUnsafeBufferPointer { c in sub.combine(r) { j in c[j] } }
                        }
                    }
                    // A group scored as one item: its subtotal is rounded, then capped.
                    if g.rounded, let q = quantum, !g.members.isEmpty {
                        for j in r {
                            raw[j] = q.apply(raw[j])
                            capped[j] = min(raw[j], cap)
                        }
                    }
                }
            }
            swap(&held, &out.group[g.index])
        }
        out.total.withUnsafeMutableBufferPointer { total in
            out.failedGate.withUnsafeMutableBufferPointer { failed in
                // max(x, −∞) is x for every x, NaN included, and nothing is below −∞: no
                // separate loops without a floor or a threshold.
                let floor = floor ?? -.infinity, threshold = threshold ?? -.infinity
                let belowThreshold = Int32(gates.count)
                // Published scores have at most a few decimals: rounding to 6 makes sums that are
                // equal on paper equal in floating point, so ties are ties.
                // Adding and subtracting 1.5·2^52 rounds to the nearest integer without a libm call
                // (exact for |x| < 2^51; totals × 10^6 are far below that).
                let magic = 6_755_399_441_055_744.0
                func finish(_ j: Int, _ sum: Double) {
                    let t = ((max(sum, floor) * 1e6 + magic) - magic) / 1e6
                    total[j] = t
                    failed[j] = t < threshold ? belowThreshold : -1
                }
                // Sums start from 0, not from the first group: 0 + (−0) is +0.
                if topGroups.isEmpty { for j in r { finish(j, 0) } }
                for (k, t) in topGroups.enumerated() {
                    out.group[t].withUnsafeBufferPointer { g in
                        switch (k == 0, k == topGroups.count - 1) {
                        case (true, true): for j in r { finish(j, 0 + g[j]) }
                        case (true, false): for j in r { total[j] = 0 + g[j] }
                        case (false, false): for j in r { total[j] += g[j] }
                        case (false, true): for j in r { finish(j, total[j] + g[j]) }
                        }
                    }
                }
            }
        }
        out.veto.withUnsafeMutableBufferPointer { veto in
            // The last veto first, so that the first one that applies is kept; the first pass
            // also clears the column.
            var cleared = false
            for v in vetoFeatures.indices.reversed() {
                let code = Int32(v)
                for f in vetoFeatures[v] {
                    table.columns[f].withUnsafeBufferPointer { c in
                        if cleared {
                            for j in r { veto[j] = c[j] > 0 ? code : veto[j] }
                        } else {
                            for j in r { veto[j] = c[j] > 0 ? code : -1 }
                        }
                    }
                    cleared = true
                }
            }
            if !cleared { for j in r { veto[j] = -1 } }
        }
        for g in gates.indices.reversed() {
            let code = Int32(g)
            // A gate of one comparison (the usual kind) needs no mask.
            if gates[g].count == 1, case .compare(let f, let op, let v) = gates[g][0] {
                table.columns[f].withUnsafeBufferPointer { x in
                    out.failedGate.withUnsafeMutableBufferPointer { failed in
                        Self.comparison(op, v) { holds in for j in r { failed[j] = holds(x[j]) ? failed[j] : code } }
                    }
                }
                continue
            }
            evaluate(gates[g], table, &out.masks, r, level: 0)
            out.masks[0].withUnsafeBufferPointer { m in
                out.failedGate.withUnsafeMutableBufferPointer { failed in
                    for j in r { failed[j] = m[j] == 0 ? code : failed[j] }
                }
            }
        }
    }

    /// Calls `body` with the test `x op value`, so that a loop in `body` is compiled for each
    /// operator without a switch inside it.
    @inline(__always)
    static func comparison(_ op: ComparisonOperator, _ value: Double, _ body: ((Double) -> Bool) -> Void) {
        switch op {
        case .eq, .exists: body { $0 == value }
        case .ne: body { $0 != value }
        case .gte: body { $0 >= value }
        case .gt: body { $0 > value }
        case .lte: body { $0 <= value }
        case .lt: body { $0 < value }
        case .in: body { _ in false }
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
                    Self.comparison(op, v) { holds in for j in r { m[j] &= holds(x[j]) ? 1 : 0 } }
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

    /// A group's subtotal as one member is added to it; the last member also writes the
    /// capped subtotal.
    struct Subtotal {
        var raw: UnsafeMutableBufferPointer<Double>
        var combine: Combination
        var capped: UnsafeMutableBufferPointer<Double>?
        var cap: Double

        /// Combines `value(j)` into the subtotal for rows `r`: one loop, every choice made outside it.
        @inline(__always)
        func combine(_ r: Range<Int>, _ value: (Int) -> Double) {
            let raw = raw
            func each(_ store: (Int, Double) -> Void) {
                switch combine {
                case .set: for j in r { let s = value(j); raw[j] = s; store(j, s) }
                case .add: for j in r { let s = raw[j] + value(j); raw[j] = s; store(j, s) }
                case .max: for j in r { let s = max(raw[j], value(j)); raw[j] = s; store(j, s) }
                }
            }
            if let capped {
                let cap = cap
                each { j, s in capped[j] = min(s, cap) }
            } else {
                each { _, _ in }
            }
        }
    }

    /// The rows of one indicator being scored: its column, its group's subtotal, its cap and
    /// its `when` mask.
    struct Rows {
        var column: UnsafeMutableBufferPointer<Double>
        var subtotal: Subtotal
        var range: Range<Int>
        var cap: Double
        var mask: UnsafeBufferPointer<UInt8>?
        /// Rounding of the item's points, when the edition rounds items.
        var quantum: Quantum?

        /// Writes `min(points(j), cap)`, times the mask where there is one and rounded where
        /// items are, into the column and combines it into the subtotal: one loop, with every
        /// choice made outside it.
        @inline(__always)
        func fill(_ points: (Int) -> Double) {
            let (o, cap) = (column, cap)
            if let q = quantum {
                let m = mask
                subtotal.combine(range) { j in
                    let v = q.apply(min(points(j), cap) * (m.map { Double($0[j]) } ?? 1))
                    o[j] = v
                    return v
                }
            } else if let m = mask {
                subtotal.combine(range) { j in
                    let v = min(points(j), cap) * Double(m[j])
                    o[j] = v
                    return v
                }
            } else {
                subtotal.combine(range) { j in
                    let v = min(points(j), cap)
                    o[j] = v
                    return v
                }
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
                        let (i, hit) = CompiledEdition.tableIndex(x[j], top: top)
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
    /// bit for bit, the sign of zero included. Public for the pool generator's loops.
    @inlinable @inline(__always)
    public static func roundedDown(_ q: Double) -> Double {
        // From 2^52 on every double is whole; NaN and the infinities fail the test and pass through.
        guard abs(q) < 0x1p52 else { return q }
        let t = Double(Int64(q))
        if t > q { return t - 1 }
        // Truncation gives +0 for −0 and (−1, 0) is handled above: q × 0 restores floor(−0) = −0.
        return t == 0 ? q * 0 : t
    }
}

extension ScoreColumns {
    /// True when every total and indicator is finite (what `Scorer.requireFinite` checks row by
    /// row), so callers name rows only when some number is not.
    public var allFinite: Bool {
        var sum = 0.0
        // v × 0 is 0 for a finite v and NaN otherwise, and a NaN term keeps the sum NaN.
        for v in total { sum += v * 0 }
        for column in indicator { for v in column { sum += v * 0 } }
        return sum == 0
    }
}
