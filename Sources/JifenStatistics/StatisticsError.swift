/// Why a statistics routine refused its input.
public enum StatisticsError: Error, Equatable, CustomStringConvertible {
    /// A summary or order statistic was asked of no values.
    case empty
    /// The input contained NaN, which has no place in an ordering.
    case notANumber
    /// An order statistic rank outside 1...count.
    case rankOutOfRange(k: Int, count: Int)
    /// Paired inputs of different lengths.
    case lengthMismatch(Int, Int)
    /// A matrix that is not square, or not symmetric.
    case notSymmetric(row: Int, column: Int)
    /// A matrix that is not positive definite; the Cholesky pivot at `index` was `pivot` (≤ 0).
    case notPositiveDefinite(index: Int, pivot: Double)
    /// Discrete weights that are empty, negative, non-finite or all zero.
    case invalidWeights([Double])
    /// A design or estimator argument out of its domain, explained in words.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .empty: "no values"
        case .notANumber: "input contains NaN"
        case let .rankOutOfRange(k, count): "rank \(k) outside 1...\(count)"
        case let .lengthMismatch(a, b): "paired inputs have different lengths (\(a) and \(b))"
        case let .notSymmetric(row, column):
            "matrix is not square and symmetric (entry [\(row)][\(column)])"
        case let .notPositiveDefinite(index, pivot):
            "matrix is not positive definite: Cholesky pivot \(index) is \(pivot)"
        case let .invalidWeights(w): "discrete weights must be finite, non-negative and not all zero: \(w)"
        case let .invalidArgument(why): why
        }
    }
}
