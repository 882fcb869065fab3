import Foundation
import WenzhenCore

/// The learned dialogue-act stage: a softmax classifier over each sentence's `ActFeatures` — its text, speaker
/// and entities, the act the keyword rules give it, and the text and rule acts of the sentences around it.
public struct LearnedDialogueActs: Stage {
    public static let fileName = "dac-linear.model"
    public static let kind = "dac-lin"
    static let retrain = "retrain with `wenzhen train dac`"
    static let labels = DialogueAct.allCases.map(\.rawValue)

    public let classifier: LinearClassifier
    let features: ActFeatures

    public init(classifier: LinearClassifier) throws {
        guard classifier.labels == Self.labels else {
            throw StageError.invalidResource(file: Self.fileName, reason: "the classifier's labels are not the 16 acts")
        }
        self.classifier = classifier
        features = ActFeatures(hashBits: classifier.hashBits)
    }

    /// Loads the classifier from a model file.
    public init(contentsOf url: URL) throws {
        try self.init(classifier: LinearClassifierFile.read(contentsOf: url, kind: Self.kind, featureVersion: ActFeatures.version, retrain: Self.retrain))
    }

    public func process(_ dialogue: inout Dialogue) throws {
        for (index, bag) in features.features(of: dialogue).enumerated() {
            dialogue.turns[index].dialogueAct = DialogueAct.allCases[classifier.predict(bag)]
        }
    }

    /// Trains the classifier on dialogues with act labels (tagged by the NER stage, as at run time).
    public static func train(
        _ dialogues: [Dialogue], options: LinearClassifierTrainer.Options,
        progress: (_ epoch: Int, _ loss: Double, _ validationScore: Double?) -> Void = { _, _, _ in }
    ) -> LinearClassifier {
        let features = ActFeatures(hashBits: options.hashBits)
        return LinearClassifierTrainer(options: options).train(labels: labels, dialogues: dialogues, examples: { dialogue in
            zip(dialogue.turns, features.features(of: dialogue)).compactMap { turn, bag in
                turn.dialogueAct.map { LinearClassifierTrainer.Example(features: bag, label: DialogueAct.allCases.firstIndex(of: $0)!) }
            }
        }, score: LinearClassifierTrainer.macroF1(labelCount: labels.count), progress: progress)
    }
}
