import Foundation
import Logging
import WenzhenCore
import WenzhenStore
import ZeroMQ

/// The ROUTER socket where clients submit dialogues. A dialogue is acknowledged only after it is committed
/// to the store; a message that cannot be used is answered with the reason and kept as a dead letter.
final class IngestEndpoint {
    let socket: ZMQSocket
    let store: CheckpointStore
    let maxMessageBytes: Int
    let logger: Logger

    init(endpoint: String, context: ZMQContext, store: CheckpointStore, maxMessageBytes: Int, logger: Logger) throws(ZMQError) {
        socket = try ZMQSocket(context, .router)
        // Twice the limit at the socket, so that a message over the limit still gets a reply; beyond that
        // libzmq drops the peer.
        try socket.setMaxMessageSize(bytes: Int64(maxMessageBytes) * 2 + 1024)
        try socket.bind(endpoint)
        self.store = store
        self.maxMessageBytes = maxMessageBytes
        self.logger = logger
    }

    func close() { socket.close() }

    /// Handles every waiting request; returns how many new dialogues were stored. A store failure is thrown
    /// after replying to its client that nothing was stored.
    func handleAvailable() throws -> Int {
        var stored = 0
        while let frames = try socket.receive(dontWait: true) {
            guard frames.count >= 2 else { continue }
            let routing = Array(frames.dropLast())
            let reply: IngestReply
            do {
                switch try IngestRequest(frames.last!, maxBytes: maxMessageBytes) {
                case let .dialogue(dialogue):
                    let input = try DialogueFile.encodeRecord(dialogue.withoutAnnotations, includeID: true)
                    do {
                        let isNew = try store.insert([(id: dialogue.id, input: input)]) == 1
                        stored += isNew ? 1 : 0
                        reply = .accepted(dialogue.id, duplicate: !isNew)
                    } catch {
                        try? socket.send(routing + [IngestReply.rejected("not stored: \(error)").bytes])
                        throw error
                    }
                }
            } catch let error as WireError {
                logger.warning("rejected ingest message", metadata: ["reason": "\(error)"])
                try store.deadLetter(source: "ingest", reason: error.description, payload: Data(frames.last!))
                reply = .rejected(error.description)
            }
            try socket.send(routing + [reply.bytes])
        }
        return stored
    }
}
