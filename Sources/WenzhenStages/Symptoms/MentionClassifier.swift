import Foundation
import WenzhenCore

/// A softmax classifier over the `MentionFeatures` of symptom mentions, with the normalizer that gives each
/// mention its term: the shared core of the learned status and polarity stages.
public struct MentionClassifier: Sendable {
    public let normalizer: LearnedNormalizer
    public let classifier: LinearClassifier
    let features: MentionFeatures

    /// Checks that `classifier` decides between `labels`; `file` names the model in errors.
    public init(normalizer: LearnedNormalizer, classifier: LinearClassifier, labels: [String], file: String) throws {
        guard classifier.labels == labels else {
            throw StageError.invalidResource(file: file, reason: "the classifier's labels are not \(labels.joined(separator: ", "))")
        }
        self.normalizer = normalizer
        self.classifier = classifier
        features = MentionFeatures(hashBits: classifier.hashBits)
    }

    /// Loads the classifier of `kind` from `url`.
    public init(normalizer: LearnedNormalizer, contentsOf url: URL, kind: String, labels: [String], retrain: String) throws {
        try self.init(
            normalizer: normalizer,
            classifier: LinearClassifierFile.read(contentsOf: url, kind: kind, featureVersion: MentionFeatures.version, retrain: retrain),
            labels: labels, file: url.lastPathComponent)
    }

    /// The Symptom mentions of `dialogue`, normalized, with the label probabilities of each.
    func classify(_ dialogue: Dialogue) -> [(mention: MentionFeatures.Mention, probabilities: [Double])] {
        let mentions = MentionFeatures.mentions(of: dialogue, normalize: normalizer.confidentTerm)
        return Array(zip(mentions, features.features(of: mentions, in: dialogue).map(classifier.probabilities)))
    }

    /// Trains on labelled mentions: `labelled` gives each dialogue's gold mentions, their label indices and
    /// their weights.
    static func train(
        _ dialogues: [Dialogue], labels: [String], options: LinearClassifierTrainer.Options,
        labelled: (Dialogue) -> [(mention: MentionFeatures.Mention, label: Int, weight: Double)],
        score: @escaping ([Int], [LinearClassifierTrainer.Example]) -> Double
    ) -> LinearClassifier {
        let features = MentionFeatures(hashBits: options.hashBits)
        return LinearClassifierTrainer(options: options).train(labels: labels, dialogues: dialogues, examples: { dialogue in
            let gold = labelled(dialogue)
            return zip(features.features(of: gold.map(\.mention), in: dialogue), gold).map {
                LinearClassifierTrainer.Example(features: $0, label: $1.label, weight: $1.weight)
            }
        }, score: score)
    }
}
