import CZeroMQ

/// A CURVE key pair, each key 40 characters of Z85 (32 bytes).
public struct ZMQCurveKeyPair: Sendable, Equatable {
    public let publicKey: String
    public let secretKey: String

    /// A new random key pair.
    public static func generate() throws(ZMQError) -> ZMQCurveKeyPair {
        var publicKey = [CChar](repeating: 0, count: 41), secretKey = [CChar](repeating: 0, count: 41)
        guard zmq_curve_keypair(&publicKey, &secretKey) == 0 else { throw .last("zmq_curve_keypair (libzmq without CURVE?)") }
        return ZMQCurveKeyPair(publicKey: Self.string(publicKey), secretKey: Self.string(secretKey))
    }

    /// The pair of `secretKey`, its public half derived.
    public init(secretKey: String) throws(ZMQError) {
        guard ZMQCurveKeyPair.isValidKey(secretKey) else { throw ZMQError(code: EINVAL, operation: "curve key") }
        var publicKey = [CChar](repeating: 0, count: 41)
        guard zmq_curve_public(&publicKey, secretKey) == 0 else { throw .last("zmq_curve_public") }
        self.init(publicKey: Self.string(publicKey), secretKey: secretKey)
    }

    private init(publicKey: String, secretKey: String) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// Whether `key` is 40 characters of Z85 that decode to 32 bytes.
    public static func isValidKey(_ key: String) -> Bool {
        guard key.utf8.count == 40 else { return false }
        var bytes = [UInt8](repeating: 0, count: 32)
        return zmq_z85_decode(&bytes, key) != nil
    }

    private static func string(_ characters: [CChar]) -> String {
        String(decoding: characters.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// How a socket protects a tcp connection with CURVE (sockets are plain unless secured).
public enum ZMQSecurity: Sendable {
    /// Encrypts with `keys` and lets in the clients the context's `ZMQAuthenticator` accepts.
    case curveServer(keys: ZMQCurveKeyPair)
    /// Encrypts, proves `keys` to the server and accepts only a server holding `serverKey`.
    case curveClient(keys: ZMQCurveKeyPair, serverKey: String)
}

extension ZMQSocket {
    /// The ZAP domain of Wenzhen's CURVE servers.
    static let authenticationDomain = "wenzhen"

    /// Applies `security`; call before `bind` or `connect`.
    public func secure(_ security: ZMQSecurity) throws(ZMQError) {
        switch security {
        case let .curveServer(keys):
            try setOption(ZMQ_CURVE_SERVER, int32: 1)
            try setOption(ZMQ_CURVE_SECRETKEY, bytes: Array(keys.secretKey.utf8))
            try setOption(ZMQ_ZAP_DOMAIN, bytes: Array(Self.authenticationDomain.utf8))
        case let .curveClient(keys, serverKey):
            try setOption(ZMQ_CURVE_SERVERKEY, bytes: Array(serverKey.utf8))
            try setOption(ZMQ_CURVE_PUBLICKEY, bytes: Array(keys.publicKey.utf8))
            try setOption(ZMQ_CURVE_SECRETKEY, bytes: Array(keys.secretKey.utf8))
        }
    }
}
