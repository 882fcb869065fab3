import Foundation
import WenzhenWire
import Logging
import WenzhenStore
import ZeroMQ

/// The ROUTER socket where clients submit requests (`IngestRequest`). A change is acknowledged only after it
/// is committed; a message that cannot be used is answered with the reason and kept as a dead letter.
final class IngestEndpoint {
    let socket: ZMQSocket
    let intake: DialogueIntake
    let maxMessageBytes: Int
    let metrics: PipelineMetrics
    let logger: Logger
    /// Answers `status` requests: the hub's figures.
    var status: () throws -> PipelineStatus = { throw IntakeError("no status available") }

    init(
        endpoint: String, context: ZMQContext, security: TransportSecurity, store: CheckpointStore, maxMessageBytes: Int,
        metrics: PipelineMetrics, logger: Logger
    ) throws {
        socket = try ZMQSocket(context, .router)
        // Twice the limit at the socket, so that a message over the limit still gets a reply; beyond that
        // libzmq drops the peer.
        try socket.setMaxMessageSize(bytes: Int64(maxMessageBytes) * 2 + 1024)
        try security.secure(socket, endpoint: endpoint, as: .server)
        try socket.bind(endpoint)
        intake = DialogueIntake(store: store)
        self.maxMessageBytes = maxMessageBytes
        self.metrics = metrics
        self.logger = logger
    }

    func close() { socket.close() }

    /// Handles every waiting request and returns what the hub must do next. A store failure is thrown after
    /// telling its client that nothing was stored. With `refusingChanges`, only `show` is served; every other
    /// request is answered with that reason and nothing is written.
    /// At most `limit` requests are taken, so that the rest wait in the socket's queue.
    func handleAvailable(limit: Int, refusingChanges refusal: String? = nil) throws -> [IntakeEvent] {
        var events: [IntakeEvent] = []
        var taken = 0
        while taken < limit, let frames = try socket.receive(dontWait: true) {
            taken += 1
            guard frames.count >= 2 else { continue }
            let routing = Array(frames.dropLast())
            let payload = frames.last!
            var reply: IngestReply
            do {
                let request = try IngestRequest(payload, maxBytes: maxMessageBytes)
                if case .status = request {
                    reply = IngestReply(ok: true, status: try status())
                } else if let refusal, !request.isQuery {
                    reply = .rejected(refusal)
                } else {
                    let (answer, event) = try intake.apply(request)
                    reply = answer
                    if let event { events.append(event) }
                }
            } catch let error as StoreError {
                try? socket.send(routing + [IngestReply.rejected("not stored: \(error)").bytes])
                throw error
            } catch {
                reply = .rejected("\(error)")
                logger.warning("rejected ingest message", metadata: ["reason": "\(error)"])
                if refusal == nil {
                    do {
                        try intake.store.deadLetter(source: "ingest", reason: "\(error)", payload: Data(payload))
                    } catch {
                        try? socket.send(routing + [reply.bytes])
                        throw error
                    }
                }
            }
            if reply.ok { metrics.accepted += 1 } else { metrics.rejected += 1 }
            try socket.send(routing + [reply.bytes])
        }
        return events
    }
}
