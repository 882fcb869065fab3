import ArgumentParser
import Foundation
import WenzhenCore
import WenzhenPipeline

/// `wenzhen process INPUT --output OUT`: reprocesses an archive through the staged pipeline, resumably.
struct ProcessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Run an archive of dialogues through all stages and write the results document.",
        discussion: """
            The checkpoint database (--state) records every stage result; rerunning the same command after an \
            interruption resumes where it stopped, and the output holds every dialogue exactly once.
            """)

    @Argument(help: "Dialogues: an IMCS-V2 dataset file (.json) or JSON Lines (.jsonl).")
    var input: String

    @Option(name: .shortAndLong, help: "Where to write the results document ('-' for standard output).")
    var output: String

    @Option(help: "Checkpoint database (default: ./<input name>.wenzhen.sqlite).")
    var state: String?

    @Option(help: "Layout of the input: dataset or jsonl (default: by extension).")
    var format: DialogueFileFormat?

    @Option(help: "Layout of the output: dataset or jsonl (default: by extension of --output, or as the input).")
    var outputFormat: DialogueFileFormat?

    @Flag(help: "Skip dialogues that cannot be decoded (each is reported) instead of stopping.")
    var skipInvalid = false

    @OptionGroup var common: CommonOptions

    func run() throws {
        let logger = common.makeLogger()
        let configuration = try common.loadConfiguration()
        let runner = PipelineRunner(configuration: configuration, resources: try common.resources(for: configuration), logger: logger)
        let inputURL = URL(fileURLWithPath: input)
        let data: Data
        do { data = try Data(contentsOf: inputURL) } catch {
            throw DialogueFileError.unreadable(path: input, reason: (error as NSError).localizedDescription)
        }
        let inputFormat = format ?? DialogueFileFormat(path: input)
        let entries = try DialogueFile.read(data, format: inputFormat)
        var dialogues: [Dialogue] = []
        var invalid: [DialogueFileError] = []
        for entry in entries {
            switch entry.dialogue {
            case let .success(dialogue): dialogues.append(dialogue)
            case let .failure(error): invalid.append(error)
            }
        }
        for error in invalid { FileHandle.standardError.write(Data("invalid input: \(error)\n".utf8)) }
        if !invalid.isEmpty && !skipInvalid {
            throw CLIError("\(invalid.count) of \(entries.count) dialogues in \(input) cannot be decoded; fix them or pass --skip-invalid")
        }
        let statePath = state ?? (inputURL.deletingPathExtension().lastPathComponent + ".wenzhen.sqlite")
        let progress = ProgressDisplay()
        let (store, summary) = try OfflineProcessor(runner: runner).run(
            dialogues, statePath: statePath, inputFingerprint: OfflineProcessor.fingerprint(data)
        ) { settled, total in progress.update(done: settled, total: total) }
        progress.finish()
        let format = outputFormat ?? (output == "-" ? inputFormat : DialogueFileFormat(path: output))
        let outputURL = output == "-" ? FileManager.default.temporaryDirectory.appendingPathComponent("wenzhen-\(UUID().uuidString).json") : URL(fileURLWithPath: output)
        try OfflineProcessor.writeResults(of: store, to: outputURL, format: format)
        if output == "-" {
            FileHandle.standardOutput.write(try Data(contentsOf: outputURL))
            try? FileManager.default.removeItem(at: outputURL)
        }
        for failure in summary.failures { FileHandle.standardError.write(Data("failed: dialogue \(failure.id): \(failure.error)\n".utf8)) }
        let counts = summary.counts
        FileHandle.standardError.write(Data("""
            \(counts.done) of \(counts.total) dialogues processed (\(summary.newlyTaken) new in this run, \(counts.failed) failed); \
            results in \(output == "-" ? "standard output" : output); state in \(statePath)\n
            """.utf8))
        if counts.failed > 0 || (!invalid.isEmpty) { throw ExitCode(2) }
    }
}

extension DialogueFileFormat: ExpressibleByArgument {}

/// A failure the command reports as one line.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
