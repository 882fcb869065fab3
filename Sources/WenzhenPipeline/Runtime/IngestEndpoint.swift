import Foundation
import Logging
import WenzhenStore
import WenzhenWire
import ZeroMQ

/// The ROUTER socket where clients submit requests (`IngestRequest`). A change is acknowledged only after it
/// is committed; a message that cannot be used is answered with the reason and kept as a dead letter.
final class IngestEndpoint {
    let socket: ZMQSocket
    var intake: DialogueIntake
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

    /// Handles the waiting requests, at most `limit` (the rest wait in the socket's queue), and returns what
    /// the hub must do next. Their changes are committed in one transaction (a group commit: one wait for the
    /// disk however many clients), then queries are answered, then every reply goes out, in arrival order.
    /// A store failure is thrown after telling every client whose change it was that nothing was stored. With
    /// `refusingChanges`, only queries are served; every other request is answered with that reason.
    func handleAvailable(limit: Int, refusingChanges refusal: String? = nil) throws -> [IntakeEvent] {
        var received: [(routing: [[UInt8]], payload: [UInt8])] = []
        while received.count < limit, let frames = try socket.receive(dontWait: true) {
            guard frames.count >= 2 else { continue }
            received.append((Array(frames.dropLast()), frames.last!))
        }
        let requests = received.map { item in Result { () throws(WireError) in try IngestRequest(item.payload, maxBytes: maxMessageBytes) } }
        var replies = [IngestReply?](repeating: nil, count: received.count)
        var events: [IntakeEvent] = []
        var committed = false
        do {
            if let refusal {
                for index in requests.indices where !requests[index].isQuery {
                    let unusable = requests[index].failureDescription
                    if let unusable {
                        logger.warning("rejected ingest message; no dead letter while the store is unavailable", metadata: ["reason": "\(unusable)"])
                    }
                    replies[index] = .rejected(unusable ?? refusal)
                }
            } else {
                events = try applyChanges(requests, payloads: received.map(\.payload), into: &replies)
            }
            committed = true
            try answerQueries(requests, payloads: received.map(\.payload), keepingDeadLetters: refusal == nil, into: &replies)
        } catch {
            for index in received.indices where !committed || replies[index] == nil {
                replies[index] = .rejected(requests[index].isQuery ? "unavailable: \(error)" : "not stored: \(error)")
            }
            for (index, item) in received.enumerated() { try? socket.send(item.routing + [replies[index]!.bytes]) }
            throw error
        }
        for (index, item) in received.enumerated() {
            let reply = replies[index]!
            if reply.ok { metrics.accepted += 1 } else { metrics.rejected += 1 }
            try socket.send(item.routing + [reply.bytes])
        }
        return events
    }

    /// Applies every change (and keeps every unusable message as a dead letter) in one transaction.
    private func applyChanges(
        _ requests: [Result<IngestRequest, WireError>], payloads: [[UInt8]], into replies: inout [IngestReply?]
    ) throws -> [IntakeEvent] {
        guard requests.contains(where: { !$0.isQuery }) else { return [] }
        var events: [IntakeEvent] = []
        try intake.store.batch { batch in
            for index in requests.indices where !requests[index].isQuery {
                do {
                    let (reply, event) = try intake.apply(try requests[index].get(), in: batch)
                    replies[index] = reply
                    if let event { events.append(event) }
                } catch let error as WireError {
                    replies[index] = try reject(payloads[index], "\(error)", in: batch)
                } catch let error as IntakeError {
                    replies[index] = try reject(payloads[index], "\(error)", in: batch)
                }
            }
        }
        return events
    }

    /// Answers `show` and `status` from what is committed.
    private func answerQueries(
        _ requests: [Result<IngestRequest, WireError>], payloads: [[UInt8]], keepingDeadLetters: Bool, into replies: inout [IngestReply?]
    ) throws {
        for (index, request) in requests.enumerated() {
            switch try? request.get() {
            case .status?:
                replies[index] = IngestReply(ok: true, status: try status())
            case let .show(id, withChanges)?:
                do {
                    replies[index] = try intake.show(id, withChanges: withChanges)
                } catch let error as IntakeError {
                    replies[index] = keepingDeadLetters
                        ? try intake.store.batch { batch in try reject(payloads[index], "\(error)", in: batch) }
                        : .rejected("\(error)")
                }
            default:
                break
            }
        }
    }

    private func reject(_ payload: [UInt8], _ reason: String, in batch: StoreBatch) throws -> IngestReply {
        logger.warning("rejected ingest message", metadata: ["reason": "\(reason)"])
        try batch.deadLetter(source: "ingest", reason: reason, payload: Data(payload))
        return .rejected(reason)
    }
}

private extension Result where Success == IngestRequest, Failure == WireError {
    /// Whether the request parsed and only reads.
    var isQuery: Bool { (try? get())?.isQuery == true }

    /// Why the message could not be parsed, if it could not.
    var failureDescription: String? {
        if case let .failure(error) = self { "\(error)" } else { nil }
    }
}
