import Testing
import JifenStatistics

@Suite("Normal distribution and Gaussian copula")
struct NormalTests {
    @Test("Phi and its inverse at textbook points")
    func phi() {
        #expect(Normal.Phi(0) == 0.5)
        // Standard normal table: Φ(1.96) = 0.9750021048517795.
        #expect(abs(Normal.Phi(1.96) - 0.9750021048517795) < 1e-12)
        #expect(abs(Normal.PhiInverse(0.975) - 1.959963984540054) < 1e-12)
        #expect(abs(Normal.criticalValue(confidence: 0.95) - 1.959963984540054) < 1e-12)
        for p in [0.001, 0.1, 0.37, 0.5, 0.9, 0.999] {
            #expect(abs(Normal.Phi(Normal.PhiInverse(p)) - p) < 1e-12)
        }
    }

    @Test("Cholesky factor worked by hand")
    func choleskyByHand() throws {
        // [[4, 2], [2, 3]] = L·Lᵀ with L = [[2, 0], [1, √2]].
        let factor = try CholeskyFactor([[4, 2], [2, 3]])
        #expect(factor.lower == [2, 0, 1, 2.0.squareRoot()])
    }

    @Test("Cholesky reproduces a correlation matrix")
    func choleskyReproduces() throws {
        let matrix: [[Double]] = [[1, 0.6, 0.3, 0.1], [0.6, 1, -0.2, 0.4], [0.3, -0.2, 1, 0], [0.1, 0.4, 0, 1]]
        let product = try CholeskyFactor(matrix).product()
        for i in 0..<4 { for j in 0..<4 { #expect(abs(product[i][j] - matrix[i][j]) < 1e-12) } }
    }

    @Test("Cholesky refuses matrices that are not positive definite or not symmetric")
    func choleskyRefuses() {
        // Eigenvalues of this matrix include 1 − 0.9·(…) < 0: x = (1, −1, 1) gives xᵀMx = 3 − 5.4 < 0.
        #expect {
            try CholeskyFactor([[1, 0.9, 0.9], [0.9, 1, -0.9], [0.9, -0.9, 1]])
        } throws: { error in
            if case .notPositiveDefinite = error as? StatisticsError { return true }
            return false
        }
        #expect(throws: StatisticsError.self) { try CholeskyFactor([[1, 1], [1, 1]]) }
        #expect(throws: StatisticsError.notSymmetric(row: 1, column: 0)) { try CholeskyFactor([[1, 0.5], [0.2, 1]]) }
        #expect(throws: StatisticsError.self) { try GaussianCopula(correlation: [[2, 0], [0, 1]]) }
    }

    @Test("copula draws have the target correlation and uniform marginals")
    func copula() throws {
        let target: [[Double]] = [[1, 0.6, 0.3], [0.6, 1, -0.2], [0.3, -0.2, 1]]
        let copula = try GaussianCopula(correlation: target)
        let stream = RandomStream(seed: 12, stream: 0)
        let n = 20_000
        var columns = [[Double]](repeating: [], count: 3)
        var draw = [Double](repeating: 0, count: 3)
        for _ in 0..<n {
            copula.drawNormals(into: &draw, from: stream)
            for j in 0..<3 { columns[j].append(draw[j]) }
        }
        func correlation(_ a: [Double], _ b: [Double]) -> Double {
            let ma = a.reduce(0, +) / Double(a.count), mb = b.reduce(0, +) / Double(b.count)
            var sab = 0.0, saa = 0.0, sbb = 0.0
            for i in a.indices {
                sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) * (a[i] - ma); sbb += (b[i] - mb) * (b[i] - mb)
            }
            return sab / (saa * sbb).squareRoot()
        }
        // The sampling sd of r is about (1 − ρ²)/√n ≤ 0.007 here; 0.03 is over 4 of them.
        for i in 0..<3 {
            for j in (i + 1)..<3 { #expect(abs(correlation(columns[i], columns[j]) - target[i][j]) < 0.03) }
        }
        var uniforms = [Double](repeating: 0, count: 3)
        var below = 0
        for _ in 0..<4000 {
            copula.drawUniforms(into: &uniforms, from: stream)
            #expect(uniforms.allSatisfy { $0 > 0 && $0 < 1 })
            if uniforms[1] < 0.25 { below += 1 }
        }
        // P(U < 0.25) = 0.25, standard error ≈ 0.007.
        #expect(abs(Double(below) / 4000 - 0.25) < 0.03)
    }
}
