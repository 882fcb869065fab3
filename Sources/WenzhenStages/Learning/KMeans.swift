import WenzhenCore

/// Lloyd's k-means over dense points, seeded by k-means++ (Arthur & Vassilvitskii 2007). Deterministic for a seed.
struct KMeans: Sendable {
    var clusterCount: Int
    var iterations = 30
    var seed: UInt64 = 42

    init(clusterCount: Int) { self.clusterCount = clusterCount }

    /// The cluster of each of the points, the rows of a row-major matrix of width `dimensions`.
    func assignments(of points: [Float], dimensions: Int) -> [Int] {
        let count = points.count / dimensions
        guard count > 0 else { return [] }
        let k = min(clusterCount, count)
        var centroids = initialCentroids(points, count: count, dimensions: dimensions, k: k)
        var assignment = [Int](repeating: -1, count: count)
        for _ in 0..<iterations {
            var changed = false
            let norms = (0..<k).map { c in (0..<dimensions).reduce(Float(0)) { $0 + centroids[c * dimensions + $1] * centroids[c * dimensions + $1] } }
            for point in 0..<count {
                // The nearest centroid minimises |c|² − 2 x·c.
                var best = 0, bestDistance = Float.infinity
                for c in 0..<k {
                    var dot: Float = 0
                    for d in 0..<dimensions { dot += points[point * dimensions + d] * centroids[c * dimensions + d] }
                    let distance = norms[c] - 2 * dot
                    if distance < bestDistance { (best, bestDistance) = (c, distance) }
                }
                if assignment[point] != best { (assignment[point], changed) = (best, true) }
            }
            guard changed else { break }
            var sums = [Float](repeating: 0, count: k * dimensions), sizes = [Int](repeating: 0, count: k)
            for point in 0..<count {
                sizes[assignment[point]] += 1
                for d in 0..<dimensions { sums[assignment[point] * dimensions + d] += points[point * dimensions + d] }
            }
            // An emptied cluster keeps its centroid.
            for c in 0..<k where sizes[c] > 0 {
                for d in 0..<dimensions { centroids[c * dimensions + d] = sums[c * dimensions + d] / Float(sizes[c]) }
            }
        }
        return assignment
    }

    /// k-means++: each next centroid a point drawn with probability proportional to its squared distance from
    /// the nearest centroid so far.
    private func initialCentroids(_ points: [Float], count: Int, dimensions: Int, k: Int) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        func row(_ point: Int) -> ArraySlice<Float> { points[(point * dimensions)..<((point + 1) * dimensions)] }
        func distance(_ point: Int, _ centroid: ArraySlice<Float>) -> Float {
            zip(row(point), centroid).reduce(Float(0)) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        }
        var centroids = Array(row(Int.random(in: 0..<count, using: &generator)))
        var nearest = (0..<count).map { distance($0, centroids[0..<dimensions]) }
        while centroids.count < k * dimensions {
            let total = nearest.reduce(0, +)
            var target = Float.random(in: 0..<max(total, .leastNormalMagnitude), using: &generator)
            var chosen = count - 1
            for point in 0..<count {
                target -= nearest[point]
                if target < 0 { chosen = point; break }
            }
            let centroid = row(chosen)
            centroids += centroid
            for point in 0..<count { nearest[point] = min(nearest[point], distance(point, centroid)) }
        }
        return centroids
    }
}
