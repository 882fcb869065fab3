import ArgumentParser
import Foundation
import WenzhenCore
import WenzhenPipeline
import WenzhenStages

/// `wenzhen bench …`: speed and memory figures, printed (never asserted by tests).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed and memory.",
        subcommands: [BenchNER.self, BenchStage.self, BenchPipeline.self])
}

/// `wenzhen bench stage NAME`: one stage alone on one core (e.g. reports/s, act classifications/s).
struct BenchStage: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage",
        abstract: "Run one stage on one thread over dialogues already through the stages before it; print dialogues/s and sentences/s.")

    @Argument(help: "The stage: ner, dac, symptoms, polarity or report.")
    var name: String

    @OptionGroup var source: BenchInput

    @Option(help: "How many dialogues to process (the input's, repeated).")
    var dialogues = 20_000

    @OptionGroup var common: CommonOptions

    func run() throws {
        guard let kind = StageKind(rawValue: name) else { throw StageError.unknownStage(name) }
        let configuration = try common.loadConfiguration()
        let resources = try common.resources(for: configuration)
        let settings = configuration.stages.prefix { $0.kind != kind }
        func make(_ kind: StageKind) throws -> any Stage {
            let implementation = configuration.settings(for: kind)?.implementation ?? PipelineConfiguration.StageSettings(kind: kind).implementation
            return try StageRegistry.standard.makeStage(kind, implementation: implementation, resources: resources)
        }
        let earlier = try settings.map { try make($0.kind) }
        let stage = try make(kind)
        let prepared = try source.dialogues().map { dialogue in
            var dialogue = dialogue
            for stage in earlier { try stage.process(&dialogue) }
            return dialogue
        }
        guard !prepared.isEmpty else { throw CLIError("no dialogues") }
        var sentences = 0
        let start = Date()
        for index in 0..<dialogues {
            var dialogue = prepared[index % prepared.count]
            try stage.process(&dialogue)
            sentences += dialogue.turns.count
        }
        let seconds = Date().timeIntervalSince(start)
        print(String(
            format: "%@ stage on one thread: %d dialogues (%d sentences) in %.2f s: %.0f dialogues/s, %.0f sentences/s",
            name, dialogues, sentences, seconds, Double(dialogues) / seconds, Double(sentences) / seconds))
        if source.json {
            print(String(format: #"{"dialogues_per_s": %.1f, "sentences_per_s": %.1f, "seconds": %.3f}"#, Double(dialogues) / seconds, Double(sentences) / seconds, seconds))
        }
    }
}

/// `wenzhen bench ner`: the CRF tagger on one core.
struct BenchNER: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ner",
        abstract: "Tag a large batch of sentences with the CRF on one thread; print sentences/s, characters/s, peak memory.")

    @OptionGroup var source: BenchInput

    @Option(help: "How many sentences to tag (the input's sentences, repeated).")
    var sentences = 500_000

    func run() throws {
        let model = try StageResources.bundled().nerModel()
        let path = try source.path()
        let dialogues = try source.dialogues()
        let texts = dialogues.flatMap { [$0.selfReport] + $0.turns.map(\.sentence) }.filter { !$0.isEmpty }.map { $0.unicodeScalars.map(\.value) }
        guard !texts.isEmpty else { throw CLIError("no sentences in \(path)") }
        var workspace = CRFWorkspace()
        var labels = [UInt8](repeating: 0, count: texts.map(\.count).max()!)
        var characters = 0
        var checksum = 0
        let start = Date()
        labels.withUnsafeMutableBufferPointer { output in
            for index in 0..<sentences {
                let text = texts[index % texts.count]
                text.withUnsafeBufferPointer { model.decode($0, workspace: &workspace, into: output) }
                characters += text.count
                checksum &+= Int(output[0])
            }
        }
        let seconds = Date().timeIntervalSince(start)
        let figures: [String: Double] = [
            "sentences": Double(sentences), "sentences_per_s": Double(sentences) / seconds,
            "characters_per_s": Double(characters) / seconds, "mean_sentence_length": Double(characters) / Double(sentences),
            "seconds": seconds, "peak_rss_mb": PeakMemory.megabytes,
        ]
        print(String(format: "CRF NER on one thread: %d sentences (mean %.1f characters) in %.2f s", sentences, figures["mean_sentence_length"]!, seconds))
        print(String(format: "  %.0f sentences/s  %.0f characters/s  peak RSS %.1f MB  (label checksum %d)", figures["sentences_per_s"]!, figures["characters_per_s"]!, figures["peak_rss_mb"]!, checksum))
        if source.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            print(String(decoding: try encoder.encode(figures), as: UTF8.self))
        }
    }
}

/// The process's peak resident memory.
/// The process's resident memory now, from /proc/self/statm.
enum ResidentMemory {
    static var megabytes: Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
              let pages = text.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return .nan }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / (1024 * 1024)
    }
}

enum PeakMemory {
    static var megabytes: Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}
