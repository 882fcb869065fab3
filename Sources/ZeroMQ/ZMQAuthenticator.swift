import CZeroMQ
import Foundation

/// The ZAP handler of a context (ZeroMQ RFC 27): decides which CURVE clients its servers let in, by their
/// public key. Runs on a thread of its own until the context is shut down.
public final class ZMQAuthenticator: @unchecked Sendable {
    /// Called for each client turned away, with its address and public key.
    public typealias DenialHandler = @Sendable (_ address: String, _ publicKey: String) -> Void

    private let socket: ZMQSocket
    private let allowed: Set<String>
    private let onDenied: DenialHandler

    /// Starts answering for `context`, letting in the clients whose Z85 public key is in `allowedKeys`.
    /// Must start before the context's CURVE servers bind.
    public init(context: ZMQContext, allowedKeys: Set<String>, onDenied: @escaping DenialHandler) throws(ZMQError) {
        socket = try ZMQSocket(context, .rep)
        try socket.bind("inproc://zeromq.zap.01")
        allowed = allowedKeys
        self.onDenied = onDenied
        let thread = Thread { [self] in serve() }
        thread.name = "wenzhen-zap"
        thread.start()
    }

    private func serve() {
        defer { socket.close() }
        while let request = try? socket.receive() {
            // version, request id, domain, address, routing id, mechanism, credentials...
            guard request.count >= 6 else { continue }
            let mechanism = String(decoding: request[5], as: UTF8.self)
            let key = request.count >= 7 && request[6].count == 32 ? Self.z85(request[6]) : ""
            let accepted = mechanism == "CURVE" && allowed.contains(key)
            if !accepted { onDenied(String(decoding: request[3], as: UTF8.self), key) }
            let reply: [[UInt8]] = [
                Array("1.0".utf8), request[1], Array((accepted ? "200" : "400").utf8),
                Array((accepted ? "OK" : "public key not authorized").utf8), Array(key.utf8), [],
            ]
            do { try socket.send(reply) } catch { if error.isContextTerminated { return } }
        }
    }

    private static func z85(_ bytes: [UInt8]) -> String {
        var text = [CChar](repeating: 0, count: 41)
        zmq_z85_encode(&text, bytes, bytes.count)
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
