import Foundation
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
        try await withGracefulShutdownHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let thread = Thread {
                    do {
                        try worker.run(in: context)
                        continuation.resume()
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
                thread.name = "wenzhen-stage-\(worker.kind.rawValue)"
                thread.start()
            }
        } onGracefulShutdown: {
            context.shutdown()
        }
    }
}
