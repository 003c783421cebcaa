/// A Morris elementary-effects design: r random one-at-a-time trajectories on a p-level grid
/// (Morris 1991), optionally moving groups of inputs together (Campolongo et al. 2007), laid out
/// as SALib's `morris.sample`.
///
/// Each trajectory starts from a random grid point x* whose coordinates lie in
/// {0, 1/(p−1), …, (p/2 − 1)/(p−1)}, draws a direction ±1 per input and a random order of the
/// g groups, and then moves one group per step by Δ = p/(2(p−1)) (2/3 for p = 4): g + 1 rows per
/// trajectory, r·(g + 1) model runs in all.
public struct MorrisDesign: Sendable {
    /// Number of trajectories r.
    public let trajectories: Int
    /// Grid levels p (even).
    public let levels: Int
    /// Step Δ = p/(2(p−1)) in unit coordinates.
    public let delta: Double
    /// Each input's range; unit coordinates u map to `lower + u·(upper − lower)`.
    public let bounds: [ClosedRange<Double>]
    /// Group number of each input, 0..<groupCount (each input its own group when not grouped).
    public let groups: [Int]
    /// Number of groups g.
    public let groupCount: Int
    /// The design in unit coordinates, row-major, ``rowCount`` × ``inputCount``.
    public let unit: [Double]
    /// The design scaled to ``bounds``, row-major, ``rowCount`` × ``inputCount``.
    public let matrix: [Double]
    /// For each trajectory and step (r·g entries), the group moved.
    let movedGroup: [Int]
    /// For each trajectory and step, +1 if the move went up, −1 if down (single-input groups).
    let stepSign: [Double]

    /// Builds the design. `groups`, if given, assigns each input a group number; every number in
    /// 0..<g must be used. Needs r ≥ 2 and an even p ≥ 2.
    public init(
        trajectories: Int, bounds: [ClosedRange<Double>], levels: Int = 4, groups: [Int]? = nil,
        stream: RandomStream
    ) throws(StatisticsError) {
        let k = bounds.count
        guard k >= 1 else { throw .invalidArgument("Morris design needs at least one input") }
        guard trajectories >= 2 else { throw .invalidArgument("Morris design needs at least 2 trajectories") }
        guard levels >= 2, levels % 2 == 0 else { throw .invalidArgument("Morris levels must be even and ≥ 2") }
        let groups = groups ?? Array(0..<k)
        guard groups.count == k else { throw .lengthMismatch(groups.count, k) }
        let g = (groups.max() ?? -1) + 1
        guard groups.allSatisfy({ $0 >= 0 }), Set(groups).count == g else {
            throw .invalidArgument("group numbers must cover 0..<g without gaps")
        }
        let delta = Double(levels) / (2 * Double(levels - 1))
        let rows = g + 1
        var unit = [Double](repeating: 0, count: trajectories * rows * k)
        var movedGroup = [Int](repeating: 0, count: trajectories * g)
        var stepSign = [Double](repeating: 1, count: trajectories * g)
        var start = [Double](repeating: 0, count: k), up = [Bool](repeating: true, count: k)
        var order = Array(0..<g)
        for t in 0..<trajectories {
            for i in 0..<k {
                start[i] = Double(stream.uniformInt(below: levels / 2)) / Double(levels - 1)
                up[i] = stream.bernoulli(0.5)
            }
            for i in stride(from: g - 1, to: 0, by: -1) { order.swapAt(i, stream.uniformInt(below: i + 1)) }
            let first = t * rows * k
            for i in 0..<k { unit[first + i] = start[i] + (up[i] ? 0 : delta) }
            for step in 1...g {
                let group = order[step - 1]
                let row = first + step * k
                for i in 0..<k {
                    let moved = unit[row - k + i]
                    unit[row + i] = groups[i] == group ? (up[i] ? start[i] + delta : start[i]) : moved
                }
                movedGroup[t * g + step - 1] = group
                if let input = groups.firstIndex(of: group) { stepSign[t * g + step - 1] = up[input] ? 1 : -1 }
            }
        }
        self.trajectories = trajectories
        self.levels = levels
        self.delta = delta
        self.bounds = bounds
        self.groups = groups
        self.groupCount = g
        self.unit = unit
        self.matrix = scaled(unit, to: bounds)
        self.movedGroup = movedGroup
        self.stepSign = stepSign
    }

    /// Number of inputs k.
    public var inputCount: Int { bounds.count }
    /// Number of model runs, r·(g + 1).
    public var rowCount: Int { trajectories * (groupCount + 1) }
    /// True when some group holds more than one input; then only `mu_star` is meaningful.
    public var isGrouped: Bool { groupCount < inputCount }
    /// One row of the scaled design: the inputs of one model run.
    public func row(_ r: Int) -> ArraySlice<Double> { matrix[(r * inputCount)..<((r + 1) * inputCount)] }

