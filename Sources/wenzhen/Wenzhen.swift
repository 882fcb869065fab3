import ArgumentParser

/// The `wenzhen` command: understands Chinese doctor–patient consultations through a staged pipeline.
@main
struct Wenzhen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wenzhen",
        abstract: "Understands Chinese doctor–patient consultation dialogues: NER, dialogue acts, symptoms, polarity, reports.",
        subcommands: [
            ProcessCommand.self, ServeCommand.self, StageCommand.self, SendCommand.self, WatchCommand.self, ShowCommand.self, StatusCommand.self,
            ReportCommand.self, EvalCommand.self, NormalizeCommand.self, TrainCommand.self, BenchCommand.self, KeysCommand.self,
        ]
    )
}
