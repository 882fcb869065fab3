import CZeroMQ

/// An error reported by libzmq: its errno and libzmq's message for it.
public struct ZMQError: Error, Equatable, CustomStringConvertible, Sendable {
    public let code: Int32
    public let operation: String

    /// The error for the calling thread's current `zmq_errno()`.
    static func last(_ operation: String) -> ZMQError { ZMQError(code: zmq_errno(), operation: operation) }

    public var description: String { "\(operation): \(String(cString: zmq_strerror(code)))" }

    /// The context was shut down or terminated: the socket must be closed.
    public var isContextTerminated: Bool { code == ETERM }
    /// A non-blocking call would block, or a receive timed out.
    public var wouldBlock: Bool { code == EAGAIN }
    /// The call was interrupted by a signal.
    public var isInterrupted: Bool { code == EINTR }
}