    /// Morris indices per group (per input when not grouped) from the model outputs, one per
    /// design row in row order.
    ///
    /// The elementary effect of a step is (f(after) − f(before))/Δ, signed by the direction of
    /// the move, with Δ in unit coordinates (as SALib). `mu` is the mean effect, `mu_star` the
    /// mean absolute effect (Campolongo et al. 2007), `sigma` the standard deviation (divisor
    /// r − 1). `mu_star_conf` is z·(bootstrap standard deviation, divisor R − 1) of mu_star over
    /// `resamples` resamplings of the r effects, z = Φ⁻¹(0.5 + confidence/2). In a grouped design
    /// the inputs of a group may move in opposite directions, so an effect has no sign and
    /// `mu` and `sigma` are nil.
    public func analyze(
        outputs: [Double], resamples: Int = 1000, confidence: Double = 0.95, stream: RandomStream
    ) throws(StatisticsError) -> MorrisIndices {
        guard outputs.count == rowCount else { throw .lengthMismatch(outputs.count, rowCount) }
        guard outputs.allSatisfy(\.isFinite) else { throw .invalidArgument("model outputs must be finite") }
        guard resamples >= 2, confidence > 0, confidence < 1 else {
            throw .invalidArgument("need resamples ≥ 2 and confidence in (0, 1)")
        }
        let g = groupCount, r = trajectories
        // effects[group * r + trajectory]
        var effects = [Double](repeating: 0, count: g * r)
        for t in 0..<r {
            for step in 0..<g {
                let before = t * (g + 1) + step
                let group = movedGroup[t * g + step]
                effects[group * r + t] = stepSign[t * g + step] * (outputs[before + 1] - outputs[before]) / delta
            }
        }
        let z = Normal.criticalValue(confidence: confidence)
        var mu = [Double](), muStar = [Double](), sigma = [Double](), muStarConf = [Double]()
        var resampled = [Double](repeating: 0, count: resamples)
        for group in 0..<g {
            let ee = effects[(group * r)..<((group + 1) * r)]
            mu.append(ee.reduce(0, +) / Double(r))
            muStar.append(ee.reduce(0) { $0 + abs($1) } / Double(r))
            sigma.append(sampleSD(ee))
            for b in 0..<resamples {
                var sum = 0.0
                for _ in 0..<r { sum += abs(ee[ee.startIndex + stream.uniformInt(below: r)]) }
                resampled[b] = sum / Double(r)
            }
            muStarConf.append(z * sampleSD(resampled[...]))
        }
        return MorrisIndices(
            mu: isGrouped ? nil : mu, mu_star: muStar, sigma: isGrouped ? nil : sigma, mu_star_conf: muStarConf
        )
    }

    /// Runs `model` on every design row, then ``analyze(outputs:resamples:confidence:stream:)``.
    public func analyze(
        resamples: Int = 1000, confidence: Double = 0.95, stream: RandomStream,
        model: ([Double]) throws -> Double
    ) throws -> MorrisIndices {
        var outputs: [Double] = []
        outputs.reserveCapacity(rowCount)
        for r in 0..<rowCount { outputs.append(try model(Array(row(r)))) }
        return try analyze(outputs: outputs, resamples: resamples, confidence: confidence, stream: stream)
    }
}

/// Morris screening measures per group (per input when not grouped), named as in SALib.
public struct MorrisIndices: Sendable, Codable, Equatable {
    /// Mean elementary effect; nil for grouped designs.
    public let mu: [Double]?
    /// Mean absolute elementary effect: the screening measure of overall influence.
    public let mu_star: [Double]
    /// Standard deviation of the elementary effects (non-linearity or interactions); nil for
    /// grouped designs.
    public let sigma: [Double]?
    /// Half-width of the bootstrap confidence interval of `mu_star`.
    public let mu_star_conf: [Double]
}

/// A one-at-a-time design for tornado charts: the baseline, then each input set to its low and
/// then its high value with all others at baseline: 1 + 2k model runs.
public struct OneAtATimeDesign: Sendable {
    /// Baseline input values.
    public let baseline: [Double]
    /// Low value per input.
    public let low: [Double]
    /// High value per input.
    public let high: [Double]

    /// Needs equal-length `baseline`, `low` and `high`.
    public init(baseline: [Double], low: [Double], high: [Double]) throws(StatisticsError) {
        guard low.count == baseline.count else { throw .lengthMismatch(low.count, baseline.count) }
        guard high.count == baseline.count else { throw .lengthMismatch(high.count, baseline.count) }
        self.baseline = baseline
        self.low = low
        self.high = high
    }

    /// Number of model runs, 1 + 2k.
    public var rowCount: Int { 1 + 2 * baseline.count }

    /// Row 0 is the baseline; row 1 + 2i sets input i low, row 2 + 2i sets it high.
    public func row(_ r: Int) -> [Double] {
        var values = baseline
        if r > 0 {
            let input = (r - 1) / 2
            values[input] = (r - 1) % 2 == 0 ? low[input] : high[input]
        }
        return values
    }

    /// Tornado bars from the outputs (one per row, in row order), widest swing first; equal
    /// swings keep input order so the chart is deterministic.
    public func analyze(outputs: [Double]) throws(StatisticsError) -> [TornadoBar] {
        guard outputs.count == rowCount else { throw .lengthMismatch(outputs.count, rowCount) }
        let bars = baseline.indices.map { i in
            TornadoBar(input: i, baseline: outputs[0], low: outputs[1 + 2 * i], high: outputs[2 + 2 * i])
        }
        return bars.enumerated().sorted {
            $0.element.swing != $1.element.swing ? $0.element.swing > $1.element.swing : $0.offset < $1.offset
        }.map(\.element)
    }
}

/// One input's bar in a tornado chart.
public struct TornadoBar: Sendable, Codable, Equatable {
    /// Input index in the design.
    public let input: Int
    /// Output at the baseline.
    public let baseline: Double
    /// Output with the input at its low value.
    public let low: Double
    /// Output with the input at its high value.
    public let high: Double
    /// |high − low|.
    public var swing: Double { abs(high - low) }
}
