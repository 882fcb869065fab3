import Foundation
import Logging
import WenzhenCore
import WenzhenStages
import WenzhenWire
import ZeroMQ

/// Runs one stage: takes work from the hub's stage endpoint, applies the stage, returns the result to the
/// hub's results endpoint. Holds no state of its own, so any number can run, in threads or processes.
public struct StageWorker: Sendable {
    public let kind: StageKind
    public let stage: any Stage
    /// Where the hub hands out this stage's work.
    public let workEndpoint: String
    /// Where the hub collects results.
    public let resultsEndpoint: String
    public let maxMessageBytes: Int
    /// How the worker connects over tcp (CURVE client, or plain on loopback).
    public let security: TransportSecurity
    public var logger: Logger

    public init(
        kind: StageKind, stage: any Stage, workEndpoint: String, resultsEndpoint: String, maxMessageBytes: Int,
        security: TransportSecurity, logger: Logger
    ) {
        self.kind = kind
        self.stage = stage
        self.workEndpoint = workEndpoint
        self.resultsEndpoint = resultsEndpoint
        self.maxMessageBytes = maxMessageBytes
        self.security = security
        self.logger = logger
    }

    /// Serves work until `context` is shut down.
    public func run(in context: ZMQContext) throws {
        let work = try ZMQSocket(context, .pull)
        let results = try ZMQSocket(context, .push)
        defer {
            work.close()
            results.close()
        }
        try work.setMaxMessageSize(bytes: Int64(maxMessageBytes))
        try work.setHighWaterMarks(send: 16, receive: 16)
        try security.secure(work, endpoint: workEndpoint, as: .client)
        try security.secure(results, endpoint: resultsEndpoint, as: .client)
        try work.connect(workEndpoint)
        try results.connect(resultsEndpoint)
        logger.debug("stage worker ready", metadata: ["stage": "\(kind.rawValue)", "work": "\(workEndpoint)"])
        do {
            while let frames = try work.receive() {
                try results.send(handle(frames).frames)
            }
        } catch {
            guard error.isContextTerminated else { throw error }
            logger.debug("stage worker stopping", metadata: ["stage": "\(kind.rawValue)"])
        }
    }

    /// The reply to one message: the processed document, or the reason it could not be processed.
    public func handle(_ frames: [[UInt8]]) -> WorkMessage {
        let request: WorkMessage
        do {
            request = try WorkMessage(frames: frames)
        } catch {
            logger.error("stage worker got a malformed message", metadata: ["stage": "\(kind.rawValue)", "reason": "\(error)"])
            return WorkMessage(dialogue: "", stage: kind.rawValue, index: -1, error: error.description, document: [])
        }
        var reply = request
        reply.document = []
        guard request.header.stage == kind.rawValue else {
            reply.header.error = "this worker runs stage \(kind.rawValue), not \(request.header.stage)"
            return reply
        }
        do {
            var dialogue = try DialogueFile.decodeRecord(Data(request.document), id: nil).get()
            try stage.process(&dialogue)
            reply.document = Array(DialogueFile.encodeRecord(dialogue, includeID: true))
        } catch {
            reply.header.error = "\(error)"
        }
        return reply
    }
}
