import CZeroMQ

/// A libzmq context: owns the I/O threads and the `inproc://` namespace of its sockets.
///
/// Thread-safe. `shutdown()` makes every blocking call on its sockets fail with ETERM; the context is
/// terminated when the last reference goes away, after its sockets have been closed.
public final class ZMQContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    public init(ioThreads: Int32 = 1) throws(ZMQError) {
        guard let handle = zmq_ctx_new() else { throw .last("zmq_ctx_new") }
        self.handle = handle
        zmq_ctx_set(handle, ZMQ_IO_THREADS, ioThreads)
    }

    /// Wakes every socket of the context with ETERM so that their threads close them and exit.
    public func shutdown() { zmq_ctx_shutdown(handle) }

    deinit {
        while zmq_ctx_term(handle) != 0, zmq_errno() == EINTR {}
    }

    /// libzmq's version as `major.minor.patch`.
    public static var libraryVersion: String {
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }
}
