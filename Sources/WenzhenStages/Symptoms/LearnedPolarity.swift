import Foundation
import WenzhenCore

/// The learned polarity stage: the CHIP-MDCFNPC label of each Symptom mention, read locally by a softmax
/// classifier over `MentionFeatures` (a separate output from the dialogue-level status).
public struct LearnedPolarity: Stage {
    public static let fileName = "polarity.model"
    public static let kind = "polarity"
    static let retrain = "retrain with `wenzhen train polarity`"
    static let labels = Polarity.allCases

    public let normalizer: LearnedNormalizer
    public let classifier: LinearClassifier
    let features: MentionFeatures

    public init(normalizer: LearnedNormalizer, classifier: LinearClassifier) throws {
        guard classifier.labels == Self.labels.map(\.rawValue) else {
            throw StageError.invalidResource(file: Self.fileName, reason: "the classifier's labels are not the four polarities")
        }
        self.normalizer = normalizer
        self.classifier = classifier
        features = MentionFeatures(hashBits: classifier.hashBits)
    }

    public init(normalizer: LearnedNormalizer, contentsOf url: URL) throws {
        try self.init(
            normalizer: normalizer,
            classifier: LinearClassifierFile.read(contentsOf: url, kind: Self.kind, featureVersion: MentionFeatures.version, retrain: Self.retrain))
    }

    public func process(_ dialogue: inout Dialogue) throws {
        let mentions = MentionFeatures.mentions(of: dialogue, normalize: normalizer.normalize)
        for index in dialogue.turns.indices { dialogue.turns[index].findings = [] }
        for (mention, bag) in zip(mentions, features.features(of: mentions, in: dialogue)) {
            let turn = dialogue.turns[mention.turn]
            dialogue.turns[mention.turn].findings!.append(Finding(
                mention: mention.entity.text(in: turn.characters), start: mention.entity.start, end: mention.entity.end,
                norm: mention.term, attr: Self.labels[classifier.predict(bag)]))
        }
    }

    /// Trains on the gold mentions and polarities of labelled dialogues (findings aligned by range).
    public static func train(_ dialogues: [Dialogue], validation: [Dialogue], options: LinearClassifierTrainer.Options) -> LinearClassifier {
        let features = MentionFeatures(hashBits: options.hashBits)
        func examples(_ dialogues: [Dialogue]) -> [LinearClassifierTrainer.Example] {
            dialogues.flatMap { dialogue -> [LinearClassifierTrainer.Example] in
                var mentions: [MentionFeatures.Mention] = []
                var labels: [Int] = []
                for (index, turn) in dialogue.turns.enumerated() {
                    for finding in turn.findings ?? [] where finding.end > finding.start {
                        mentions.append(MentionFeatures.Mention(turn: index, entity: Entity(type: .symptom, start: finding.start, end: finding.end), term: finding.norm))
                        labels.append(Self.labels.firstIndex(of: finding.attr)!)
                    }
                }
                return zip(features.features(of: mentions, in: dialogue), labels).map { LinearClassifierTrainer.Example(features: $0, label: $1) }
            }
        }
        return LinearClassifierTrainer(options: options).train(
            labels: labels.map(\.rawValue), examples(dialogues), validation: examples(validation), score: macroF1)
    }

    static func macroF1(_ predictions: [Int], _ examples: [LinearClassifierTrainer.Example]) -> Double {
        var scores = ClassificationScores()
        for (prediction, example) in zip(predictions, examples) { scores.add(gold: String(example.label), predicted: String(prediction)) }
        return scores.macroF1(over: labels.indices.map(String.init))
    }
}
