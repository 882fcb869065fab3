import Foundation
import WenzhenCore
import WenzhenWire
import ZeroMQ

/// A client of a running daemon's ingest endpoint: one request, one reply, in order.
///
/// A request unanswered in time is sent again on a new connection, up to `retries` times: requests are
/// idempotent, so a daemon that restarted meanwhile stores each change once.
public final class DaemonClient {
    private let context: ZMQContext
    private var socket: ZMQSocket
    /// Set when a request went unanswered: a REQ socket in that state can only be replaced.
    private var needsNewConnection = false
    private let endpoint: String
    private let security: TransportSecurity
    private let timeoutSeconds: Double
    private let retries: Int

    /// Connects to `endpoint`; a request unanswered within `timeoutSeconds` after `retries` resends is an error.
    public init(endpoint: String, security: TransportSecurity, timeoutSeconds: Double = 30, retries: Int = 0) throws {
        context = try ZMQContext()
        self.endpoint = endpoint
        self.security = security
        self.timeoutSeconds = timeoutSeconds
        self.retries = retries
        socket = try Self.connect(context, endpoint, security, timeoutSeconds)
    }

    deinit { socket.close() }

    private static func connect(_ context: ZMQContext, _ endpoint: String, _ security: TransportSecurity, _ timeoutSeconds: Double) throws -> ZMQSocket {
        let socket = try ZMQSocket(context, .req)
        try socket.setReceiveTimeout(milliseconds: Int32(timeoutSeconds * 1000))
        try security.secure(socket, endpoint: endpoint, as: .client)
        try socket.connect(endpoint)
        return socket
    }

    /// Sends one request and returns the daemon's reply.
    public func request(_ request: IngestRequest) throws -> IngestReply {
        let payload = request.json
        for _ in 0...retries {
            if needsNewConnection {
                socket.close()
                socket = try Self.connect(context, endpoint, security, timeoutSeconds)
                needsNewConnection = false
            }
            try socket.send([payload])
            if let reply = try socket.receive() { return try JSONDecoder().decode(IngestReply.self, from: Data(reply.last ?? [])) }
            needsNewConnection = true
        }
        throw ClientError("no reply from the daemon at \(endpoint) (is `wenzhen serve` running?)")
    }

    public func open(_ dialogue: Dialogue) throws -> IngestReply { try request(.open(id: dialogue.id, selfReport: dialogue.selfReport)) }

    public func send(_ turn: Turn, of id: String) throws -> IngestReply { try request(.turn(id: id, turn.withoutAnnotations)) }

    public func close(_ id: String) throws -> IngestReply { try request(.close(id: id)) }

    /// A dialogue's state and latest results document, with its annotation change log when `withChanges`.
    public func show(_ id: String, withChanges: Bool = false) throws -> IngestReply { try request(.show(id: id, withChanges: withChanges)) }

    public func status() throws -> IngestReply { try request(.status) }
}

/// Subscribes to a daemon's publications.
public final class DaemonWatcher {
    private let context: ZMQContext
    private let socket: ZMQSocket

    /// One publication: the dialogue id, what it is (`{"event": "stage", "stage", "revision"}`,
    /// `{"event": "changes", "revision"}` or `{"event": "final", "revision"}`) and the results document (for
    /// `changes`, the JSON list of `AnnotationChange`s).
    public struct Publication: Sendable {
        public var dialogue: String
        public var event: String
        public var document: Data
    }

    /// Subscribes to `endpoint`, to one dialogue's publications when `dialogue` is given.
    public init(endpoint: String, dialogue: String? = nil, security: TransportSecurity) throws {
        context = try ZMQContext()
        socket = try ZMQSocket(context, .sub)
        try socket.subscribe(Array((dialogue ?? "").utf8))
        try socket.setReceiveTimeout(milliseconds: 500)
        try security.secure(socket, endpoint: endpoint, as: .client)
        try socket.connect(endpoint)
    }

    deinit { socket.close() }

    /// The next publication, or nil when none came within half a second.
    public func next() throws -> Publication? {
        guard let frames = try socket.receive(), frames.count == 3 else { return nil }
        return Publication(dialogue: String(decoding: frames[0], as: UTF8.self), event: String(decoding: frames[1], as: UTF8.self), document: Data(frames[2]))
    }
}

/// A client-side failure, as one line.
public struct ClientError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
