import ArgumentParser
import Foundation
import WenzhenCore
import WenzhenStages

/// `wenzhen train …`: builds the lexicons and models that ship in `Lexicons/data`.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Build lexicons and models from the shared training data.",
        subcommands: [TrainLexicons.self, TrainNER.self, TrainClusters.self, TrainDAC.self, TrainSymptoms.self, TrainPolarity.self])
}

/// `wenzhen train lexicons`: the entity dictionary of the `lexicon` NER stage.
struct TrainLexicons: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lexicons",
        abstract: "Build entities.tsv from BIO-tagged training sentences (IMCS-V2 ner-train.jsonl).")

    @Option(help: "BIO-tagged sentences, JSON Lines of {sentence, BIO_label}.")
    var train: String

    @OptionGroup var destination: ModelOutput

    @Option(help: "Fewest tagged occurrences a surface form needs.")
    var minimumCount = 2

    @Option(help: "Least share of a form's occurrences that must be tagged.")
    var minimumPrecision = 0.5

    func run() throws {
        let sentences = try NERSentenceFile.read(contentsOf: URL(fileURLWithPath: train))
        var builder = LexiconBuilder()
        builder.minimumCount = minimumCount
        builder.minimumPrecision = minimumPrecision
        let entries = builder.build(sentences)
        let url = destination.url(EntityLexicon.fileName)
        try LexiconBuilder.write(entries, to: url)
        var perType: [EntityType: Int] = [:]
        for entry in entries { perType[entry.type, default: 0] += 1 }
        print("\(sentences.count) sentences → \(entries.count) surface forms in \(url.path)")
        for type in EntityType.allCases { print("  \(type.rawValue): \(perType[type] ?? 0)") }
    }
}
