import Foundation
import Logging
import WenzhenStages
import WenzhenStore
import ZeroMQ

/// Assembles a pipeline from its configuration: the hub on the calling thread and the configured stage
/// workers as threads, all on one ZeroMQ context; tears everything down when the hub returns.
public struct PipelineRunner: Sendable {
    public var configuration: PipelineConfiguration
    public var registry: StageRegistry
    public var resources: StageResources
    public var logger: Logger

    public init(configuration: PipelineConfiguration, registry: StageRegistry = .standard, resources: StageResources, logger: Logger) {
        self.configuration = configuration
        self.registry = registry
        self.resources = resources
        self.logger = logger
    }

    /// The stage kinds in pipeline order.
    public var stageKinds: [StageKind] { configuration.stages.map(\.kind) }

    /// What identifies the pipeline's results: the stages and their implementations. A checkpoint store is
    /// only resumed by the same pipeline.
    public var signature: String { configuration.stages.map { "\($0.kind.rawValue)=\($0.implementation)" }.joined(separator: ",") }

    /// Builds the stage of every local worker, so that a bad implementation name or resource fails before
    /// anything starts.
    public func makeLocalStages() throws -> [(settings: PipelineConfiguration.StageSettings, stage: any Stage)] {
        try configuration.stages.filter { $0.workers > 0 }.map { settings in
            (settings, try registry.makeStage(settings.kind, implementation: settings.implementation, resources: resources))
        }
    }

    /// Runs the hub and local workers until `mode` says to stop.
    public func run(
        store: CheckpointStore, endpoints: PipelineHub.Endpoints, mode: PipelineHub.Mode,
        onProgress: ((_ finished: Int, _ failed: Int) -> Void)? = nil
    ) throws {
        let localStages = try makeLocalStages()
        let security = try TransportSecurity(configuration.security)
        let context = try ZMQContext()
        defer { context.shutdown() }
        _ = try security.startAuthenticator(in: context, logger: logger)
        let hub = try PipelineHub(
            stages: stageKinds, endpoints: endpoints, store: store, limits: configuration.limits, metrics: configuration.metrics,
            security: security, context: context,
            logger: logger)
        hub.onProgress = onProgress
        let workers = DispatchGroup()
        for (settings, stage) in localStages {
            let index = stageKinds.firstIndex(of: settings.kind)!
            let worker = StageWorker(
                kind: settings.kind, stage: stage, workEndpoint: endpoints.workForLocalWorker(stage: index),
                resultsEndpoint: endpoints.resultsForLocalWorkers,
                maxMessageBytes: configuration.limits.maxMessageBytes * 2, security: security, logger: logger)
            for number in 0..<settings.workers {
                workers.enter()
                let thread = Thread { [logger] in
                    defer { workers.leave() }
                    do { try worker.run(in: context) } catch {
                        logger.error("stage worker stopped", metadata: ["stage": "\(settings.kind.rawValue)", "error": "\(error)"])
                    }
                }
                thread.name = "wenzhen-\(settings.kind.rawValue)-\(number)"
                thread.start()
            }
        }
        defer {
            context.shutdown()
            workers.wait()
        }
        try hub.run(mode)
    }

    /// Endpoints private to this process, for offline runs.
    public func inprocEndpoints() -> PipelineHub.Endpoints {
        let prefix = "inproc://wenzhen-\(UUID().uuidString)"
        return PipelineHub.Endpoints(results: "\(prefix)-results", stages: stageKinds.map { "\(prefix)-\($0.rawValue)" })
    }

    /// The daemon's endpoints, from the configuration, and private ones for its own worker threads.
    public func daemonEndpoints() -> PipelineHub.Endpoints {
        let local = inprocEndpoints()
        return PipelineHub.Endpoints(
            results: configuration.endpoints.results, stages: configuration.stages.map(\.endpoint),
            ingest: configuration.endpoints.ingest, publish: configuration.endpoints.publish, localResults: local.results,
            localStages: local.stages)
    }

    /// Opens the checkpoint store and checks that it belongs to this pipeline (and, offline, to this input).
    public func openStore(path: String, input fingerprint: String? = nil) throws -> CheckpointStore {
        let store = try CheckpointStore(
            path: path, synchronous: CheckpointStore.Synchronous(rawValue: configuration.database.synchronous) ?? .full)
        try claim(store, key: "pipeline", value: signature, what: "a pipeline with other stages")
        if let fingerprint { try claim(store, key: "input", value: fingerprint, what: "another input") }
        return store
    }

    private func claim(_ store: CheckpointStore, key: String, value: String, what: String) throws {
        if let existing = try store.metadata(key) {
            guard existing == value else {
                throw StoreError.unavailable(path: store.path, reason: "holds the state of \(what) (\(existing)); remove it or choose another state file")
            }
        } else {
            try store.setMetadata(key, value)
        }
    }
}
