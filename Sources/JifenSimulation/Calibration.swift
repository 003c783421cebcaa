import Foundation
import JifenPolicy
import JifenStatistics

/// Published figures of one admission round, the targets of a calibration.
public struct CalibrationTargets: Sendable, Equatable {
    /// Places filled (the quota), if published.
    public var admitted: Int?
    /// Admitted ÷ applicants in percent, if published (sets the quota from the pool size).
    public var passRate: Double?
    /// Score targets by name: cutoff, q25, median, q75, max.
    public var scores: [(name: String, value: Double)]

    public init(admitted: Int? = nil, passRate: Double? = nil, scores: [(name: String, value: Double)]) {
        self.admitted = admitted
        self.passRate = passRate
        self.scores = scores
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.admitted == b.admitted && a.passRate == b.passRate && a.scores.map(\.name) == b.scores.map(\.name)
            && a.scores.map(\.value) == b.scores.map(\.value)
    }

    static let scoreMeasures = ["cutoff", "q25", "median", "q75", "max"]

    /// Reads the rows of a history CSV (`city,period,batch,measure,value,…`) for one city,
    /// period and batch (empty batch matches rows without one).
    public static func read(csv text: String, file: String, city: String, period: String, batch: String) throws -> CalibrationTargets {
        let rows = try CSV.parse(text, file: file)
        guard let header = rows.first?.fields else { throw InputError(file: file, "the file is empty") }
        func column(_ name: String) throws -> Int {
            guard let i = header.firstIndex(of: name) else { throw InputError(file: file, line: 1, "no `\(name)` column") }
            return i
        }
        let (c, p, b, m, v) = (try column("city"), try column("period"), try column("batch"), try column("measure"), try column("value"))
        var t = CalibrationTargets(scores: [])
        for row in rows.dropFirst() where row.fields.count == header.count {
            let f = row.fields
            guard f[c] == city, f[p] == period, f[b] == batch else { continue }
            guard let value = Double(f[v]) else { throw InputError(file: file, line: row.line, key: "value", "expected a number, found '\(f[v])'") }
            switch f[m] {
            case "admitted": t.admitted = Int(value)
            case "pass_rate": t.passRate = value
            case let name where scoreMeasures.contains(name):
                // Conflicting sources give two rows: the first is kept.
                if !t.scores.contains(where: { $0.name == name }) { t.scores.append((name, value)) }
            default: break
            }
        }
        guard !t.scores.isEmpty, t.admitted != nil || t.passRate != nil else {
            throw InputError(file: file, "no admitted count (or pass rate) and score figures for \(city) \(period) batch '\(batch)'")
        }
        return t
    }
}

/// Target against simulated value.
public struct CalibrationRow: Sendable, Equatable {
    public var name: String
    public var target: Double
    public var simulated: Double?
}

/// The outcome of a calibration.
public struct CalibrationFit: Sendable {
    /// The fitted model (free parameters set to their best values).
    public var model: PoolModel
    public var parameters: [(name: String, value: Double)]
    public var rows: [CalibrationRow]
    /// Root mean square of the relative differences (simulated − target) / target.
    public var distance: Double
    public var evaluations: Int
}

/// Fits a pool model's `free:` parameters to published figures by a deterministic search (scan,
/// simplex, compass) on a fixed seed: every evaluation draws the same replicate streams (common
/// random numbers), so the distance is a deterministic function of the parameters.
public struct Calibration: Sendable {
    public var edition: Edition
    public var targets: CalibrationTargets
    public var replicates: Int
    public var seed: UInt64
    public var threads: Int

    public init(edition: Edition, targets: CalibrationTargets, replicates: Int = 8, seed: UInt64 = 1, threads: Int = 1) {
        self.edition = edition
        self.targets = targets
        self.replicates = replicates
        self.seed = seed
        self.threads = threads
    }

