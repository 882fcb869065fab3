/// A sparse matrix in compressed rows, multiplied with dense row-major matrices.
struct SparseMatrix: Sendable {
    let rows: Int
    let columns: Int
    /// Where each row's entries start in `indices` and `values`, and where the last ends.
    let rowStarts: [Int]
    let indices: [Int]
    let values: [Double]

    /// Builds the matrix from its nonzero entries, given row by row.
    init(columns: Int, rows entries: [[(column: Int, value: Double)]]) {
        self.rows = entries.count
        self.columns = columns
        var rowStarts = [0], indices: [Int] = [], values: [Double] = []
        for row in entries {
            for entry in row {
                indices.append(entry.column)
                values.append(entry.value)
            }
            rowStarts.append(indices.count)
        }
        self.rowStarts = rowStarts
        self.indices = indices
        self.values = values
    }

    /// This matrix times `dense` (`columns` × `width`, row-major): `rows` × `width`.
    func times(_ dense: [Double], width: Int) -> [Double] {
        var result = [Double](repeating: 0, count: rows * width)
        for row in 0..<rows {
            for entry in rowStarts[row]..<rowStarts[row + 1] {
                let value = values[entry], source = indices[entry] * width, target = row * width
                for k in 0..<width { result[target + k] += value * dense[source + k] }
            }
        }
        return result
    }

    /// This matrix's transpose times `dense` (`rows` × `width`, row-major): `columns` × `width`.
    func transposeTimes(_ dense: [Double], width: Int) -> [Double] {
        var result = [Double](repeating: 0, count: columns * width)
        for row in 0..<rows {
            for entry in rowStarts[row]..<rowStarts[row + 1] {
                let value = values[entry], source = row * width, target = indices[entry] * width
                for k in 0..<width { result[target + k] += value * dense[source + k] }
            }
        }
        return result
    }
}
