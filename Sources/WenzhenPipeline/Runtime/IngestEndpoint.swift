import Foundation
import Logging
import WenzhenStore
import ZeroMQ

/// The ROUTER socket where clients submit requests (`IngestRequest`). A change is acknowledged only after it
/// is committed; a message that cannot be used is answered with the reason and kept as a dead letter.
final class IngestEndpoint {
    let socket: ZMQSocket
    let intake: DialogueIntake
    let maxMessageBytes: Int
    let logger: Logger

    init(endpoint: String, context: ZMQContext, store: CheckpointStore, maxMessageBytes: Int, logger: Logger) throws(ZMQError) {
        socket = try ZMQSocket(context, .router)
        // Twice the limit at the socket, so that a message over the limit still gets a reply; beyond that
        // libzmq drops the peer.
        try socket.setMaxMessageSize(bytes: Int64(maxMessageBytes) * 2 + 1024)
        try socket.bind(endpoint)
        intake = DialogueIntake(store: store)
        self.maxMessageBytes = maxMessageBytes
        self.logger = logger
    }

    func close() { socket.close() }

    /// Handles every waiting request and returns what the hub must do next. A store failure is thrown after
    /// telling its client that nothing was stored.
    func handleAvailable() throws -> [IntakeEvent] {
        var events: [IntakeEvent] = []
        while let frames = try socket.receive(dontWait: true) {
            guard frames.count >= 2 else { continue }
            let routing = Array(frames.dropLast())
            let payload = frames.last!
            let reply: IngestReply
            do {
                let (answer, event) = try intake.apply(try IngestRequest(payload, maxBytes: maxMessageBytes))
                reply = answer
                if let event { events.append(event) }
            } catch let error as StoreError {
                try? socket.send(routing + [IngestReply.rejected("not stored: \(error)").bytes])
                throw error
            } catch {
                reply = try reject(payload, "\(error)")
            }
            try socket.send(routing + [reply.bytes])
        }
        return events
    }

    private func reject(_ payload: [UInt8], _ reason: String) throws -> IngestReply {
        logger.warning("rejected ingest message", metadata: ["reason": "\(reason)"])
        try intake.store.deadLetter(source: "ingest", reason: reason, payload: Data(payload))
        return .rejected(reason)
    }
}