    /// Median over replicates of each target statistic, and the distance.
    public func evaluate(_ model: PoolModel) throws -> ([CalibrationRow], Double) {
        let pool = model.pool ?? 0
        let quota = targets.admitted ?? Int((Double(pool) * (targets.passRate ?? 0) / 100).rounded())
        let sim = try Simulation(model: model, edition: edition)
        let settings = SimulationSettings(pool: pool, quota: min(max(quota, 1), max(pool, 1)), replicates: replicates, seed: seed, threads: threads)
        let result = try sim.run(settings)
        var rows: [CalibrationRow] = []
        var sum = 0.0
        for (name, target) in targets.scores {
            let sim = result.summary(MeasureNoise.statistic(name))?.median
            rows.append(CalibrationRow(name: name, target: target, simulated: sim))
            let rel = sim.map { ($0 - target) / target } ?? 1
            sum += rel * rel
        }
        if quota > pool { sum += 1 }
        return (rows, (sum / Double(max(rows.count, 1))).squareRoot())
    }

    /// A coarse scan of each free parameter in turn over `scanPoints` values of its range (the
    /// best value kept), then a Nelder–Mead simplex on the parameters scaled to [0, 1] (restarted
    /// once), then a compass search with per-parameter steps: each free parameter in turn is tried
    /// a step up and a step down (clamped to its bounds); the better move is kept if it lowers the distance,
    /// and repeated with a doubled step while it keeps helping (a line search along that
    /// coordinate). A parameter whose moves both fail has its step halved. Steps start at a
    /// quarter of the range; the search stops after `rounds` sweeps or when every step is below
    /// 1/1024 of its range. After each sweep that moved, the sweep's net change is tried once more
    /// (a pattern move). Deterministic: the same model, targets and seed give the same fit.
    public func fit(_ start: PoolModel, rounds: Int = 12, scanPoints: Int = 7) throws -> CalibrationFit {
        let free = start.free
        var model = start
        var (rows, best) = try evaluate(model)
        var evaluations = 1
        var steps = free.map { ($0.upper - $0.lower) / 4 }
        func trial(_ i: Int, _ value: Double) throws -> (PoolModel, [CalibrationRow], Double)? {
            let p = free[i]
            let clamped = min(max(value, p.lower), p.upper)
            guard clamped != (try model.value(of: p)), model.outsideSupport([(p.name, clamped)]) == nil else { return nil }
            let m = try model.setting(p.name, to: clamped)
            let (r, d) = try evaluate(m)
            evaluations += 1
            return (m, r, d)
        }
        // A coarse scan first, one parameter at a time, so that the local search starts in the
        // right basin: a small pool and a large one can fit the quartiles almost equally well
        // with the cutoff pinned at the entry threshold in one and free in the other.
        // Repeated while it helps (at most 3 passes): a parameter scanned early is scanned again
        // once the others have moved.
        for _ in 0..<3 {
            let before = best
            for i in free.indices {
                for value in Self.grid(free[i], points: scanPoints) {
                    if let t = try trial(i, value), t.2 < best { (model, rows, best) = t }
                }
            }
            if best == before { break }
        }
        // Nelder–Mead on the parameters scaled to [0, 1], restarted once from its best point: it
        // follows ridges where the pool size and a score scale trade off, which coordinate moves
        // cannot leave. Points outside the bounds are clamped.
        func objective(_ unit: [Double]) throws -> Double {
            let values = free.indices.map { i in
                (free[i].name, free[i].lower + min(max(unit[i], 0), 1) * (free[i].upper - free[i].lower))
            }
            guard model.outsideSupport(values) == nil else { return .infinity }
            let m = try model.setting(values)
            let (r, d) = try evaluate(m)
            evaluations += 1
            if d < best { (model, rows, best) = (m, r, d) }
            return d
        }
        for _ in 0..<2 where !free.isEmpty {
            let unit = try free.map { (try model.value(of: $0) - $0.lower) / ($0.upper - $0.lower) }
            try Self.nelderMead(from: unit, step: 0.15, iterations: 40 * free.count, objective)
        }
        for _ in 0..<rounds {
            let sweepStart = try free.map { try model.value(of: $0) }
            for i in free.indices {
                let current = try model.value(of: free[i])
                let moves = try [trial(i, current + steps[i]), trial(i, current - steps[i])].compactMap { $0 }
                guard let move = moves.min(by: { $0.2 < $1.2 }), move.2 < best else {
                    steps[i] /= 2
                    continue
                }
                let direction: Double = try model.value(of: free[i]) < move.0.value(of: free[i]) ? 1 : -1
                (model, rows, best) = move
                var step = steps[i]
                while true {
                    step *= 2
                    guard let next = try trial(i, try model.value(of: free[i]) + direction * step), next.2 < best else { break }
                    (model, rows, best) = next
                }
            }
            // Pattern move (Hooke–Jeeves): repeat the sweep's net change once more, which walks
            // along a diagonal valley that single-coordinate moves only zigzag down.
            let sweepEnd = try free.map { try model.value(of: $0) }
            if sweepEnd != sweepStart {
                let targets = free.indices.map { i in
                    (free[i].name, min(max(2 * sweepEnd[i] - sweepStart[i], free[i].lower), free[i].upper))
                }
                if model.outsideSupport(targets) == nil {
                    let candidate = try model.setting(targets)
                    let (r, d) = try evaluate(candidate)
                    evaluations += 1
                    if d < best { (model, rows, best) = (candidate, r, d) }
                }
            }
            if free.indices.allSatisfy({ steps[$0] < (free[$0].upper - free[$0].lower) / 1024 }) { break }
        }
        return CalibrationFit(model: model, parameters: try free.map { ($0.name, try model.value(of: $0)) }, rows: rows,
                              distance: best, evaluations: evaluations)
    }

