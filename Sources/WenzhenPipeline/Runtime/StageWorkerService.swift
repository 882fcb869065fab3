import ServiceLifecycle
import ZeroMQ

/// One stage worker as a swift-service-lifecycle service (`wenzhen stage NAME`): it runs on its own thread
/// and stops on graceful shutdown. Work it held unfinished is handed out again by the hub.
public struct StageWorkerService: Service {
    public let worker: StageWorker

    public init(worker: StageWorker) { self.worker = worker }

    public func run() async throws {
        let context = try ZMQContext()
        let worker = self.worker
        try await runBlocking(threadName: "wenzhen-stage-\(worker.kind.rawValue)") {
            try worker.run(in: context)
        } stop: {
            context.shutdown()
        }
    }
}
