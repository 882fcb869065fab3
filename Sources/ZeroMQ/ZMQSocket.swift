import CZeroMQ
import Foundation

/// The socket patterns Wenzhen uses.
public enum ZMQSocketType: Sendable {
    case push, pull, pub, sub, req, rep, dealer, router

    var rawValue: Int32 {
        switch self {
        case .push: ZMQ_PUSH
        case .pull: ZMQ_PULL
        case .pub: ZMQ_PUB
        case .sub: ZMQ_SUB
        case .req: ZMQ_REQ
        case .rep: ZMQ_REP
        case .dealer: ZMQ_DEALER
        case .router: ZMQ_ROUTER
        }
    }
}

/// A libzmq socket. Like libzmq's, it is not thread-safe: one thread owns it at a time and closes it.
public final class ZMQSocket {
    let handle: UnsafeMutableRawPointer
    private var isClosed = false

    /// Opens a socket of `type` in `context`, with linger 0: unsent messages are dropped at close, since
    /// every layer above keeps what it has not had acknowledged.
    public init(_ context: ZMQContext, _ type: ZMQSocketType) throws(ZMQError) {
        guard let handle = zmq_socket(context.handle, type.rawValue) else { throw .last("zmq_socket") }
        self.handle = handle
        try setOption(ZMQ_LINGER, int32: 0)
    }

    deinit { close() }

    /// Closes the socket; further calls fail.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        zmq_close(handle)
    }

    public func bind(_ endpoint: String) throws(ZMQError) {
        guard zmq_bind(handle, endpoint) == 0 else { throw .last("bind \(endpoint)") }
    }

    public func connect(_ endpoint: String) throws(ZMQError) {
        guard zmq_connect(handle, endpoint) == 0 else { throw .last("connect \(endpoint)") }
    }

    /// The endpoint actually bound, e.g. the port chosen for `tcp://127.0.0.1:*`.
    public var lastEndpoint: String {
        var buffer = [CChar](repeating: 0, count: 512)
        var size = buffer.count
        zmq_getsockopt(handle, ZMQ_LAST_ENDPOINT, &buffer, &size)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    // MARK: Options

    /// Sets an integer socket option.
    public func setOption(_ option: Int32, int32 value: Int32) throws(ZMQError) {
        var value = value
        guard zmq_setsockopt(handle, option, &value, MemoryLayout<Int32>.size) == 0 else {
            throw .last("zmq_setsockopt \(option)")
        }
    }

    /// Sets a 64-bit integer socket option.
    public func setOption(_ option: Int32, int64 value: Int64) throws(ZMQError) {
        var value = value
        guard zmq_setsockopt(handle, option, &value, MemoryLayout<Int64>.size) == 0 else {
            throw .last("zmq_setsockopt \(option)")
        }
    }

    /// Sets a binary socket option (subscriptions, identities, keys).
    public func setOption(_ option: Int32, bytes: [UInt8]) throws(ZMQError) {
        guard zmq_setsockopt(handle, option, bytes, bytes.count) == 0 else { throw .last("zmq_setsockopt \(option)") }
    }

    /// Receive timeout in milliseconds; -1 blocks.
    public func setReceiveTimeout(milliseconds: Int32) throws(ZMQError) { try setOption(ZMQ_RCVTIMEO, int32: milliseconds) }
    /// Send timeout in milliseconds; -1 blocks.
    public func setSendTimeout(milliseconds: Int32) throws(ZMQError) { try setOption(ZMQ_SNDTIMEO, int32: milliseconds) }
    /// High-water marks: how many messages may queue each way before the socket blocks or drops (by pattern).
    public func setHighWaterMarks(send: Int32, receive: Int32) throws(ZMQError) {
        try setOption(ZMQ_SNDHWM, int32: send)
        try setOption(ZMQ_RCVHWM, int32: receive)
    }
    /// Messages larger than `bytes` are refused by the receiving socket and their peer disconnected.
    public func setMaxMessageSize(bytes: Int64) throws(ZMQError) { try setOption(ZMQ_MAXMSGSIZE, int64: bytes) }
    /// Subscribes a SUB socket to messages whose first frame starts with `prefix`.
    public func subscribe(_ prefix: [UInt8] = []) throws(ZMQError) { try setOption(ZMQ_SUBSCRIBE, bytes: prefix) }

    // MARK: Messages

    /// Sends a multipart message. With `dontWait`, a full queue throws an error whose `wouldBlock` is set.
    public func send(_ frames: [[UInt8]], dontWait: Bool = false) throws(ZMQError) {
        for (index, frame) in frames.enumerated() {
            var flags: Int32 = dontWait ? ZMQ_DONTWAIT : 0
            if index < frames.count - 1 { flags |= ZMQ_SNDMORE }
            while true {
                let sent = frame.withUnsafeBytes { zmq_send(handle, $0.baseAddress, $0.count, flags) }
                if sent >= 0 { break }
                let error = ZMQError.last("send")
                if error.isInterrupted { continue }
                throw error
            }
        }
    }

    /// Receives one multipart message, or nil when a receive timeout expires (or `dontWait` finds none).
    public func receive(dontWait: Bool = false) throws(ZMQError) -> [[UInt8]]? {
        var frames: [[UInt8]] = []
        var more = true
        while more {
            var message = zmq_msg_t()
            zmq_msg_init(&message)
            defer { zmq_msg_close(&message) }
            let flags: Int32 = dontWait && frames.isEmpty ? ZMQ_DONTWAIT : 0
            if zmq_msg_recv(&message, handle, flags) < 0 {
                let error = ZMQError.last("receive")
                if error.isInterrupted { continue }
                if error.wouldBlock, frames.isEmpty { return nil }
                throw error
            }
            let size = zmq_msg_size(&message)
            let data = zmq_msg_data(&message)
            frames.append(size == 0 ? [] : [UInt8](UnsafeRawBufferPointer(start: data, count: size)))
            more = zmq_msg_more(&message) != 0
        }
        return frames
    }
}
