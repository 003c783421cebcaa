import CGSL

/// A Saltelli design for first-order and total Sobol indices, laid out as SALib's
/// `saltelli.sample(..., calc_second_order=False)`.
///
/// Two N × k matrices A and B come from one 2k-dimensional Sobol sequence (`gsl_qrng_sobol`,
/// A from the first k coordinates, B from the last k), given a Cranley–Patterson rotation: every
/// coordinate d is shifted by one uniform sᵈ from a ``RandomStream`` and wrapped into [0, 1), which
/// keeps the low-discrepancy structure while making the design random and seed-reproducible.
/// For base sample i the design holds k + 2 consecutive rows: Aᵢ, then AB⁽¹⁾ᵢ … AB⁽ᵏ⁾ᵢ
/// (Aᵢ with column j taken from Bᵢ), then Bᵢ: N·(k + 2) model runs in all.
public struct SobolDesign: Sendable {
    /// Number of base samples N.
    public let baseSamples: Int
    /// Each input's range; unit coordinates u map to `lower + u·(upper − lower)`.
    public let bounds: [ClosedRange<Double>]
    /// The Cranley–Patterson shift per Sobol coordinate (2k values in [0, 1)).
    public let shift: [Double]
    /// The design in unit coordinates, row-major, ``rowCount`` × ``inputCount``.
    public let unit: [Double]
    /// The design scaled to ``bounds``, row-major, ``rowCount`` × ``inputCount``.
    public let matrix: [Double]

    /// GSL's Sobol generator supports at most 40 dimensions, i.e. 20 inputs.
    public static let maximumInputs = 20

    /// Builds the design; throws if there are no inputs, more than ``maximumInputs``, or N < 2.
    public init(baseSamples: Int, bounds: [ClosedRange<Double>], stream: RandomStream) throws(StatisticsError) {
        let k = bounds.count
        guard (1...Self.maximumInputs).contains(k) else {
            throw .invalidArgument("Sobol design needs 1...\(Self.maximumInputs) inputs, got \(k)")
        }
        guard baseSamples >= 2 else { throw .invalidArgument("Sobol design needs at least 2 base samples") }
        _ = gslAbortDisabled
        guard let sequence = gsl_qrng_alloc(jifen_qrng_sobol(), UInt32(2 * k)) else {
            throw .invalidArgument("gsl_qrng_alloc failed for dimension \(2 * k)")
        }
        defer { gsl_qrng_free(sequence) }
        let shift = (0..<(2 * k)).map { _ in stream.uniform() }
        let width = k + 2
        var unit = [Double](repeating: 0, count: baseSamples * width * k)
        var point = [Double](repeating: 0, count: 2 * k)
        for i in 0..<baseSamples {
            _ = gsl_qrng_get(sequence, &point)
            for d in 0..<(2 * k) {
                let shifted = point[d] + shift[d]
                point[d] = shifted >= 1 ? shifted - 1 : shifted
            }
            let block = i * width * k
            for j in 0..<k {
                let a = point[j], b = point[k + j]
                unit[block + j] = a                       // row A
                unit[block + (width - 1) * k + j] = b     // row B
                for m in 0..<k {                          // rows AB⁽ᵐ⁾
                    unit[block + (1 + m) * k + j] = j == m ? b : a
                }
            }
        }
        self.baseSamples = baseSamples
        self.bounds = bounds
        self.shift = shift
        self.unit = unit
        self.matrix = scaled(unit, to: bounds)
    }

    /// Number of inputs k.
    public var inputCount: Int { bounds.count }
    /// Number of model runs, N·(k + 2).
    public var rowCount: Int { baseSamples * (inputCount + 2) }
    /// One row of the scaled design: the inputs of one model run.
    public func row(_ r: Int) -> ArraySlice<Double> { matrix[(r * inputCount)..<((r + 1) * inputCount)] }

