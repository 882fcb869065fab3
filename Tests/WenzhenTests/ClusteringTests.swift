import Foundation
import Testing
import WenzhenCore
@testable import WenzhenStages

@Suite("Bigram clusters")
struct ClusteringTests {
    @Test("randomized SVD finds the leading singular values and orthonormal vectors")
    func svd() {
        // Rows scaled copies of orthogonal directions: singular values 5, 3 and 1.
        let matrix = SparseMatrix(columns: 4, rows: [[(0, 5)], [(1, 3)], [(2, 1)], []])
        let (values, vectors) = RandomizedSVD.leftSingularVectors(of: matrix, rank: 2)
        #expect(values.count == 2 && abs(values[0] - 5) < 1e-9 && abs(values[1] - 3) < 1e-9)
        // The first left singular vector is row 0's direction (up to sign), the second row 1's.
        #expect(abs(abs(vectors[0 * 2 + 0]) - 1) < 1e-9 && abs(abs(vectors[1 * 2 + 1]) - 1) < 1e-9)
        #expect(abs(vectors[2 * 2 + 0]) < 1e-9 && abs(vectors[3 * 2 + 1]) < 1e-9)
    }

    @Test("k-means separates two groups of points, the same way every run")
    func kMeans() {
        let points: [Float] = [0, 0, 0.1, 0, 0, 0.1, 10, 10, 10.1, 10, 10, 9.9]
        let assignment = KMeans(clusterCount: 2).assignments(of: points, dimensions: 2)
        #expect(Set(assignment[0..<3]).count == 1 && Set(assignment[3..<6]).count == 1 && assignment[0] != assignment[3])
        #expect(KMeans(clusterCount: 2).assignments(of: points, dimensions: 2) == assignment)
    }

    @Test("bigrams said in the same contexts share a cluster; bigrams of other contexts do not")
    func clusterer() {
        let symptoms = ["头痛", "头疼", "咳嗽"], durations = ["三天", "五天", "两周"]
        let sentences = (symptoms.map { "宝宝\($0)了吗" } + durations.map { "已经\($0)左右" }).flatMap { Array(repeating: Array($0.unicodeScalars), count: 3) }
        var clusterer = BigramClusterer()
        clusterer.minimumCount = 1
        clusterer.clusterCount = 40
        let clusters = clusterer.clusters(of: sentences).clusters
        #expect(Set(symptoms.map { clusters[$0] }).count == 1 && Set(durations.map { clusters[$0] }).count == 1)
        #expect(clusters["头痛"] != nil && clusters["头痛"] != clusters["三天"])
        #expect(clusterer.clusters(of: sentences).clusters == clusters, "deterministic")
    }

    @Test("a cluster table round-trips through its file; a bad line is named")
    func file() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent(BigramClusters.fileName)
        let clusters = BigramClusters(["头痛": 3, "头疼": 3, "几天": 0])
        try clusters.write(to: url, note: "test")
        let read = try BigramClusters(contentsOf: url)
        #expect(read == clusters && read.cluster("头".unicodeScalars.first!.value, "疼".unicodeScalars.first!.value) == 3)
        try Data("# comment\n头痛\t3\n头疼痛\t1\n".utf8).write(to: url)
        #expect { _ = try BigramClusters(contentsOf: url) } throws: { "\($0)".contains("line 3 is not 'bigram<TAB>cluster'") }
        #expect { _ = try BigramClusters(contentsOf: directory.appendingPathComponent("none.tsv")) } throws: { "\($0)".contains("missing resource") }
    }
}