    /// Minimises `f` by the Nelder–Mead simplex (reflection 1, expansion 2, contraction and
    /// shrink ½), from a simplex of `start` and `start` moved by `step` along each axis.
    static func nelderMead(from start: [Double], step: Double, iterations: Int, _ f: ([Double]) throws -> Double) throws {
        let n = start.count
        var points = [start] + (0..<n).map { i in
            var p = start
            p[i] += p[i] + step <= 1 ? step : -step
            return p
        }
        var values = try points.map(f)
        for _ in 0..<iterations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            (points, values) = (order.map { points[$0] }, order.map { values[$0] })
            if values[n] - values[0] < 1e-9 { break }
            let centroid = (0..<n).map { k in points[0..<n].reduce(0) { $0 + $1[k] } / Double(n) }
            func toward(_ t: Double) -> [Double] { (0..<n).map { centroid[$0] + t * (points[n][$0] - centroid[$0]) } }
            let reflected = toward(-1), fr = try f(reflected)
            if fr < values[0] {
                let expanded = toward(-2), fe = try f(expanded)
                (points[n], values[n]) = fe < fr ? (expanded, fe) : (reflected, fr)
            } else if fr < values[n - 1] {
                (points[n], values[n]) = (reflected, fr)
            } else {
                let contracted = fr < values[n] ? toward(-0.5) : toward(0.5), fc = try f(contracted)
                if fc < min(fr, values[n]) {
                    (points[n], values[n]) = (contracted, fc)
                } else {
                    for j in 1...n {
                        points[j] = (0..<n).map { points[0][$0] + 0.5 * (points[j][$0] - points[0][$0]) }
                        values[j] = try f(points[j])
                    }
                }
            }
        }
    }

    /// `points` values spread over a parameter's range: geometrically when the range spans a
    /// factor of 4 or more above zero (pool sizes, medians), else evenly.
    static func grid(_ p: FreeParameter, points: Int) -> [Double] {
        guard points >= 2 else { return [] }
        let geometric = p.lower > 0 && p.upper / p.lower >= 4
        return (0..<points).map { k in
            let t = Double(k) / Double(points - 1)
            return geometric ? p.lower * Foundation.pow(p.upper / p.lower, t) : p.lower + t * (p.upper - p.lower)
        }
    }
}
