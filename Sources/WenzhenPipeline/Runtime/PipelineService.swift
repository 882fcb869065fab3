import Foundation
import Logging
import ServiceLifecycle
import WenzhenStore

/// The daemon as a swift-service-lifecycle service: the hub and the local stage workers run on their own
/// threads; a graceful shutdown (SIGTERM, SIGINT) stops ingest, drains the dialogues in flight, and returns.
public struct PipelineService: Service {
    public let runner: PipelineRunner
    public let store: CheckpointStore

    public init(runner: PipelineRunner, store: CheckpointStore) {
        self.runner = runner
        self.store = store
    }

    public func run() async throws {
        let stop = StopFlag()
        let runner = self.runner
        let store = self.store
        try await runBlocking(threadName: "wenzhen-hub") {
            try runner.run(store: store, endpoints: runner.daemonEndpoints(), mode: .untilStopped(shouldStop: stop.isSet))
        } stop: {
            runner.logger.info("graceful shutdown requested")
            stop.set()
        }
    }
}

/// A flag set once from any thread and read by a hub's loop, which signals when it has returned.
public final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    private let stopped = DispatchSemaphore(value: 0)

    public init() {}

    /// Asks the loop to stop.
    public func set() { lock.withLock { value = true } }
    public func isSet() -> Bool { lock.withLock { value } }
    /// Called by the loop's thread when it has returned.
    public func finished() { stopped.signal() }
    /// Waits for `finished`, at most `seconds`; returns whether it came.
    @discardableResult
    public func waitFinished(seconds: Double) -> Bool { stopped.wait(timeout: .now() + seconds) == .success }
}
