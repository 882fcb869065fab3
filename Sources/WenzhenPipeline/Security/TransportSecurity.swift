import Foundation
import Logging
import ZeroMQ

/// How this process secures its tcp endpoints, resolved from `security:` in the configuration: CURVE with
/// this process's key pair when it has one; otherwise plain tcp where allowed (loopback only); never plain tcp
/// to or from another host. ipc and inproc endpoints are left as they are (file permissions guard ipc).
public struct TransportSecurity: Sendable {
    /// Which end of a connection a socket is.
    public enum Role: Sendable {
        /// Binds: serves with CURVE, letting in authorized keys.
        case server
        /// Connects: proves its key, checks the server's.
        case client
    }

    public var keys: ZMQCurveKeyPair?
    public var serverKey: String?
    /// Public keys let in by a CURVE server: the configured ones and this process's own.
    public var authorizedKeys: Set<String>
    public var allowPlainLoopback: Bool

    /// Plain tcp on loopback, no CURVE: for tests and single-host trials.
    public static let plainLoopback = TransportSecurity(keys: nil, serverKey: nil, authorizedKeys: [], allowPlainLoopback: true)

    public init(keys: ZMQCurveKeyPair?, serverKey: String?, authorizedKeys: Set<String>, allowPlainLoopback: Bool) {
        self.keys = keys
        self.serverKey = serverKey ?? keys?.publicKey
        self.authorizedKeys = authorizedKeys.union(keys.map { [$0.publicKey] } ?? [])
        self.allowPlainLoopback = allowPlainLoopback
    }

    /// Reads the key files the settings name.
    public init(_ settings: PipelineConfiguration.SecuritySettings) throws(SecurityError) {
        let keys = try settings.keyFile.map { path throws(SecurityError) in try KeyFile.readPair(path) }
        var authorized: Set<String> = []
        for key in settings.authorizedKeys { authorized.insert(try KeyFile.publicKey(key)) }
        self.init(
            keys: keys, serverKey: try settings.serverPublicKey.map { key throws(SecurityError) in try KeyFile.publicKey(key) },
            authorizedKeys: authorized, allowPlainLoopback: settings.allowPlainLoopback)
    }

    /// Prepares `socket` to bind or connect at `endpoint`, or refuses the endpoint.
    public func secure(_ socket: ZMQSocket, endpoint: String, as role: Role) throws {
        guard endpoint.hasPrefix("tcp://") else { return }
        if let keys {
            switch role {
            case .server: try socket.secure(.curveServer(keys: keys))
            case .client:
                guard let serverKey else { throw SecurityError.noServerKey(endpoint: endpoint) }
                try socket.secure(.curveClient(keys: keys, serverKey: serverKey))
            }
        } else if !(allowPlainLoopback && Endpoint.isLoopback(endpoint)) {
            throw SecurityError.plainTCPRefused(endpoint: endpoint)
        }
    }

    /// Starts the authenticator of a context whose sockets will serve CURVE; nil without keys.
    public func startAuthenticator(in context: ZMQContext, logger: Logger) throws -> ZMQAuthenticator? {
        guard keys != nil else { return nil }
        return try ZMQAuthenticator(context: context, allowedKeys: authorizedKeys) { address, key in
            logger.warning("connection refused: public key not authorized", metadata: ["address": "\(address)", "key": "\(key)"])
        }
    }
}
