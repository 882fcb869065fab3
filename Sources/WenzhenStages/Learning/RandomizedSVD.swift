import WenzhenCore

/// The leading left singular vectors and singular values of a sparse matrix, by randomized range finding with
/// power iterations (Halko, Martinsson & Tropp 2011): the range of A·Ω for a random Ω, sharpened by passes
/// through A·Aᵀ, then an exact eigendecomposition of the small projected matrix. Deterministic for a seed.
enum RandomizedSVD {
    /// The `rank` leading singular values (descending) and their left singular vectors, as the rows of a
    /// `matrix.rows` × `rank` row-major matrix.
    static func leftSingularVectors(
        of matrix: SparseMatrix, rank: Int, oversampling: Int = 10, powerIterations: Int = 3, seed: UInt64 = 42
    ) -> (values: [Double], vectors: [Double]) {
        let width = min(rank + oversampling, matrix.rows, matrix.columns)
        var generator = SeededGenerator(seed: seed)
        let omega = (0..<(matrix.columns * width)).map { _ in Double.random(in: -1...1, using: &generator) }
        var basis = orthonormalized(matrix.times(omega, width: width), rows: matrix.rows, width: width)
        for _ in 0..<powerIterations {
            let back = orthonormalized(matrix.transposeTimes(basis, width: width), rows: matrix.columns, width: width)
            basis = orthonormalized(matrix.times(back, width: width), rows: matrix.rows, width: width)
        }
        // Qᵀ·A·Aᵀ·Q = Zᵀ·Z with Z = Aᵀ·Q; its eigenvectors V give the singular vectors Q·V.
        let z = matrix.transposeTimes(basis, width: width)
        var gram = [Double](repeating: 0, count: width * width)
        for row in 0..<matrix.columns {
            for i in 0..<width where z[row * width + i] != 0 {
                for j in 0..<width { gram[i * width + j] += z[row * width + i] * z[row * width + j] }
            }
        }
        let (eigenvalues, eigenvectors) = symmetricEigen(gram, size: width)
        let order = eigenvalues.indices.sorted { eigenvalues[$0] > eigenvalues[$1] }.prefix(min(rank, width))
        var vectors = [Double](repeating: 0, count: matrix.rows * order.count)
        for row in 0..<matrix.rows {
            for (column, k) in order.enumerated() {
                var sum = 0.0
                for i in 0..<width { sum += basis[row * width + i] * eigenvectors[i * width + k] }
                vectors[row * order.count + column] = sum
            }
        }
        // Rounding can leave an eigenvalue of a positive semidefinite matrix just below zero.
        return (order.map { max(eigenvalues[$0], 0).squareRoot() }, vectors)
    }

    /// The columns of a row-major matrix made orthonormal (modified Gram–Schmidt; a column that vanishes stays zero).
    static func orthonormalized(_ matrix: [Double], rows: Int, width: Int) -> [Double] {
        var columns = (0..<width).map { column in (0..<rows).map { matrix[$0 * width + column] } }
        for j in 0..<width {
            for i in 0..<j {
                var dot = 0.0
                for r in 0..<rows { dot += columns[i][r] * columns[j][r] }
                for r in 0..<rows { columns[j][r] -= dot * columns[i][r] }
            }
            var norm = 0.0
            for r in 0..<rows { norm += columns[j][r] * columns[j][r] }
            norm = norm.squareRoot()
            for r in 0..<rows { columns[j][r] = norm > 1e-12 ? columns[j][r] / norm : 0 }
        }
        var result = [Double](repeating: 0, count: rows * width)
        for column in 0..<width { for r in 0..<rows { result[r * width + column] = columns[column][r] } }
        return result
    }

    /// Eigenvalues and eigenvectors (columns of a row-major matrix) of a symmetric matrix, by cyclic Jacobi rotations.
    static func symmetricEigen(_ symmetric: [Double], size n: Int) -> (values: [Double], vectors: [Double]) {
        var a = symmetric
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        for _ in 0..<100 {
            var off = 0.0, total = 0.0
            for i in 0..<n { for j in 0..<n { total += a[i * n + j] * a[i * n + j]; if i != j { off += a[i * n + j] * a[i * n + j] } } }
            if off <= 1e-22 * max(total, 1e-300) { break }
            for p in 0..<n {
                for q in (p + 1)..<n where a[p * n + q] != 0 {
                    let theta = (a[q * n + q] - a[p * n + p]) / (2 * a[p * n + q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k * n + p], akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p * n + k], aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k * n + p], vkq = v[k * n + q]
                        v[k * n + p] = c * vkp - s * vkq
                        v[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        return ((0..<n).map { a[$0 * n + $0] }, v)
    }
}