    /// Sobol indices from the model outputs, one per design row in row order.
    ///
    /// S1 is Saltelli et al. (2010)'s estimator, mean(f(B)·(f(AB⁽ʲ⁾) − f(A))) / V, and ST is
    /// Jansen's, ½·mean((f(A) − f(AB⁽ʲ⁾))²) / V, with V the variance (divisor 2N) of the pooled
    /// f(A) and f(B); f is first centred on the mean of all outputs, as in SALib. `S1_conf` and `ST_conf` are z·(bootstrap standard deviation, divisor R − 1)
    /// over `resamples` resamplings of the N base samples with replacement, drawn from `stream`;
    /// z = Φ⁻¹(0.5 + confidence/2), 1.96 at 95% (SALib's convention).
    public func analyze(
        outputs: [Double], resamples: Int = 100, confidence: Double = 0.95, stream: RandomStream
    ) throws(StatisticsError) -> SobolIndices {
        guard outputs.count == rowCount else { throw .lengthMismatch(outputs.count, rowCount) }
        guard outputs.allSatisfy(\.isFinite) else { throw .invalidArgument("model outputs must be finite") }
        guard resamples >= 2, confidence > 0, confidence < 1 else {
            throw .invalidArgument("need resamples ≥ 2 and confidence in (0, 1)")
        }
        let n = baseSamples, k = inputCount
        // Centring (as SALib does) leaves the indices' definitions unchanged but stops a large
        // output mean, such as a cutoff score near 100, from inflating the error of S1.
        let center = outputs.reduce(0, +) / Double(outputs.count)
        let outputs = outputs.map { $0 - center }
        var s1 = [Double](repeating: 0, count: k), st = s1
        guard estimate(outputs, sample: { $0 }, count: n, s1: &s1, st: &st) else {
            throw .invalidArgument("model output has zero variance; Sobol indices are undefined")
        }
        var drawn = [Int](repeating: 0, count: n)
        var s1Draws = [Double](repeating: 0, count: k * resamples), stDraws = s1Draws
        var s1b = [Double](repeating: 0, count: k), stb = s1b
        for b in 0..<resamples {
            for i in 0..<n { drawn[i] = stream.uniformInt(below: n) }
            if !estimate(outputs, sample: { drawn[$0] }, count: n, s1: &s1b, st: &stb) {
                // A resample of identical outputs has no variance; it carries no information.
                s1b = s1; stb = st
            }
            for j in 0..<k {
                s1Draws[j * resamples + b] = s1b[j]
                stDraws[j * resamples + b] = stb[j]
            }
        }
        let z = Normal.criticalValue(confidence: confidence)
        let s1Conf = (0..<k).map { z * sampleSD(s1Draws[($0 * resamples)..<(($0 + 1) * resamples)]) }
        let stConf = (0..<k).map { z * sampleSD(stDraws[($0 * resamples)..<(($0 + 1) * resamples)]) }
        return SobolIndices(S1: s1, S1_conf: s1Conf, ST: st, ST_conf: stConf)
    }

    /// Runs `model` on every design row, then ``analyze(outputs:resamples:confidence:stream:)``.
    public func analyze(
        resamples: Int = 100, confidence: Double = 0.95, stream: RandomStream,
        model: ([Double]) throws -> Double
    ) throws -> SobolIndices {
        var outputs: [Double] = []
        outputs.reserveCapacity(rowCount)
        for r in 0..<rowCount { outputs.append(try model(Array(row(r)))) }
        return try analyze(outputs: outputs, resamples: resamples, confidence: confidence, stream: stream)
    }

    /// Writes S1 and ST estimated on base samples `sample(0)…sample(count − 1)`; false if the
    /// pooled variance is zero.
    private func estimate(
        _ y: [Double], sample: (Int) -> Int, count: Int, s1: inout [Double], st: inout [Double]
    ) -> Bool {
        let k = inputCount, width = k + 2
        var sum = 0.0
        for i in 0..<count {
            let block = sample(i) * width
            sum += y[block] + y[block + width - 1]
        }
        let mean = sum / Double(2 * count)
        var squares = 0.0
        for i in 0..<count {
            let block = sample(i) * width
            let a = y[block] - mean, b = y[block + width - 1] - mean
            squares += a * a + b * b
        }
        let variance = squares / Double(2 * count)
        guard variance > 0 else { return false }
        for j in 0..<k {
            var first = 0.0, total = 0.0
            for i in 0..<count {
                let block = sample(i) * width
                let fA = y[block], fB = y[block + width - 1], fAB = y[block + 1 + j]
                first += fB * (fAB - fA)
                total += (fA - fAB) * (fA - fAB)
            }
            s1[j] = first / Double(count) / variance
            st[j] = 0.5 * total / Double(count) / variance
        }
        return true
    }
}

/// First-order and total Sobol indices with their confidence half-widths, named as in SALib.
public struct SobolIndices: Sendable, Codable, Equatable {
    /// First-order index per input: the share of output variance due to that input alone.
    public let S1: [Double]
    /// Half-width of the bootstrap confidence interval of `S1`.
    public let S1_conf: [Double]
    /// Total index per input: its share including every interaction it takes part in.
    public let ST: [Double]
    /// Half-width of the bootstrap confidence interval of `ST`.
    public let ST_conf: [Double]
}

/// Maps a row-major unit design onto per-column ranges.
func scaled(_ unit: [Double], to bounds: [ClosedRange<Double>]) -> [Double] {
    let k = bounds.count
    var out = unit
    for index in out.indices {
        let range = bounds[index % k]
        out[index] = range.lowerBound + unit[index] * (range.upperBound - range.lowerBound)
    }
    return out
}

/// Sample standard deviation (divisor m − 1) of at least two values.
func sampleSD(_ values: ArraySlice<Double>) -> Double {
    let m = Double(values.count)
    let mean = values.reduce(0, +) / m
    let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    return (squares / (m - 1)).squareRoot()
}
