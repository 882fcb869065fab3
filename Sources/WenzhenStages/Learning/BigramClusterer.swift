import Foundation

/// Learns `BigramClusters` from unlabelled sentences: each frequent bigram is described by the characters two
/// before and two after it (positive pointwise mutual information, with the context distribution smoothed by
/// the power ¾), reduced to its leading singular dimensions, and the bigrams are grouped by k-means.
public struct BigramClusterer: Sendable {
    public var clusterCount = 256
    /// The singular dimensions kept.
    public var dimensions = 100
    /// How often a bigram, or a context character, must occur to count.
    public var minimumCount = 5
    public var seed: UInt64 = 42

    public init() {}

    /// The clusters of the frequent bigrams of `sentences`.
    public func clusters(of sentences: [[Unicode.Scalar]]) -> BigramClusters {
        let boundary = Unicode.Scalar(UInt8(0x2))
        var bigramCounts: [UInt64: Int] = [:], characterCounts: [Unicode.Scalar: Int] = [:]
        for sentence in sentences {
            for character in sentence { characterCounts[character, default: 0] += 1 }
            for i in sentence.indices.dropLast() { bigramCounts[Self.key(sentence[i], sentence[i + 1]), default: 0] += 1 }
        }
        characterCounts[boundary] = sentences.count
        // Frequent first, then by code: the same input gives the same rows in the same order.
        let bigrams = bigramCounts.filter { $0.value >= minimumCount }.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
        let contexts = characterCounts.filter { $0.value >= minimumCount }.sorted { ($0.value, $1.key.value) > ($1.value, $0.key.value) }.map(\.key)
        guard bigrams.count > 1 else { return BigramClusters() }
        let row = Dictionary(uniqueKeysWithValues: bigrams.enumerated().map { ($1, $0) })
        let column = Dictionary(uniqueKeysWithValues: contexts.enumerated().map { ($1, $0) })
        let offsets = [-2, -1, 2, 3]
        var cooccurrences = [[Int: Double]](repeating: [:], count: bigrams.count)
        for sentence in sentences {
            let padded = [boundary, boundary] + sentence + [boundary, boundary]
            for i in 2..<(padded.count - 3) {
                guard let r = row[Self.key(padded[i], padded[i + 1])] else { continue }
                for (slot, offset) in offsets.enumerated() {
                    if let c = column[padded[i + offset]] { cooccurrences[r][slot * contexts.count + c, default: 0] += 1 }
                }
            }
        }
        let matrix = Self.positivePMI(cooccurrences, columns: offsets.count * contexts.count)
        let (values, vectors) = RandomizedSVD.leftSingularVectors(of: matrix, rank: dimensions, seed: seed)
        let rank = values.count
        // Each bigram's point: its singular vector coordinates scaled by the roots of the singular values, to unit length.
        let scales = values.map { $0.squareRoot() }
        var points = [Float](repeating: 0, count: bigrams.count * rank)
        for r in 0..<bigrams.count {
            let scaled = (0..<rank).map { vectors[r * rank + $0] * scales[$0] }
            let norm = max(scaled.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-9)
            for k in 0..<rank { points[r * rank + k] = Float(scaled[k] / norm) }
        }
        var kMeans = KMeans(clusterCount: clusterCount)
        kMeans.seed = seed
        let assignment = kMeans.assignments(of: points, dimensions: rank)
        return BigramClusters(table: Dictionary(uniqueKeysWithValues: zip(bigrams, assignment.map(UInt32.init))))
    }

    /// PMI of each (bigram, context) count, the context probabilities raised to ¾; negative values dropped.
    static func positivePMI(_ counts: [[Int: Double]], columns: Int) -> SparseMatrix {
        var rowTotals = counts.map { $0.values.reduce(0, +) }
        var columnTotals = [Double](repeating: 0, count: columns)
        for row in counts { for (column, count) in row { columnTotals[column] += count } }
        columnTotals = columnTotals.map { pow($0, 0.75) }
        let smoothedTotal = columnTotals.reduce(0, +)
        rowTotals = rowTotals.map { max($0, 1) }
        return SparseMatrix(columns: columns, rows: counts.enumerated().map { r, row in
            row.sorted { $0.key < $1.key }.compactMap { column, count in
                let pmi = log(count * smoothedTotal / (rowTotals[r] * columnTotals[column]))
                return pmi > 0 ? (column, pmi) : nil
            }
        })
    }

    private static func key(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> UInt64 { BigramClusters.key(first.value, second.value) }
}
