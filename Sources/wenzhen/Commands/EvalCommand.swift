import ArgumentParser
import Foundation
import WenzhenCore
import WenzhenEval
import WenzhenStages

/// `wenzhen eval --gold G --pred P`: every metric of the CBLUE / IMCS-V2 scorers.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score a results document against gold dialogues: NER, acts, symptoms, polarity, report.")

    @Option(help: "Gold dialogues: IMCS-V2 dataset (.json), JSON Lines (.jsonl) or CHIP-MDCFNPC (--gold-format mdcfnpc).")
    var gold: String

    @Option(help: "Predicted results document (from `wenzhen process`).")
    var pred: String

    @Option(help: "Layout of the gold file: dataset, jsonl or mdcfnpc (default: by extension).")
    var goldFormat: String?

    @Flag(help: "Print one JSON object instead of tables.")
    var json = false

    func run() throws {
        let goldDialogues: [Dialogue]
        switch goldFormat {
        case "mdcfnpc"?: goldDialogues = try MDCFNPCFile.read(contentsOf: URL(fileURLWithPath: gold))
        case let name?:
            guard let format = DialogueFileFormat(rawValue: name) else { throw CLIError("unknown gold format '\(name)'") }
            goldDialogues = try Self.readAll(gold, format: format)
        case nil: goldDialogues = try Self.readAll(gold, format: nil)
        }
        let predicted = try Self.readAll(pred, format: nil)
        let normalizer = try StageResources.bundled().symptomNormalizer()
        let report = Evaluator(vocabulary: Set(normalizer.terms)).evaluate(gold: goldDialogues, predicted: predicted)
        print(json ? try report.json() : report.table())
    }

    /// Every dialogue of a file; any record that cannot be decoded is an error.
    static func readAll(_ path: String, format: DialogueFileFormat?) throws -> [Dialogue] {
        try DialogueFile.read(contentsOf: URL(fileURLWithPath: path), format: format).map { entry in
            do { return try entry.dialogue.get() } catch { throw CLIError("\(path): \(error)") }
        }
    }
}
