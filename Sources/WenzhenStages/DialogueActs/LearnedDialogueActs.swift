import Foundation
import WenzhenCore

/// The learned dialogue-act stage: a factored softmax classifier over each sentence's `ActFeatures` — its text,
/// speaker and entities, the act the keyword rules give it, and the text and rule acts of the sentences around
/// it. Three views score every sentence: its act, what it does (Request, Inform, Diagnose, Other) and what it is
/// about (Symptom, Etiology …); an act scores the sum of the three log-probabilities, so rare acts borrow from
/// their kin (Request-Precautions from Inform-Precautions, for the topic).
public struct LearnedDialogueActs: Stage {
    public static let fileName = "dac-linear.model"
    public static let kind = "dac-lin"
    static let retrain = "retrain with `wenzhen train dac`"
    static let labels = DialogueAct.allCases.map(\.rawValue)
    /// Each act's group in each view: the act itself, its function, its topic.
    static let groups = [labels, DialogueAct.allCases.map(\.function), DialogueAct.allCases.map(\.topic)]

    /// How `wenzhen train dac` trains the shipped model unless told otherwise: the trainer's defaults, with rare
    /// acts weighed up (for macro-F1).
    public static let trainingOptions: LinearClassifierTrainer.Options = {
        var options = LinearClassifierTrainer.Options()
        options.balanceClasses = true
        return options
    }()

    public let classifier: FactoredClassifier
    let features: ActFeatures

    /// The stage of a classifier trained over features that read `clusters`.
    public init(classifier: FactoredClassifier, clusters: BigramClusters) throws {
        guard classifier.labels == Self.labels else {
            throw StageError.invalidResource(file: Self.fileName, reason: "the classifier's labels are not the 16 acts")
        }
        self.classifier = classifier
        features = ActFeatures(hashBits: classifier.hashBits, clusters: clusters)
    }

    /// Loads the classifier, and the bigram clusters it was trained with, from a model file.
    public init(contentsOf url: URL) throws {
        let contents = try LinearClassifierFile.readAll(contentsOf: url, kind: Self.kind, featureVersion: ActFeatures.version, retrain: Self.retrain)
        guard let clusters = contents.bigramClusters else {
            throw StageError.invalidResource(file: url.lastPathComponent, reason: "it holds no bigram clusters for its features (\(Self.retrain))")
        }
        do {
            try self.init(classifier: FactoredClassifier(labels: Self.labels, groups: Self.groups, views: contents.classifiers), clusters: clusters)
        } catch is FactoredClassifier.Mismatch {
            throw StageError.invalidResource(
                file: url.lastPathComponent, reason: "its classifiers are not the acts, their functions and their topics (\(Self.retrain))")
        }
    }

    public func process(_ dialogue: inout Dialogue) throws {
        for (index, bag) in features.features(of: dialogue).enumerated() {
            dialogue.turns[index].dialogueAct = DialogueAct.allCases[classifier.predict(bag)]
        }
    }

    /// Trains the three views on dialogues with act labels (tagged by the NER stage, as at run time), with
    /// features that read `clusters`.
    public static func train(
        _ dialogues: [Dialogue], clusters: BigramClusters, options: LinearClassifierTrainer.Options,
        progress: (_ view: Int, _ epoch: Int, _ loss: Double, _ validationScore: Double?) -> Void = { _, _, _, _ in }
    ) throws -> LearnedDialogueActs {
        let features = ActFeatures(hashBits: options.hashBits, clusters: clusters)
        let classifier = try FactoredClassifier.train(labels: labels, groups: groups, options: options, dialogues: dialogues, examples: { dialogue in
            zip(dialogue.turns, features.features(of: dialogue)).compactMap { turn, bag in
                turn.dialogueAct.map { LinearClassifierTrainer.Example(features: bag, label: DialogueAct.allCases.firstIndex(of: $0)!) }
            }
        }, progress: progress)
        return try LearnedDialogueActs(classifier: classifier, clusters: clusters)
    }

    /// Writes the classifier and its bigram clusters, with training `notes`.
    public func write(to url: URL, notes: [String: String]) throws {
        try LinearClassifierFile.write(
            classifier.views, kind: Self.kind, featureVersion: ActFeatures.version, notes: notes, bigramClusters: features.clusters, to: url)
    }
}
