import ArgumentParser
import Foundation
import WenzhenCore
import WenzhenStages

/// `wenzhen train ner`: the character CRF of the `crf` NER stage.
struct TrainNER: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ner",
        abstract: "Train the character CRF on BIO-tagged sentences; early stopping on a held-out share of them.")

    @Option(help: "BIO-tagged sentences, JSON Lines of {sentence, BIO_label} (IMCS-V2 ner-train.jsonl).")
    var train: String

    @Option(help: "Dialogues whose BIO labels are scored after each epoch, for information only (not used for stopping).")
    var dev: String?

    @OptionGroup var destination: ModelOutput

    @Option(help: "Maximum number of epochs.")
    var epochs = CRFTrainer.Options().epochs

    @Option(help: "L2 regularisation strength per example.")
    var l2 = CRFTrainer.Options().l2

    @Option(help: "Initial learning rate.")
    var learningRate = CRFTrainer.Options().learningRate

    @Option(help: "log2 of the number of feature buckets.")
    var hashBits = CRFTrainer.Options().hashBits

    @Option(help: "Epochs without improvement on the held-out share before stopping.")
    var patience = CRFTrainer.Options().patience

    @Option(help: "Random seed (shuffling, held-out share).")
    var seed: UInt64 = CRFTrainer.Options().seed

    @Flag(help: "Train without the lexicon-match features.")
    var noLexicon = false

    func run() throws {
        let started = Date()
        let sentences = try NERSentenceFile.read(contentsOf: URL(fileURLWithPath: train)).map(CRFTrainer.Sentence.init)
        let devSentences = try dev.map { path in
            try EvalCommand.readAll(path, format: nil).flatMap(\.turns).compactMap { turn in
                turn.bioLabel.map { CRFTrainer.Sentence(characters: turn.characters, tags: $0) }
            }
        } ?? []
        let lexicon = noLexicon ? nil : try StageResources.bundled().entityLexicon()
        var options = CRFTrainer.Options()
        options.epochs = epochs
        options.l2 = l2
        options.learningRate = learningRate
        options.hashBits = hashBits
        options.patience = patience
        options.seed = seed
        print("training on \(sentences.count) sentences (\(Int(Double(sentences.count) * options.validationShare)) held out), \(1 << hashBits) buckets, lexicon: \(lexicon?.count ?? 0) forms")
        var bestEpoch = 0
        var bestValidation = 0.0
        let model = CRFTrainer(options: options).train(sentences, lexicon: lexicon, dev: devSentences) { report in
            if report.isBest {
                bestEpoch = report.epoch
                bestValidation = report.validationF1
            }
            let dev = report.devF1.map { String(format: "  dev F1 %.4f", $0) } ?? ""
            print(String(format: "epoch %2d  loss %.1f  held-out F1 %.4f%@  %.0f sentences/s%@", report.epoch, report.loss, report.validationF1, dev, report.sentencesPerSecond, report.isBest ? "  *" : ""))
        }
        let notes = [
            "trainedOn": URL(fileURLWithPath: train).lastPathComponent, "sentences": "\(sentences.count)",
            "bestEpoch": "\(bestEpoch)", "heldOutF1": String(format: "%.4f", bestValidation),
            "l2": "\(l2)", "learningRate": "\(learningRate)", "seed": "\(seed)",
        ]
        let url = destination.url(CRFModelFile.fileName)
        try CRFModelFile.write(model, notes: notes, to: url)
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        print(String(format: "best epoch %d (held-out F1 %.4f); model %@ (%.1f MB) written in %.0f s", bestEpoch, bestValidation, url.path, Double(size) / 1e6, Date().timeIntervalSince(started)))
    }
}
