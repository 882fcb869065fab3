import ArgumentParser
import Foundation
import WenzhenCore
import WenzhenStages

/// `wenzhen train clusters`: the bigram clusters the act classifier's features read, learned from unlabelled text.
struct TrainClusters: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clusters",
        abstract: "Group character bigrams by the characters around them in unlabelled sentences (before `train dac`).",
        discussion: "Uses only the sentences' text. Train it on the IMCS-V2 training sentences, not on the dialogues the act classifier is cross-validated on.")

    @Option(help: "Sentences, JSON Lines of {sentence, …} (IMCS-V2 ner-train.jsonl; the tags are not used).")
    var sentences: String

    @OptionGroup var destination: ModelOutput

    @Option(help: "Number of clusters.")
    var clusters = BigramClusterer().clusterCount

    @Option(help: "Singular dimensions the bigrams are described by.")
    var dimensions = BigramClusterer().dimensions

    @Option(help: "Fewest occurrences of a bigram (or a context character) to count.")
    var minimumCount = BigramClusterer().minimumCount

    @Option(help: "Random seed (projection, k-means).")
    var seed: UInt64 = BigramClusterer().seed

    func validate() throws {
        guard clusters >= 2 else { throw ValidationError("--clusters must be at least 2") }
        guard dimensions >= 1, minimumCount >= 1 else { throw ValidationError("--dimensions and --minimum-count must be at least 1") }
    }

    func run() throws {
        let text = try NERSentenceFile.read(contentsOf: URL(fileURLWithPath: sentences)).map(\.text)
        var clusterer = BigramClusterer()
        clusterer.clusterCount = clusters
        clusterer.dimensions = dimensions
        clusterer.minimumCount = minimumCount
        clusterer.seed = seed
        let table = clusterer.clusters(of: text)
        let url = destination.url(BigramClusters.fileName)
        let note = "learned by `wenzhen train clusters` (\(clusters) clusters, \(dimensions) dimensions, seed \(seed)) from \(text.count) IMCS-V2 training sentences"
        try table.write(to: url, note: note)
        print("\(text.count) sentences → \(table.count) bigrams in \(Set(table.clusters.values).count) clusters, written to \(url.path)")
    }
}
