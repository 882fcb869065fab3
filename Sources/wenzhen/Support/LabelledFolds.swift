import ArgumentParser
import Foundation
import WenzhenCore
import WenzhenStages

/// Cross-validation by dialogue for the stages learned from the labelled dev dialogues: seeded folds of whole
/// dialogues, and per fold the upstream stages as they will run — the shipped NER, and a dialogue-act model
/// trained on the fold's training dialogues only, so that no test dialogue leaks in through its acts.
struct LabelledFolds {
    let ner: CRFNER
    /// The bigram clusters the act features read.
    let clusters: BigramClusters
    /// How the act models are trained: as `wenzhen train dac` trains the shipped one, with the folds' seed.
    let actOptions: LinearClassifierTrainer.Options

    init(ner: CRFNER, clusters: BigramClusters, seed: UInt64) {
        self.ner = ner
        self.clusters = clusters
        var options = LearnedDialogueActs.trainingOptions
        options.seed = seed
        actOptions = options
    }

    /// The dialogues of `path` that carry act/symptom/polarity labels.
    static func labelledDialogues(_ path: String) throws -> [Dialogue] {
        try EvalCommand.readAll(path, format: nil).filter(\.hasActLabels)
    }

    /// `count` (train, test) splits of whole dialogues.
    static func folds(_ dialogues: [Dialogue], count: Int, seed: UInt64) -> [(train: [Dialogue], test: [Dialogue])] {
        var generator = SeededGenerator(seed: seed)
        let shuffled = dialogues.shuffled(using: &generator)
        return (0..<count).map { fold in
            (shuffled.enumerated().filter { $0.offset % count != fold }.map(\.element),
             shuffled.enumerated().filter { $0.offset % count == fold }.map(\.element))
        }
    }

    /// A dialogue-act stage trained on `dialogues` (tagged by the NER stage first, as at run time).
    func actStage(trainedOn dialogues: [Dialogue]) throws -> LearnedDialogueActs {
        try LearnedDialogueActs.train(try dialogues.map { try tagged($0) }, clusters: clusters, options: actOptions)
    }

    /// The dialogues with their gold acts replaced by those of act models that did not see them (jackknifing:
    /// the k-th of every `count` dialogues is labelled by a model trained on the others), their other labels
    /// and gold entities kept: a classifier trained on them learns from acts as the act stage gives them at run
    /// time, not as annotators gave them.
    func withPredictedActs(_ dialogues: [Dialogue], count: Int = 5) throws -> [Dialogue] {
        var result = dialogues
        for part in 0..<count {
            let acts = try actStage(trainedOn: dialogues.indices.filter { $0 % count != part }.map { dialogues[$0] })
            for index in dialogues.indices where index % count == part {
                let predicted = try prepared(dialogues[index], acts: acts, goldEntities: false)
                for turn in result[index].turns.indices { result[index].turns[turn].dialogueAct = predicted.turns[turn].dialogueAct }
            }
        }
        return result
    }

    /// The dialogue as the downstream stages see it: entities from the NER stage (or the gold ones when
    /// `goldEntities`), acts from `acts`, and no symptom or polarity labels.
    func prepared(_ dialogue: Dialogue, acts: LearnedDialogueActs, goldEntities: Bool) throws -> Dialogue {
        var copy = dialogue.withoutAnnotations
        if goldEntities {
            for index in copy.turns.indices { copy.turns[index].bioLabel = dialogue.turns[index].bioLabel }
        } else {
            try ner.process(&copy)
        }
        try acts.process(&copy)
        return copy
    }

    /// The dialogue with the NER stage's tags and `acts`' acts added and its own labels kept: extra training
    /// dialogues that carry findings but neither tags nor acts (CHIP-MDCFNPC).
    func annotated(_ dialogue: Dialogue, acts: LearnedDialogueActs) throws -> Dialogue {
        var copy = try tagged(dialogue)
        try acts.process(&copy)
        return copy
    }

    private func tagged(_ dialogue: Dialogue) throws -> Dialogue {
        var copy = dialogue
        try ner.process(&copy)
        return copy
    }
}

/// The options every `wenzhen train` command over the labelled dialogues shares.
struct LabelledTraining: ParsableArguments {
    @Option(help: "Dialogues; those whose sentences carry the extra labels (acts, symptoms, findings) are used.")
    var dialogues: String

    @Option(help: "Folds of the cross-validation by dialogue (0: skip it).")
    var folds = 5

    @Option(help: "Random seed (folds, held-out dialogues, shuffling).")
    var seed: UInt64 = 42

    /// The notes a model trained on `count` dialogues keeps in its file.
    func notes(count: Int) -> [String: String] {
        ["trainedOn": URL(fileURLWithPath: dialogues).lastPathComponent, "dialogues": "\(count)", "seed": "\(seed)"]
    }
}
