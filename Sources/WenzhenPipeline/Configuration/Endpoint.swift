/// ZeroMQ endpoint strings as the configuration accepts them.
public enum Endpoint {
    /// Whether `endpoint` is `tcp://HOST:PORT`, `ipc://PATH` or `inproc://NAME`.
    public static func isValid(_ endpoint: String) -> Bool {
        for scheme in ["ipc://", "inproc://"] where endpoint.hasPrefix(scheme) {
            return endpoint.count > scheme.count
        }
        guard endpoint.hasPrefix("tcp://"), let colon = endpoint.lastIndex(of: ":") else { return false }
        let port = endpoint[endpoint.index(after: colon)...]
        let host = endpoint[endpoint.index(endpoint.startIndex, offsetBy: 6)..<colon]
        return !host.isEmpty && (port == "*" || UInt16(port) != nil)
    }
}

extension Endpoint {
    /// Whether a tcp endpoint's host is a loopback address.
    public static func isLoopback(_ endpoint: String) -> Bool {
        guard endpoint.hasPrefix("tcp://"), let colon = endpoint.lastIndex(of: ":") else { return false }
        var host = endpoint[endpoint.index(endpoint.startIndex, offsetBy: 6)..<colon]
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        if host == "localhost" || host == "::1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}
