import CZeroMQ

/// Waits on several sockets at once (`zmq_poll`).
public struct ZMQPoller {
    /// What to wait for on one socket.
    public struct Events: OptionSet, Sendable {
        public let rawValue: Int16
        public init(rawValue: Int16) { self.rawValue = rawValue }
        public static let readable = Events(rawValue: Int16(ZMQ_POLLIN))
        public static let writable = Events(rawValue: Int16(ZMQ_POLLOUT))
    }

    public init() {}

    /// Waits up to `timeoutMilliseconds` (-1: forever) and returns, for each entry, the events that are ready.
    /// An interrupted wait returns no events.
    public func poll(_ entries: [(socket: ZMQSocket, events: Events)], timeoutMilliseconds: Int) throws(ZMQError) -> [Events] {
        var items = entries.map { zmq_pollitem_t(socket: $0.socket.handle, fd: 0, events: $0.events.rawValue, revents: 0) }
        let count = Int32(items.count)
        let result = items.withUnsafeMutableBufferPointer { zmq_poll($0.baseAddress, count, timeoutMilliseconds) }
        if result < 0 {
            let error = ZMQError.last("zmq_poll")
            if error.isInterrupted { return entries.map { _ in [] } }
            throw error
        }
        return items.map { Events(rawValue: $0.revents) }
    }
}
