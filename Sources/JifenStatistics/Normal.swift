import CGSL

/// The standard normal distribution, for Gaussian copulas and confidence levels.
public enum Normal {
    /// Standard normal CDF Φ(x) (`gsl_cdf_ugaussian_P`).
    @inline(__always) public static func Phi(_ x: Double) -> Double { gsl_cdf_ugaussian_P(x) }

    /// Inverse standard normal CDF Φ⁻¹(p) (`gsl_cdf_ugaussian_Pinv`); −∞ at 0 and +∞ at 1.
    @inline(__always) public static func PhiInverse(_ p: Double) -> Double { gsl_cdf_ugaussian_Pinv(p) }

    /// The two-sided critical value for a confidence level, Φ⁻¹(0.5 + level/2): 1.96 for 0.95.
    public static func criticalValue(confidence level: Double) -> Double { PhiInverse(0.5 + level / 2) }
}

/// The lower-triangular Cholesky factor L of a small symmetric positive definite matrix
/// M = L·Lᵀ, e.g. the correlation matrix of a Gaussian copula.
public struct CholeskyFactor: Sendable, Equatable {
    /// Matrix order.
    public let dimension: Int
    /// L in row-major order (`lower[i * dimension + j]`), zero above the diagonal.
    public let lower: [Double]

    /// Factors `matrix` (square, symmetric within 1e-12, positive definite) by the
    /// Cholesky–Banachiewicz recurrence. Throws ``StatisticsError/notPositiveDefinite(index:pivot:)``
    /// naming the first non-positive pivot otherwise.
    public init(_ matrix: [[Double]]) throws(StatisticsError) {
        let n = matrix.count
        guard n > 0 else { throw .empty }
        for i in 0..<n {
            guard matrix[i].count == n else { throw .notSymmetric(row: i, column: matrix[i].count) }
            for j in 0..<i where !(abs(matrix[i][j] - matrix[j][i]) <= 1e-12) {
                throw .notSymmetric(row: i, column: j)
            }
        }
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = matrix[i][j]
                for m in 0..<j { sum -= l[i * n + m] * l[j * n + m] }
                if i == j {
                    // A tiny relative floor rejects matrices that are singular up to rounding.
                    guard sum > 1e-12 * Swift.max(1, abs(matrix[i][i])) else {
                        throw .notPositiveDefinite(index: i, pivot: sum)
                    }
                    l[i * n + i] = sum.squareRoot()
                } else {
                    l[i * n + j] = sum / l[j * n + j]
                }
            }
        }
        dimension = n
        lower = l
    }

    /// L·Lᵀ, which reproduces the factored matrix up to rounding.
    public func product() -> [[Double]] {
        let n = dimension
        return (0..<n).map { i in
            (0..<n).map { j in
                (0...Swift.min(i, j)).reduce(0) { $0 + lower[i * n + $1] * lower[j * n + $1] }
            }
        }
    }

    /// Replaces the independent standard normals `z` with L·z in place: a draw from N(0, M).
    /// Row i only reads entries 0...i, so working from the last row up needs no second buffer.
    public func correlate(_ z: UnsafeMutableBufferPointer<Double>) {
        precondition(z.count == dimension, "buffer length must equal the matrix order")
        let n = dimension
        lower.withUnsafeBufferPointer { l in
            for i in stride(from: n - 1, through: 0, by: -1) {
                var sum = 0.0
                for j in 0...i { sum += l[i * n + j] * z[j] }
                z[i] = sum
            }
        }
    }
}

/// A Gaussian copula: correlated standard normals, or uniforms with the normals' dependence.
public struct GaussianCopula: Sendable {
    /// The factor of the copula's correlation matrix.
    public let factor: CholeskyFactor

    /// A copula with the given correlation matrix (unit diagonal, positive definite).
    public init(correlation: [[Double]]) throws(StatisticsError) {
        for (i, row) in correlation.enumerated() where i < row.count && abs(row[i] - 1) > 1e-12 {
            throw .invalidArgument("correlation matrix diagonal entry \(i) is \(row[i]), not 1")
        }
        factor = try CholeskyFactor(correlation)
    }

    /// Number of correlated variables.
    public var dimension: Int { factor.dimension }

    /// Fills `buffer` (length ``dimension``) with one draw of correlated standard normals.
    public func drawNormals(into buffer: UnsafeMutableBufferPointer<Double>, from stream: RandomStream) {
        precondition(buffer.count == dimension, "buffer length must equal the copula dimension")
        for i in 0..<buffer.count { buffer[i] = stream.gaussian() }
        factor.correlate(buffer)
    }

    /// Fills `buffer` with one draw of correlated standard normals.
    public func drawNormals(into buffer: inout [Double], from stream: RandomStream) {
        buffer.withUnsafeMutableBufferPointer { drawNormals(into: $0, from: stream) }
    }

    /// Fills `buffer` with uniforms Φ(x) of a correlated normal draw x: feed these to any
    /// marginal's inverse CDF to get correlated attributes.
    public func drawUniforms(into buffer: inout [Double], from stream: RandomStream) {
        buffer.withUnsafeMutableBufferPointer { b in
            drawNormals(into: b, from: stream)
            for i in 0..<b.count { b[i] = Normal.Phi(b[i]) }
        }
    }
}
