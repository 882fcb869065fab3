import ArgumentParser
import Foundation
import WenzhenCore
import WenzhenEval
import WenzhenStages

/// `wenzhen train dac`: cross-validates the dialogue-act classifier by dialogue, then trains it on every
/// labelled dialogue.
struct TrainDAC: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dac",
        abstract: "Train the dialogue-act classifier on the dialogues that carry act labels (k-fold cross-validation by dialogue first).")

    @OptionGroup var training: LabelledTraining

    @OptionGroup var destination: ModelOutput

    @Option(help: "L2 regularisation strength per example.")
    var l2 = LearnedDialogueActs.trainingOptions.l2

    @Option(help: "Initial learning rate.")
    var learningRate = LearnedDialogueActs.trainingOptions.learningRate

    @Option(help: "log2 of the number of feature buckets.")
    var hashBits = LearnedDialogueActs.trainingOptions.hashBits

    @Flag(inversion: .prefixedNo, help: "Weigh rare acts up (for macro-F1).")
    var balanceClasses = LearnedDialogueActs.trainingOptions.balanceClasses

    @Flag(help: "Print the cross-validation figures as one JSON line too.")
    var json = false

    func run() throws {
        let resources = try StageResources.bundled()
        let ner = CRFNER(model: try resources.nerModel())
        let clusters = try resources.bigramClusters()
        // Train on the entities the NER stage will give at run time, not on the gold ones.
        let labelled = try LabelledFolds.labelledDialogues(training.dialogues).map { dialogue in
            var tagged = dialogue
            try ner.process(&tagged)
            return tagged
        }
        print("\(labelled.count) dialogues with act labels, \(labelled.reduce(0) { $0 + $1.turns.count }) sentences")
        var options = LearnedDialogueActs.trainingOptions
        options.seed = training.seed
        options.l2 = l2
        options.learningRate = learningRate
        options.hashBits = hashBits
        options.balanceClasses = balanceClasses
        let folds = training.folds
        if folds > 1 {
            var predicted: [Dialogue] = []
            let splits = LabelledFolds.folds(labelled, count: folds, seed: training.seed)
            for (fold, split) in splits.enumerated() {
                let stage = try LearnedDialogueActs.train(split.train, clusters: clusters, options: options)
                for dialogue in split.test {
                    var copy = dialogue
                    try stage.process(&copy)
                    predicted.append(copy)
                }
                print("fold \(fold + 1)/\(folds) done")
            }
            let vocabulary = Set(try resources.symptomNormalizer().terms)
            let report = Evaluator(vocabulary: vocabulary).evaluate(gold: labelled, predicted: predicted)
            print("\(folds)-fold cross-validation by dialogue:")
            print(report.actTable())
            if json {
                print(String(format: #"{"dac_cv_macro_f1": %.4f, "dac_cv_accuracy": %.4f, "folds": %d, "sentences": %d}"#, report.actMacroF1, report.dialogueActs.accuracy, folds, report.dialogueActs.total))
            }
        }
        let views = ["act", "function", "topic"]
        let stage = try LearnedDialogueActs.train(labelled, clusters: clusters, options: options) { view, epoch, loss, score in
            print(String(format: "final model, %@ view: epoch %2d  loss %.1f  held-out macro-F1 %.4f", views[view], epoch, loss, score ?? 0))
        }
        let notes = training.notes(count: labelled.count)
        let url = destination.url(LearnedDialogueActs.fileName)
        try stage.write(to: url, notes: notes)
        print("model written to \(url.path)")
    }
}
