import Foundation
import ServiceLifecycle

/// Runs a blocking loop (a hub or a worker, which wait in `zmq_poll`) on its own named thread and awaits it;
/// on graceful shutdown calls `stop`, which must make the loop return.
func runBlocking(
    threadName: String, _ body: @escaping @Sendable () throws -> Void, stop: @escaping @Sendable () -> Void
) async throws {
    try await withGracefulShutdownHandler {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                do {
                    try body()
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = threadName
            thread.start()
        }
    } onGracefulShutdown: {
        stop()
    }
}
