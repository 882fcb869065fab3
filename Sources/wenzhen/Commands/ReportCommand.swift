import ArgumentParser
import Foundation
import WenzhenCore
import WenzhenPipeline
import WenzhenStages

/// `wenzhen report DIALOGUES`: the six-field report of each dialogue with the sentences behind each field.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Run the configured stages on dialogues in this process and print each report with its evidence.")

    @Argument(help: "Dialogues: an IMCS-V2 dataset file (.json) or JSON Lines (.jsonl).")
    var input: String

    @Option(help: "Only this dialogue.")
    var dialogue: String?

    @OptionGroup var common: CommonOptions

    func run() throws {
        let configuration = try common.loadConfiguration()
        let resources = try common.resources(for: configuration)
        let stages = try configuration.stages.map {
            try StageRegistry.standard.makeStage($0.kind, implementation: $0.implementation, resources: resources)
        }
        for var consultation in try EvalCommand.readAll(input, format: nil) where dialogue == nil || consultation.id == dialogue {
            consultation = consultation.withoutAnnotations
            for stage in stages { try stage.process(&consultation) }
            guard let report = consultation.report else { throw CLIError("the configured stages write no report") }
            print("# \(consultation.id)")
            for (name, text) in zip(Report.fieldNames, report.fields) {
                let sources = consultation.reportEvidence?[name] ?? []
                print("\(name)：\(text)" + (sources.isEmpty ? "" : "    [\(sources.joined(separator: ", "))]"))
            }
            print("")
        }
    }
}
