import ArgumentParser
import Foundation
import ServiceLifecycle
import WenzhenPipeline
import WenzhenStages

/// `wenzhen stage NAME`: one stage worker as its own process, to swap or scale a stage.
struct StageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage",
        abstract: "Run one stage worker that connects to a running daemon's endpoints.",
        discussion: "Set the stage's `workers: 0` in the daemon's configuration to leave it entirely to such processes.")

    @Argument(help: "The stage: ner, dac, symptoms, polarity or report.")
    var name: String

    @Option(help: "The implementation (default: the configuration's).")
    var implementation: String?

    @Option(help: "The endpoint to take work from (default: the stage's endpoint in the configuration).")
    var connect: String?

    @Option(help: "The daemon's results endpoint (default: the configuration's).")
    var results: String?

    @OptionGroup var common: CommonOptions

    func run() async throws {
        guard let kind = StageKind(rawValue: name) else { throw StageError.unknownStage(name) }
        let logger = common.makeLogger()
        let configuration = try common.loadConfiguration()
        let settings = configuration.settings(for: kind) ?? PipelineConfiguration.StageSettings(kind: kind)
        let stage = try StageRegistry.standard.makeStage(
            kind, implementation: implementation ?? settings.implementation, resources: try common.resources(for: configuration))
        let endpoints = [connect ?? settings.endpoint, results ?? configuration.endpoints.results]
        for endpoint in endpoints where !Endpoint.isValid(endpoint) { throw CLIError("invalid endpoint '\(endpoint)'") }
        let worker = StageWorker(
            kind: kind, stage: stage, workEndpoint: endpoints[0], resultsEndpoint: endpoints[1],
            maxMessageBytes: configuration.limits.maxMessageBytes * 2, security: try TransportSecurity(configuration.security), logger: logger)
        logger.info("stage worker", metadata: ["stage": "\(kind.rawValue)", "work": "\(endpoints[0])", "results": "\(endpoints[1])"])
        let group = ServiceGroup(services: [StageWorkerService(worker: worker)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }
}
