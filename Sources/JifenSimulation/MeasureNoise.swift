import JifenStatistics

/// A published score figure and how much it varies from one admission round to the next when the
/// pool model is right: the standard deviation of the measure across pools drawn from the model.
///
/// The published figure is one round, so it is one draw of the measure: the cutoff and the
/// quartiles of thousands of admitted scores barely move between pools (under a point), the
/// maximum is one applicant's score and moves by tens of points. Distances divide by this sd, so
/// a noisy measure counts for little.
public struct MeasureNoise: Sendable, Equatable {
    /// cutoff, q25, median, q75 or max.
    public var name: String
    public var target: Double
    /// Standard deviation across pools (at least ``floor``).
    public var sd: Double

    public init(name: String, target: Double, sd: Double) {
        self.name = name
        self.target = target
        self.sd = sd
    }

    /// The smallest sd used: half a point. Scores move in steps of a quarter or a sixth of a point
    /// and the published quartiles are rounded, so a closer match carries no information.
    public static let floor = 0.5

    /// The statistic of one replicate that this measure publishes.
    static func statistic(_ name: String) -> (ReplicateOutcome) -> Double? {
        switch name {
        case "cutoff": { $0.cutoff }
        case "q25": { $0.admittedQ25 }
        case "median": { $0.admittedMedian }
        case "q75": { $0.admittedQ75 }
        default: { $0.admittedMax }
        }
    }

    /// Each target's sd across the pools of `result` (a pilot run of the model as given); a
    /// measure that no pool produced gets 5 % of its target.
    static func estimate(_ targets: CalibrationTargets, from result: SimulationResult) -> [MeasureNoise] {
        targets.scores.map { name, target in
            let values = result.outcomes.compactMap(statistic(name))
            let sd = (try? ReplicateSummary(values))?.sd ?? 0.05 * abs(target)
            return MeasureNoise(name: name, target: target, sd: Swift.max(sd, floor))
        }
    }

    /// Root mean square of (simulated median − target) / sd over the measures; nil when the run
    /// cannot be compared (a measure missing, or fewer admitted than the published count).
    static func distance(_ noise: [MeasureNoise], _ result: SimulationResult) -> (distance: Double, simulated: [Double])? {
        guard let admitted = result.summary({ Double($0.admitted) })?.median,
              admitted >= Double(result.settings.quota) else { return nil }
        var sum = 0.0
        var simulated: [Double] = []
        for m in noise {
            guard let value = result.summary(statistic(m.name))?.median else { return nil }
            simulated.append(value)
            let z = (value - m.target) / m.sd
            sum += z * z
        }
        return ((sum / Double(Swift.max(noise.count, 1))).squareRoot(), simulated)
    }
}
