import Foundation

/// Character bigrams grouped by the contexts they occur in (几天 with 多久, 怎么 with 如何), learned from unlabelled
/// text by `BigramClusterer`. Features over the groups let a classifier trained on few labelled sentences read
/// bigrams it has rarely or never seen in them.
public struct BigramClusters: Sendable, Equatable {
    /// Where `wenzhen train clusters` writes the table, for `wenzhen train dac` to read.
    public static let fileName = "bigram-clusters.tsv"

    private var table: [UInt64: UInt32] = [:]

    /// No bigram in any cluster.
    public init() {}

    /// The cluster of each bigram, keyed by `key(first, second)`.
    init(table: [UInt64: UInt32]) { self.table = table }

    /// The cluster of each bigram (two characters).
    public init(_ clusters: [String: Int]) {
        for (bigram, cluster) in clusters {
            let codes = bigram.unicodeScalars.map(\.value)
            precondition(codes.count == 2 && cluster >= 0, "a bigram is two characters and its cluster a number")
            table[Self.key(codes[0], codes[1])] = UInt32(cluster)
        }
    }

    /// How many bigrams have a cluster.
    public var count: Int { table.count }

    /// The cluster of the bigram of characters `first` and `second`, if it has one.
    @inline(__always)
    public func cluster(_ first: UInt32, _ second: UInt32) -> UInt32? { table[Self.key(first, second)] }

    /// Every bigram and its cluster.
    public var clusters: [String: Int] {
        Dictionary(uniqueKeysWithValues: table.map { key, cluster in
            (String(String.UnicodeScalarView([Unicode.Scalar(UInt32(key >> 32))!, Unicode.Scalar(UInt32(key & 0xFFFF_FFFF))!])), Int(cluster))
        })
    }

    static func key(_ first: UInt32, _ second: UInt32) -> UInt64 { UInt64(first) << 32 | UInt64(second) }

    /// Reads `bigram<TAB>cluster` lines; `#` starts a comment line.
    public init(contentsOf url: URL) throws {
        var clusters: [String: Int] = [:]
        for (number, line) in try ResourceReader.lines(of: url) {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count == 2, columns[0].unicodeScalars.count == 2, let cluster = Int(columns[1]), cluster >= 0 else {
                throw StageError.invalidResource(file: url.lastPathComponent, reason: "line \(number) is not 'bigram<TAB>cluster'")
            }
            clusters[String(columns[0])] = cluster
        }
        self.init(clusters)
    }

    /// Writes the table, by cluster and then bigram, under a comment saying what made it.
    public func write(to url: URL, note: String) throws {
        var text = "# bigram\tcluster — \(note)\n"
        for (bigram, cluster) in clusters.sorted(by: { ($0.value, $0.key) < ($1.value, $1.key) }) { text += "\(bigram)\t\(cluster)\n" }
        try ResourceWriter.write(Data(text.utf8), to: url)
    }
}
