import ArgumentParser
import Foundation
import WenzhenCore
import WenzhenEval
import WenzhenStages

/// `wenzhen train sr`: the learned alias table and the status classifier, cross-validated by dialogue.
struct TrainSymptoms: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sr",
        abstract: "Train symptom normalization and status on the labelled dialogues (k-fold cross-validation by dialogue first).")

    @OptionGroup var training: LabelledTraining

    @OptionGroup var destination: ModelOutput

    @Option(help: "Print this many normalization errors of the cross-validation.")
    var showErrors = 0

    @Option(help: "L2 regularisation strength per example of the status classifier.")
    var l2 = LinearClassifierTrainer.Options().l2

    func run() throws {
        let resources = try StageResources.bundled()
        let base = try resources.symptomNormalizer()
        var options = LinearClassifierTrainer.Options()
        options.seed = training.seed
        options.l2 = l2
        let labelled = try LabelledFolds.labelledDialogues(training.dialogues)
        let folds = LabelledFolds(ner: CRFNER(model: try resources.nerModel()), clusters: try resources.bigramClusters(), seed: training.seed)
        print("\(labelled.count) labelled dialogues")
        if training.folds > 1 {
            var predicted: [Dialogue] = []
            var normalized = 0, mentions = 0
            for (number, split) in LabelledFolds.folds(labelled, count: training.folds, seed: training.seed).enumerated() {
                let normalizer = LearnedNormalizer(base: base, pairs: LearnedSymptoms.normalizationPairs(split.train))
                for pair in LearnedSymptoms.normalizationPairs(split.test) {
                    mentions += 1
                    let choice = normalizer.normalize(pair.mention)
                    if choice == pair.term {
                        normalized += 1
                    } else if mentions - normalized <= showErrors {
                        print("  normalization error: \(pair.mention) → \(choice.isEmpty ? "(none)" : choice), expected \(pair.term.isEmpty ? "(none)" : pair.term)")
                    }
                }
                let classifier = LearnedSymptoms.train(try folds.withPredictedActs(split.train), options: options)
                let stage = try LearnedSymptoms(normalizer: normalizer, classifier: classifier)
                let acts = try folds.actStage(trainedOn: split.train)
                for dialogue in split.test {
                    var copy = try folds.prepared(dialogue, acts: acts, goldEntities: false)
                    try stage.process(&copy)
                    predicted.append(copy)
                }
                print("fold \(number + 1)/\(training.folds) done")
            }
            let report = Evaluator(vocabulary: Set(base.terms)).evaluate(gold: labelled, predicted: predicted)
            print("\(training.folds)-fold cross-validation by dialogue, predicted NER mentions:")
            print(String(format: "  normalization accuracy on gold mentions %.4f (%d of %d)", Double(normalized) / Double(max(mentions, 1)), normalized, mentions))
            for (name, s) in [("utterance", report.symptomsUtterance), ("dialogue", report.symptomsDialogue)] {
                print(String(format: "  SR %@ level  P %.4f  R %.4f  F1 %.4f", name, s.precision, s.recall, s.f1))
            }
        }
        let normalizer = LearnedNormalizer(base: base, pairs: LearnedSymptoms.normalizationPairs(labelled))
        try normalizer.write(to: destination.url(LearnedNormalizer.fileName))
        let classifier = LearnedSymptoms.train(try folds.withPredictedActs(labelled), options: options)
        try LinearClassifierFile.write(
            classifier, kind: LearnedSymptoms.kind, featureVersion: MentionFeatures.version,
            notes: training.notes(count: labelled.count),
            to: destination.url(LearnedSymptoms.fileName))
        print("alias table and status model written to \(destination.output)")
    }

}

