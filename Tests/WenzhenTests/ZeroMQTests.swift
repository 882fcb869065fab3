import Foundation
import Testing
import ZeroMQ

@Suite("ZeroMQ binding")
struct ZeroMQTests {
    @Test("multipart messages cross inproc, ipc and tcp loopback sockets", arguments: ["inproc", "ipc", "tcp"])
    func transports(_ transport: String) throws {
        let context = try ZMQContext()
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pull = try ZMQSocket(context, .pull)
        let endpoint: String
        switch transport {
        case "inproc": endpoint = "inproc://zmq-test"
        case "ipc": endpoint = "ipc://\(directory.path)/zmq-test.ipc"
        default: endpoint = "tcp://127.0.0.1:*"
        }
        try pull.bind(endpoint)
        let push = try ZMQSocket(context, .push)
        try push.connect(pull.lastEndpoint)
        let frames: [[UInt8]] = [Array("头".utf8), [], Array(repeating: 7, count: 100_000)]
        try push.send(frames)
        try pull.setReceiveTimeout(milliseconds: 5000)
        #expect(try pull.receive() == frames)
        push.close()
        pull.close()
    }

    @Test("a receive timeout returns nil; a non-blocking receive on an empty socket too")
    func timeouts() throws {
        let context = try ZMQContext()
        let pull = try ZMQSocket(context, .pull)
        try pull.bind("inproc://timeouts")
        try pull.setReceiveTimeout(milliseconds: 20)
        #expect(try pull.receive() == nil)
        #expect(try pull.receive(dontWait: true) == nil)
        pull.close()
    }

    @Test("the poller reports readable and writable sockets")
    func poller() throws {
        let context = try ZMQContext()
        let pull = try ZMQSocket(context, .pull)
        try pull.bind("inproc://poller")
        let push = try ZMQSocket(context, .push)
        try push.connect("inproc://poller")
        var ready = try ZMQPoller().poll([(pull, .readable), (push, .writable)], timeoutMilliseconds: 100)
        #expect(ready == [[], .writable])
        try push.send([[1]])
        ready = try ZMQPoller().poll([(pull, .readable)], timeoutMilliseconds: 1000)
        #expect(ready == [.readable])
        push.close()
        pull.close()
    }

    @Test("shutting the context down wakes a blocked receive with ETERM")
    func shutdownWakes() async throws {
        let context = try ZMQContext()
        let woke = Task.detached { () -> Bool in
            let pull = try ZMQSocket(context, .pull)
            defer { pull.close() }
            try pull.bind("inproc://blocked")
            do {
                _ = try pull.receive()
                return false
            } catch let error as ZMQError {
                return error.isContextTerminated
            }
        }
        try await Task.sleep(for: .milliseconds(100))
        context.shutdown()
        #expect(try await woke.value)
    }

    @Test("binding a bad endpoint throws libzmq's reason")
    func badEndpoint() throws {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context, .pull)
        defer { socket.close() }
        #expect(throws: ZMQError.self) { try socket.bind("nonsense://x") }
    }
}
