import Foundation
import WenzhenCore

/// A classifier over fine labels made of several softmax views of the same features: the fine labels themselves
/// and coarser groupings of them (for acts: the act, what it does, what it is about). A fine label scores the sum
/// of the log-probabilities every view gives its group: a product of experts, in which a coarse view learns a
/// group from all the labels in it (Request-Etiology learns what etiology looks like from Inform-Etiology too).
public struct FactoredClassifier: Sendable {
    /// The fine labels.
    public let labels: [String]
    /// The labels of each view.
    public let viewLabels: [[String]]
    public let hashBits: Int
    /// Per feature bucket, the weights of every view side by side, padded to `stride` floats (a multiple of 16):
    /// scoring reads one row per feature for all views, not one scattered row per view.
    let rows: [Float]
    let stride: Int
    /// For each fine label, the column of its group in each view's part of a row.
    let columns: [[Int]]

    /// `groups[v][k]` names the group of fine label `labels[k]` in view `v`; each view's labels must be exactly
    /// its groups in order of first appearance (as `labels(ofView:)` gives them), and all views must share their
    /// feature buckets.
    public init(labels: [String], groups: [[String]], views: [LinearClassifier]) throws(Mismatch) {
        guard let hashBits = views.first?.hashBits, views.count == groups.count, views.allSatisfy({ $0.hashBits == hashBits }),
              groups.allSatisfy({ $0.count == labels.count }), zip(views, groups).allSatisfy({ $0.labels == Self.labels(ofView: $1) })
        else { throw Mismatch() }
        self.labels = labels
        self.hashBits = hashBits
        viewLabels = views.map(\.labels)
        let offsets = views.indices.map { views[..<$0].reduce(0) { $0 + $1.labels.count } }
        let width = offsets.last! + views.last!.labels.count
        stride = (width + 15) / 16 * 16
        columns = labels.indices.map { k in views.indices.map { v in offsets[v] + views[v].labels.firstIndex(of: groups[v][k])! } }
        var rows = [Float](repeating: 0, count: (1 << hashBits) * stride)
        for (view, offset) in zip(views, offsets) {
            let K = view.labels.count
            for bucket in 0..<(1 << hashBits) {
                for k in 0..<K { rows[bucket * stride + offset + k] = view.weights[bucket * K + k] }
            }
        }
        self.rows = rows
    }

    /// The views do not match the groupings.
    public struct Mismatch: Error {}

    /// The labels of a view: its groups in order of first appearance.
    public static func labels(ofView groups: [String]) -> [String] {
        var labels: [String] = []
        for group in groups where !labels.contains(group) { labels.append(group) }
        return labels
    }

    /// The classifier of each view, as trained and stored.
    public var views: [LinearClassifier] {
        var offset = 0
        return viewLabels.map { labels in
            let K = labels.count
            var weights = [Float](repeating: 0, count: (1 << hashBits) * K)
            for bucket in 0..<(1 << hashBits) {
                for k in 0..<K { weights[bucket * K + k] = rows[bucket * stride + offset + k] }
            }
            offset += K
            return LinearClassifier(labels: labels, hashBits: hashBits, weights: weights)
        }
    }

    /// The index of the fine label with the highest summed log-probability. A view's log-probabilities are its
    /// scores less one normalizer shared by all its labels, so summing the scores ranks the labels alike.
    public func predict(_ features: [Int32]) -> Int {
        let sums = LinearClassifier.sumRows(of: features, in: rows, width: stride)
        let scores = columns.map { $0.reduce(Float(0)) { $0 + sums[$1] } }
        return scores.indices.max { scores[$0] < scores[$1] } ?? 0
    }

    /// Trains every view on the examples of `dialogues` (labels are indices into `labels`), each as
    /// `LinearClassifierTrainer` trains one classifier, with macro-F1 over the view's labels as its held-out score.
    public static func train(
        labels: [String], groups: [[String]], options: LinearClassifierTrainer.Options, dialogues: [Dialogue],
        examples: (Dialogue) -> [LinearClassifierTrainer.Example],
        progress: (_ view: Int, _ epoch: Int, _ loss: Double, _ validationScore: Double?) -> Void = { _, _, _, _ in }
    ) throws(Mismatch) -> FactoredClassifier {
        let trainer = LinearClassifierTrainer(options: options)
        let views = groups.enumerated().map { number, names in
            let viewLabels = Self.labels(ofView: names)
            let index = names.map { viewLabels.firstIndex(of: $0)! }
            return trainer.train(labels: viewLabels, dialogues: dialogues, examples: { dialogue in
                examples(dialogue).map { example in
                    var grouped = example
                    grouped.label = index[example.label]
                    return grouped
                }
            }, score: LinearClassifierTrainer.macroF1(labelCount: viewLabels.count)) { progress(number, $0, $1, $2) }
        }
        return try FactoredClassifier(labels: labels, groups: groups, views: views)
    }
}
