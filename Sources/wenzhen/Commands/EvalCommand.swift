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
        let resources = try StageResources.bundled()
        let report = Evaluator(vocabulary: Set(try resources.symptomNormalizer().terms)).evaluate(gold: goldDialogues, predicted: predicted)
        let normalizer = try resources.learnedNormalizer()
        let grounding = ReportGrounding(model: try resources.nerModel(), normalize: { normalizer.normalize($0) })
        let checks = predicted.map(grounding.check)
        let entities = checks.reduce(0) { $0 + $1.entities }, grounded = checks.reduce(0) { $0 + $1.grounded }
        let share = entities == 0 ? 1 : Double(grounded) / Double(entities)
        if json {
            let line = try report.json()
            print(line.dropLast() + String(format: #","report_grounding":{"entities":%d,"grounded":%d,"share":%.4f}}"#, entities, grounded, share))
        } else {
            print(report.table())
            print(String(format: "Report grounding: %d of %d report entities (%.2f%%) traced to their dialogue or self-report", grounded, entities, share * 100))
            let examples = checks.flatMap(\.ungrounded).prefix(10)
            if !examples.isEmpty { print("  not traced, e.g.: \(examples.joined(separator: ", "))") }
        }
    }

    /// Every dialogue of a file; any record that cannot be decoded is an error.
    static func readAll(_ path: String, format: DialogueFileFormat?) throws -> [Dialogue] {
        try DialogueFile.read(contentsOf: URL(fileURLWithPath: path), format: format).map { entry in
            do { return try entry.dialogue.get() } catch { throw CLIError("\(path): \(error)") }
        }
    }
}
