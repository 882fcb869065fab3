import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import WenzhenPipeline

/// `wenzhen serve`: the daemon.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the daemon: ingest endpoint, stage workers over ZeroMQ, SQLite checkpoints, published results.",
        discussion: "SIGTERM or SIGINT stops ingest, drains the dialogues in flight and exits; unfinished work resumes at the next start.")

    @OptionGroup var common: CommonOptions

    func run() async throws {
        // A file size limit (a full quota) then fails the write, which the hub reports and survives, instead
        // of killing the process.
        signal(SIGXFSZ, SIG_IGN)
        let logger = common.makeLogger()
        let configuration = try common.loadConfiguration()
        let runner = PipelineRunner(configuration: configuration, resources: try common.resources(for: configuration), logger: logger)
        _ = try runner.makeLocalStages()
        let store = try runner.openStore(path: configuration.database.path)
        logger.info("wenzhen serving", metadata: [
            "ingest": "\(configuration.endpoints.ingest)", "publish": "\(configuration.endpoints.publish)",
            "database": "\(configuration.database.path)", "pipeline": "\(runner.signature)",
        ])
        let group = ServiceGroup(
            services: [PipelineService(runner: runner, store: store)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
        logger.info("wenzhen stopped")
    }
}
