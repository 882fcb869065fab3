import ArgumentParser
import Foundation
import Logging
import WenzhenPipeline
import WenzhenStages

/// Options every pipeline command shares: the configuration file and the log level.
struct CommonOptions: ParsableArguments {
    @Option(help: "YAML configuration file (default: built-in settings, as in Config/wenzhen.yaml).")
    var config: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    /// The configuration: the file given, or the built-in defaults.
    func loadConfiguration() throws -> PipelineConfiguration {
        guard let config else { return PipelineConfiguration() }
        return try PipelineConfiguration.load(contentsOf: URL(fileURLWithPath: config))
    }

    /// The configuration and how to secure connections to the daemon it describes.
    func loadConnection() throws -> (PipelineConfiguration, TransportSecurity) {
        let configuration = try loadConfiguration()
        return (configuration, try TransportSecurity(configuration.security))
    }

    /// The lexicons and models the configuration points at, or the bundled ones.
    func resources(for configuration: PipelineConfiguration) throws -> StageResources {
        guard let directory = configuration.resources else { return try StageResources.bundled() }
        guard FileManager.default.fileExists(atPath: directory) else {
            throw StageError.missingResource("resources directory \(directory)")
        }
        return StageResources(directory: URL(fileURLWithPath: directory))
    }

    /// A logger writing to standard error at the chosen level.
    func makeLogger(_ label: String = "wenzhen") -> Logger {
        LoggingBootstrap.once()
        var logger = Logger(label: label)
        logger.logLevel = logLevel
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Bootstraps swift-log once per process, to standard error.
enum LoggingBootstrap {
    private static let done: Void = { LoggingSystem.bootstrap(StreamLogHandler.standardError) }()
    static func once() { _ = done }
}

/// How the client commands reach a running daemon's ingest endpoint: `--endpoint`, or the configuration's.
struct IngestConnection: ParsableArguments {
    @Option(help: "The daemon's ingest endpoint (default: the configuration's).")
    var endpoint: String?

    @OptionGroup var common: CommonOptions

    /// A client of the daemon, secured as the configuration says.
    func client(timeoutSeconds: Double = 30, retries: Int = 0) throws -> DaemonClient {
        let (configuration, security) = try common.loadConnection()
        return try DaemonClient(endpoint: endpoint ?? configuration.endpoints.ingest, security: security, timeoutSeconds: timeoutSeconds, retries: retries)
    }
}
