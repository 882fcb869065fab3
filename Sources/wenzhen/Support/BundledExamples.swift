import ArgumentParser
import Foundation
import WenzhenCore
import WenzhenStages

/// The example consultations that ship in the package (written for the project, no corpus data).
enum BundledExamples {
    /// Three short consultations (10–13 sentences), for trying the tools.
    static var consultations: URL {
        get throws { try StageResources.bundled().url("examples/consultations.json") }
    }

    /// Two consultations of 40 sentences, the length of a typical IMCS-V2 dialogue, which the benchmarks replicate.
    static var fullLengthConsultations: URL {
        get throws { try StageResources.bundled().url("examples/full-length-consultations.json") }
    }
}

/// What every `wenzhen bench` command reads and how it reports: dialogues (by default the full-length
/// examples, so that a fresh clone needs no data) and an optional closing JSON line of the figures.
struct BenchInput: ParsableArguments {
    @Option(help: "Dialogues to use (default: the bundled full-length example consultations, 40 sentences each).")
    var input: String?

    @Option(help: "Keep only the first N sentences of each dialogue (how the cost grows with a dialogue's length).")
    var turns: Int?

    @Flag(help: "End with one JSON line of the figures.")
    var json = false

    func validate() throws {
        if let turns, turns < 1 { throw ValidationError("--turns must be at least 1") }
    }

    /// The path read: `--input`, or the bundled full-length consultations.
    func path() throws -> String { try input ?? BundledExamples.fullLengthConsultations.path }

    /// The dialogues of `path()`, cut to `--turns` sentences.
    func dialogues() throws -> [Dialogue] {
        try EvalCommand.readAll(try path(), format: nil).map { dialogue in
            var cut = dialogue
            if let turns { cut.turns = Array(cut.turns.prefix(turns)) }
            return cut
        }
    }
}
