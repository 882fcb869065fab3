import Foundation
import WenzhenCore

/// The learned polarity stage: the CHIP-MDCFNPC label of each Symptom mention, read locally by a softmax
/// classifier over `MentionFeatures` (a separate output from the dialogue-level status).
public struct LearnedPolarity: Stage {
    public static let fileName = "polarity.model"
    public static let kind = "polarity"
    static let retrain = "retrain with `wenzhen train polarity`"
    static let labels = Polarity.allCases

    public let model: MentionClassifier

    public init(model: MentionClassifier) { self.model = model }

    public init(normalizer: LearnedNormalizer, classifier: LinearClassifier) throws {
        model = try MentionClassifier(normalizer: normalizer, classifier: classifier, labels: Self.labels.map(\.rawValue), file: Self.fileName)
    }

    public init(normalizer: LearnedNormalizer, contentsOf url: URL) throws {
        model = try MentionClassifier(normalizer: normalizer, contentsOf: url, kind: Self.kind, labels: Self.labels.map(\.rawValue), retrain: Self.retrain)
    }

    public func process(_ dialogue: inout Dialogue) throws {
        let classified = model.classify(dialogue)
        for index in dialogue.turns.indices { dialogue.turns[index].findings = [] }
        for (mention, probabilities) in classified {
            let turn = dialogue.turns[mention.turn]
            dialogue.turns[mention.turn].findings!.append(Finding(
                mention: mention.entity.text(in: turn.characters), start: mention.entity.start, end: mention.entity.end,
                norm: mention.term, attr: Self.labels[LearnedSymptoms.argmax(probabilities)]))
        }
    }

    /// The L2 strength `wenzhen train polarity` uses unless told otherwise: three times the trainer's default,
    /// which scored higher under cross-validation at every seed tried (macro-F1 +0.002 to +0.006).
    public static let defaultL2 = 3e-3

    /// Trains on the gold mentions and polarities of labelled dialogues (findings, by range).
    public static func train(_ dialogues: [Dialogue], options: LinearClassifierTrainer.Options) -> LinearClassifier {
        MentionClassifier.train(dialogues, labels: labels.map(\.rawValue), options: options, labelled: { dialogue in
            dialogue.turns.enumerated().flatMap { index, turn in
                (turn.findings ?? []).filter { $0.end > $0.start }.map { finding in
                    (MentionFeatures.Mention(turn: index, entity: Entity(type: .symptom, start: finding.start, end: finding.end), term: finding.norm),
                     Self.labels.firstIndex(of: finding.attr)!, 1)
                }
            }
        }, score: LinearClassifierTrainer.macroF1(labelCount: labels.count))
    }
}
