import Foundation
import ZeroMQ

/// CURVE key files, in the layout of ZeroMQ's certificates: `NAME.key` holds the pair and is secret (0600),
/// `NAME.pub` the public key only, to hand to the other side.
///
///     public-key = "…40 characters of Z85…"
///     secret-key = "…"
public enum KeyFile {
    /// Writes a new pair as `NAME.key` and `NAME.pub` in `directory`; never overwrites a key.
    public static func write(_ keys: ZMQCurveKeyPair, name: String, in directory: URL) throws(SecurityError) -> (secret: URL, public: URL) {
        let secret = directory.appendingPathComponent("\(name).key"), publicFile = directory.appendingPathComponent("\(name).pub")
        let header = "# Wenzhen CURVE key pair \(name), written by `wenzhen keys`.\n"
        try create(secret, header + "# Secret: readable by its owner only.\npublic-key = \"\(keys.publicKey)\"\nsecret-key = \"\(keys.secretKey)\"\n")
        try create(publicFile, header + "public-key = \"\(keys.publicKey)\"\n")
        return (secret, publicFile)
    }

    /// Reads the key pair of a `.key` file.
    public static func readPair(_ path: String) throws(SecurityError) -> ZMQCurveKeyPair {
        guard let secret = try fields(of: path)["secret-key"] else { throw .badKey("\(path): no secret-key line") }
        do {
            return try ZMQCurveKeyPair(secretKey: secret)
        } catch {
            throw .badKey("\(path): the secret key is not 40 characters of Z85")
        }
    }

    /// A public key given as Z85 text or as a `.pub` / `.key` file.
    public static func publicKey(_ keyOrPath: String) throws(SecurityError) -> String {
        if ZMQCurveKeyPair.isValidKey(keyOrPath) { return keyOrPath }
        guard let key = try fields(of: keyOrPath)["public-key"], ZMQCurveKeyPair.isValidKey(key) else {
            throw .badKey("\(keyOrPath): no valid public-key line")
        }
        return key
    }

    private static func fields(of path: String) throws(SecurityError) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else { throw .badKey("cannot read key file \(path)") }
        var fields: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            fields[parts[0]] = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return fields
    }

    private static func create(_ url: URL, _ text: String) throws(SecurityError) {
        let descriptor = open(url.path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard descriptor >= 0 else { throw .badKey("cannot create \(url.path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        guard Foundation.write(descriptor, bytes, bytes.count) == bytes.count else {
            throw .badKey("cannot write \(url.path): \(String(cString: strerror(errno)))")
        }
    }
}

/// Why a connection cannot be secured as configured: one line.
public enum SecurityError: Error, Equatable, CustomStringConvertible {
    case badKey(String)
    case plainTCPRefused(endpoint: String)
    case noServerKey(endpoint: String)

    public var description: String {
        switch self {
        case let .badKey(reason): "key: \(reason)"
        case let .plainTCPRefused(endpoint):
            "\(endpoint): plain tcp refused; set security.key_file (CURVE, keys from `wenzhen keys`), or use a loopback address with security.allow_plain_loopback: true"
        case let .noServerKey(endpoint):
            "\(endpoint): no server key; set security.server_public_key to the daemon's .pub file"
        }
    }
}