/// `wenzhen train polarity`: the polarity classifier, cross-validated by dialogue on gold mentions.
struct TrainPolarity: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "polarity",
        abstract: "Train the CHIP-MDCFNPC polarity classifier on the labelled dialogues (k-fold cross-validation by dialogue first).")

    @OptionGroup var training: LabelledTraining

    @OptionGroup var destination: ModelOutput

    @Flag(inversion: .prefixedNo, help: "Weigh rare labels up (for macro-F1).")
    var balanceClasses = true

    @Option(help: "L2 regularisation strength per example of the polarity classifier.")
    var l2 = LearnedPolarity.defaultL2

    @Option(help: "CHIP-MDCFNPC dialogues with expert polarities, added to the training part of every fold and to the final model's data; never scored.")
    var mdcfnpc: String?

    func run() throws {
        let resources = try StageResources.bundled()
        let base = try resources.symptomNormalizer()
        var options = LinearClassifierTrainer.Options()
        options.seed = training.seed
        options.balanceClasses = balanceClasses
        options.l2 = l2
        let labelled = try LabelledFolds.labelledDialogues(training.dialogues)
        let folds = LabelledFolds(ner: CRFNER(model: try resources.nerModel()), clusters: try resources.bigramClusters(), seed: training.seed)
        let expert = try mdcfnpc.map { try MDCFNPCFile.read(contentsOf: URL(fileURLWithPath: $0)) } ?? []
        if !expert.isEmpty { print("\(expert.count) CHIP-MDCFNPC dialogues added to the training data") }
        if training.folds > 1 {
            var givenMentions: [Dialogue] = []
            var endToEnd: [Dialogue] = []
            for (number, split) in LabelledFolds.folds(labelled, count: training.folds, seed: training.seed).enumerated() {
                let normalizer = LearnedNormalizer(base: base, pairs: LearnedSymptoms.normalizationPairs(split.train))
                let acts = try folds.actStage(trainedOn: split.train)
                let extra = try expert.map { try folds.annotated($0, acts: acts) }
                let stage = try LearnedPolarity(normalizer: normalizer, classifier: LearnedPolarity.train(split.train + extra, options: options))
                for dialogue in split.test {
                    for gold in [true, false] {
                        var copy = try folds.prepared(dialogue, acts: acts, goldEntities: gold)
                        try stage.process(&copy)
                        if gold { givenMentions.append(copy) } else { endToEnd.append(copy) }
                    }
                }
                print("fold \(number + 1)/\(training.folds) done")
            }
            let evaluator = Evaluator(vocabulary: Set(base.terms))
            let given = evaluator.evaluate(gold: labelled, predicted: givenMentions).polarity
            let predicted = evaluator.evaluate(gold: labelled, predicted: endToEnd).polarity
            print("\(training.folds)-fold cross-validation by dialogue:")
            print(String(format: "  polarity on gold mentions: macro-F1 %.4f  accuracy %.4f", given.macroF1, given.givenMentions.accuracy))
            for label in Polarity.allCases {
                let s = given.givenMentions.perLabel[label.rawValue] ?? PRF()
                print(String(format: "    %@  P %.4f  R %.4f  F1 %.4f  (n=%d)", label.rawValue, s.precision, s.recall, s.f1, s.support))
            }
            print(String(format: "  end to end with predicted NER mentions: (span, label) F1 %.4f", predicted.endToEnd.f1))
        }
        var extra: [Dialogue] = []
        if !expert.isEmpty {
            let acts = try folds.actStage(trainedOn: labelled)
            extra = try expert.map { try folds.annotated($0, acts: acts) }
        }
        let classifier = LearnedPolarity.train(labelled + extra, options: options)
        var notes = training.notes(count: labelled.count)
        if let mdcfnpc, !expert.isEmpty { notes["expertPolarities"] = "\(URL(fileURLWithPath: mdcfnpc).lastPathComponent) (\(expert.count) dialogues)" }
        try LinearClassifierFile.write(
            classifier, kind: LearnedPolarity.kind, featureVersion: MentionFeatures.version, notes: notes,
            to: destination.url(LearnedPolarity.fileName))
        print("polarity model written to \(destination.output)")
    }

}

/// `wenzhen normalize TEXT`: the lexicon term of a symptom mention, with its score and the runner-up.
struct NormalizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalize", abstract: "Print the lexicon term of a symptom mention, its score and the runner-up.")

    @Argument(help: "Symptom mentions.")
    var mentions: [String]

    func run() throws {
        let normalizer = try StageResources.bundled().learnedNormalizer()
        for mention in mentions {
            let choice = normalizer.choose(mention)
            let runnerUp = choice.runnerUp.map { String(format: "\t(runner-up %@ %.2f)", $0.term, $0.score) } ?? ""
            let guess = choice.isConfident ? "" : "\t(a guess: the symptom stage leaves it unnormalized)"
            print(String(format: "%@\t→ %@\t%.2f%@%@", mention, choice.term.isEmpty ? "(none)" : choice.term, choice.score, runnerUp, guess))
        }
    }
}
