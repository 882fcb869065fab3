import Foundation
import Logging
import WenzhenCore
import WenzhenStages
import WenzhenStore
import WenzhenWire
import ZeroMQ

/// The one writer of the checkpoint store and the router between stages.
///
/// It takes in client requests, hands each pending dialogue to the stage it waits for, records every result in
/// SQLite before passing the document on to the next stage, and publishes every stage's result, what each
/// revision of a live dialogue changed in its annotations (also kept in SQLite), and a dialogue's final
/// document. A dialogue is in one stage at a time, so the turns of a live dialogue are processed in order:
/// turns that arrive meanwhile are taken together in the next pass. Work that a stage does
/// not return in time is handed out again; results that arrive twice are recorded once. Owned by one thread.
///
/// Backpressure: at most `limits.max_in_flight` dialogues are between stages. When that many are, the hub
/// stops reading the ingest socket, whose queue then fills up to its high-water mark and holds the clients'
/// requests back: a slow stage slows acknowledgements, memory stays bounded, and nothing is dropped.
///
/// When the store cannot be written (disk full, database locked or read-only), the daemon stays up but
/// takes nothing in: every request is answered "unavailable" and results are left to be redone, until a probe
/// once a second finds the store writable again; then work resumes from what the store holds.
public final class PipelineHub {
    /// Where the hub binds its sockets.
    public struct Endpoints: Sendable {
        public var results: String
        public var stages: [String]
        /// Where clients submit dialogues; nil for offline runs.
        public var ingest: String?
        /// Where final documents are published; nil for offline runs.
        public var publish: String?
        /// Endpoints the hub binds as well, for the worker threads of its own process (inproc: messages pass
        /// between the threads directly, not through ZeroMQ's I/O thread); nil when the main ones are these.
        public var localResults: String?
        public var localStages: [String]?

        public init(
            results: String, stages: [String], ingest: String? = nil, publish: String? = nil, localResults: String? = nil,
            localStages: [String]? = nil
        ) {
            self.results = results
            self.stages = stages
            self.ingest = ingest
            self.publish = publish
            self.localResults = localResults
            self.localStages = localStages
        }

        /// Where a worker thread of this process takes a stage's work.
        public func workForLocalWorker(stage index: Int) -> String { localStages?[index] ?? stages[index] }

        /// Where a worker thread of this process returns results.
        public var resultsForLocalWorkers: String { localResults ?? results }
    }

    /// When `run` returns.
    public enum Mode {
        /// Once every dialogue in the store has passed all stages or failed (offline reprocessing).
        case untilIdle
        /// When `shouldStop` turns true, after draining the dialogues in flight (the daemon).
        case untilStopped(shouldStop: () -> Bool)
    }

    struct InFlight {
        var message: WorkMessage
        var sentAt: Date
    }

    let stages: [StageKind]
    let store: CheckpointStore
    /// Whether other processes can reach the stage endpoints (the daemon), so that a result may come from a
    /// faulty worker; an offline run's endpoints are private to its own threads.
    let workersMayBeElsewhere: Bool
    let limits: PipelineConfiguration.Limits
    let metricsSettings: PipelineConfiguration.MetricsSettings
    let logger: Logger
    private let metrics: PipelineMetrics
    private var lastMetricsWrite = Date.distantPast
    private let results: ZMQSocket
    private let stageSockets: [ZMQSocket]
    private var ingest: IngestEndpoint?
    private let publisher: ZMQSocket?
    private var outboxes: [[WorkMessage]]
    private var inFlight: [String: InFlight] = [:]
    /// Dialogues that need a pass and found no room in flight, in arrival order.
    private var waiting: [String] = []
    private var isWaiting: Set<String> = []
    private var cursor = -1
    private var storeExhausted = false
    private var lastTimeoutScan = Date()
    /// Why the store cannot be written, while it cannot.
    private var storeFault: StoreError?
    private var intake: DialogueIntake { DialogueIntake(store: store) }
    /// Dialogues finished or failed since the hub started, for progress displays.
    public private(set) var finished = 0
    public private(set) var failed = 0
    /// Called after each batch of results with the hub's counts.
    public var onProgress: ((_ finished: Int, _ failed: Int) -> Void)?

    public init(
        stages: [StageKind], endpoints: Endpoints, store: CheckpointStore, limits: PipelineConfiguration.Limits,
        metrics metricsSettings: PipelineConfiguration.MetricsSettings, security: TransportSecurity, context: ZMQContext,
        logger: Logger
    ) throws {
        precondition(stages.count == endpoints.stages.count)
        self.stages = stages
        self.store = store
        workersMayBeElsewhere = !(endpoints.stages + [endpoints.results]).allSatisfy { $0.hasPrefix("inproc://") }
        self.limits = limits
        self.metricsSettings = metricsSettings
        self.logger = logger
        let metrics = PipelineMetrics(stageNames: stages.map(\.rawValue))
        self.metrics = metrics
        results = try ZMQSocket(context, .pull)
        try results.setMaxMessageSize(bytes: Int64(limits.maxMessageBytes) * 2)
        try security.secure(results, endpoint: endpoints.results, as: .server)
        try results.bind(endpoints.results)
        if let local = endpoints.localResults { try results.bind(local) }
        stageSockets = try endpoints.stages.enumerated().map { index, endpoint in
            let socket = try ZMQSocket(context, .push)
            try socket.setHighWaterMarks(send: 64, receive: 64)
            try security.secure(socket, endpoint: endpoint, as: .server)
            try socket.bind(endpoint)
            if let local = endpoints.localStages?[index] { try socket.bind(local) }
            return socket
        }
        outboxes = Array(repeating: [], count: stages.count)
        if let endpoint = endpoints.publish {
            let socket = try ZMQSocket(context, .pub)
            try security.secure(socket, endpoint: endpoint, as: .server)
            try socket.bind(endpoint)
            publisher = socket
        } else {
            publisher = nil
        }
        if let endpoint = endpoints.ingest {
            ingest = try IngestEndpoint(
                endpoint: endpoint, context: context, security: security, store: store, maxMessageBytes: limits.maxMessageBytes,
                metrics: metrics, logger: logger)
        }
        ingest?.status = { [unowned self] in try status() }
        ingest?.intake.passUnderWay = { [unowned self] in inFlight[$0] != nil }
    }

    /// The daemon's figures now.
    func status() throws -> PipelineStatus {
        var queued = Array(repeating: 0, count: stages.count)
        for entry in inFlight.values { queued[entry.message.header.index] += 1 }
        return try metrics.snapshot(queued: queued, store: store, storeFault: storeFault.map { "\($0)" })
    }

    /// Routes work until the mode says to stop. Nothing is acknowledged that is not stored. A store error ends
    /// an offline run (what is stored is resumed on the next start); the daemon rides it out in store-fault mode.
    public func run(_ mode: Mode) throws {
        var drainDeadline: Date?
        defer { closeSockets() }
        while true {
            switch mode {
            case .untilIdle:
                if inFlight.isEmpty && storeExhausted && outboxes.allSatisfy(\.isEmpty) { return }
            case let .untilStopped(shouldStop):
                if drainDeadline == nil, shouldStop() {
                    drainDeadline = Date().addingTimeInterval(limits.drainTimeoutSeconds)
                    ingest?.close()
                    ingest = nil
                    logger.info("draining", metadata: ["in_flight": "\(inFlight.count)"])
                }
                if let deadline = drainDeadline, inFlight.isEmpty || Date() >= deadline {
                    if !inFlight.isEmpty {
                        logger.warning("stopping with dialogues in flight; they resume at the next start", metadata: ["in_flight": "\(inFlight.count)"])
                    }
                    return
                }
            }
            do {
                if drainDeadline == nil { try refill() }
                flushOutboxes()
                try waitAndHandle()
                try housekeeping()
            } catch let error as StoreError {
                guard case .untilStopped = mode, drainDeadline == nil else { throw error }
                enterStoreFault(error)
            }
        }
    }

    // MARK: Store faults

    /// Stops taking work in and forgets what is in flight: the store keeps every dialogue's state, and work
    /// is taken up again from there once the store is writable.
    private func enterStoreFault(_ error: StoreError) {
        if storeFault == nil {
            logger.error("cannot write the store; refusing new requests until it recovers", metadata: ["error": "\(error)"])
        }
        storeFault = error
        inFlight = [:]
        waiting = []
        isWaiting = []
        outboxes = outboxes.map { _ in [] }
    }

    /// Tries a write; on success, resumes from the store.
    private func probeStore() {
        do {
            try store.setMetadata("probe", ISO8601DateFormatter().string(from: Date()))
        } catch {
            storeFault = error
            return
        }
        logger.notice("the store is writable again; resuming")
        storeFault = nil
        cursor = -1
        storeExhausted = false
    }

    // MARK: Dispatch

    /// Whether another dialogue may go into flight.
    private var hasRoom: Bool { inFlight.count < limits.maxInFlight }

    /// Takes dialogues into flight, up to the in-flight limit: first those waiting for room, then those the
    /// store still has pending.
    private func refill() throws {
        guard storeFault == nil else { return }
        while hasRoom, !waiting.isEmpty {
            let id = waiting.removeFirst()
            isWaiting.remove(id)
            if inFlight[id] == nil { try resume(id) }
        }
        let room = limits.maxInFlight - inFlight.count
        guard room > 0, !storeExhausted else { return }
        let work = try store.pendingWork(limit: room, after: cursor)
        storeExhausted = work.count < room
        for item in work {
            cursor = item.position
            dispatch(item)
        }
    }

    /// Hands a dialogue to the stage it waits for, unless it is already with one.
    private func dispatch(_ item: PendingWork) {
        guard inFlight[item.id] == nil else { return }
        guard item.stagesDone < stages.count else {
            logger.error("dialogue is past the last stage of this pipeline", metadata: ["dialogue": "\(item.id)"])
            return
        }
        dispatch(WorkMessage(
            dialogue: item.id, stage: stages[item.stagesDone].rawValue, index: item.stagesDone, revision: item.workRevision,
            document: Array(item.document)))
    }

    /// Looks up what a dialogue waits for now and hands it out.
    private func resume(_ id: String) throws {
        inFlight[id] = nil
        if let item = try store.pendingWork(id: id) { dispatch(item) }
    }

    private func dispatch(_ message: WorkMessage) {
        inFlight[message.header.dialogue] = InFlight(message: message, sentAt: Date())
        outboxes[message.header.index].append(message)
    }

    /// Sends queued work as far as the stages take it without blocking.
    private func flushOutboxes() {
        for index in outboxes.indices where !outboxes[index].isEmpty {
            var sent = 0
            for message in outboxes[index] {
                do {
                    try stageSockets[index].send(message.frames, dontWait: true)
                    inFlight[message.header.dialogue]?.sentAt = Date()
                    sent += 1
                } catch {
                    if !error.wouldBlock { logger.error("cannot hand out work", metadata: ["stage": "\(stages[index].rawValue)", "error": "\(error)"]) }
                    break
                }
            }
            outboxes[index].removeFirst(sent)
        }
    }

    /// Once a second: hands out again the work a stage has held too long (its worker may have died), and
    /// closes idle live dialogues.
    private func housekeeping() throws {
        let now = Date()
        guard now.timeIntervalSince(lastTimeoutScan) >= 1 else { return }
        lastTimeoutScan = now
        if storeFault != nil { probeStore() }
        writeMetricsFile(now: now)
        guard storeFault == nil else { return }
        try closeIdleDialogues()
        let queued = Set(outboxes.joined().map(\.header.dialogue))
        for (id, entry) in inFlight where !queued.contains(id) && now.timeIntervalSince(entry.sentAt) > limits.stageTimeoutSeconds {
            logger.warning("stage timed out; handing the dialogue out again", metadata: ["dialogue": "\(id)", "stage": "\(entry.message.header.stage)"])
            dispatch(entry.message)
        }
    }

    /// Writes the Prometheus textfile when one is configured and it is due.
    private func writeMetricsFile(now: Date) {
        guard let path = metricsSettings.textfile, now.timeIntervalSince(lastMetricsWrite) >= metricsSettings.intervalSeconds else { return }
        lastMetricsWrite = now
        do {
            try PrometheusTextfile.write(try status(), to: path)
        } catch {
            logger.warning("cannot write the metrics textfile", metadata: ["path": "\(path)", "error": "\(error)"])
        }
    }

    // MARK: Receiving

    private func waitAndHandle() throws {
        var entries: [(socket: ZMQSocket, events: ZMQPoller.Events)] = [(results, .readable)]
        // Saturated: leave requests in the ingest socket's queue (backpressure).
        let acceptsRequests = hasRoom && waiting.isEmpty
        if let ingest, acceptsRequests { entries.append((ingest.socket, .readable)) }
        let pendingOutboxes = outboxes.indices.filter { !outboxes[$0].isEmpty }
        entries += pendingOutboxes.map { (stageSockets[$0], .writable) }
        let ready = try ZMQPoller().poll(entries, timeoutMilliseconds: 100)
        if ready[0].contains(.readable) { try drainResults() }
        if let ingest, acceptsRequests, ready[1].contains(.readable) {
            let refusal = storeFault.map { "unavailable: \($0); nothing was stored" }
            for event in try ingest.handleAvailable(limit: limits.maxInFlight - inFlight.count, refusingChanges: refusal) {
                switch event {
                case let .needsWork(id) where inFlight[id] == nil:
                    if hasRoom {
                        try resume(id)
                    } else if isWaiting.insert(id).inserted {
                        waiting.append(id)
                    }
                case .needsWork: break
                case let .finished(id): try publishFinal(id)
                }
            }
        }
    }

    /// Publishes the final document of a closed dialogue.
    private func publishFinal(_ id: String) throws {
        finished += 1
        guard let publisher, let row = try store.dialogue(id), let document = try store.latestDocument(id) else { return }
        try? publisher.send([Array(id.utf8), Self.event("final", stage: nil, revision: row.revision), Array(document)], dontWait: true)
    }

    /// The middle frame of a publication: what the document is.
    static func event(_ kind: String, stage: String?, revision: Int) -> [UInt8] {
        Array((stage.map { #"{"event":"\#(kind)","stage":"\#($0)","revision":\#(revision)}"# } ?? #"{"event":"\#(kind)","revision":\#(revision)}"#).utf8)
    }

    /// Closes live dialogues idle for longer than the configured time.
    private func closeIdleDialogues() throws {
        guard ingest != nil else { return }
        for id in try intake.closeIdle(since: Date().addingTimeInterval(-limits.idleTimeoutSeconds)) { try publishFinal(id) }
    }

    /// Records every result that is waiting, in one transaction, then moves each dialogue on.
    private func drainResults() throws {
        var outcomes: [StageOutcome] = []
        while outcomes.count < 1024, let frames = try results.receive(dontWait: true) {
            // Unrecordable while the store is down; the work is handed out again when it is back.
            guard storeFault == nil else { continue }
            do {
                outcomes.append(try outcome(of: WorkMessage(frames: frames)))
            } catch {
                logger.error("unusable result", metadata: ["reason": "\(error)"])
                try store.deadLetter(source: "results", reason: "\(error)", payload: Data(frames.joined()))
            }
        }
        guard !outcomes.isEmpty else { return }
        let recorded = try store.record(outcomes, annotationChanges: Self.annotationChanges, checkingWholeDialogues: workersMayBeElsewhere)
        let now = Date()
        for (outcome, change) in zip(outcomes, recorded) {
            let failedNow = if case .failed = change { true } else { false }
            if change != .ignored, let sent = inFlight[outcome.dialogueID]?.sentAt {
                metrics.recordResult(stage: outcome.stageIndex, seconds: now.timeIntervalSince(sent), failed: failedNow)
            }
            let document = (try? outcome.result.get()).map(Array.init) ?? []
            if change != .ignored, !failedNow, let publisher {
                try? publisher.send([Array(outcome.dialogueID.utf8), Self.event("stage", stage: outcome.stage, revision: outcome.revision), document], dontWait: true)
            }
            switch change {
            case .ignored:
                // A duplicate, or the result of a pass the store has moved past: if it is the one the hub
                // waited for, look up what the dialogue waits for now.
                if let waiting = inFlight[outcome.dialogueID]?.message.header, waiting.index == outcome.stageIndex, waiting.revision == outcome.revision {
                    try resume(outcome.dialogueID)
                }
            case .advanced:
                let next = outcome.stageIndex + 1
                dispatch(WorkMessage(
                    dialogue: outcome.dialogueID, stage: stages[next].rawValue, index: next, revision: outcome.revision, document: document))
            case let .revisionDone(final, changes):
                if !changes.isEmpty, let publisher {
                    try? publisher.send([Array(outcome.dialogueID.utf8), Self.event("changes", stage: nil, revision: outcome.revision), AnnotationChange.json(changes)], dontWait: true)
                }
                if final {
                    inFlight[outcome.dialogueID] = nil
                    finished += 1
                    try? publisher?.send([Array(outcome.dialogueID.utf8), Self.event("final", stage: nil, revision: outcome.revision), document], dontWait: true)
                } else {
                    try resume(outcome.dialogueID)
                }
            case let .failed(reason):
                inFlight[outcome.dialogueID] = nil
                failed += 1
                logger.error("stage failed on a dialogue", metadata: ["dialogue": "\(outcome.dialogueID)", "reason": "\(reason)"])
            }
        }
        onProgress?(finished, failed)
    }

    /// What a revision's final document changed in the annotations of the previous revision's.
    static func annotationChanges(previous: Data?, current: Data, revision: Int) throws -> [AnnotationChange] {
        try AnnotationChange.between(previous: previous.map(Array.init), current: Array(current), revision: revision)
    }

    private func outcome(of message: WorkMessage) throws(WireError) -> StageOutcome {
        let header = message.header
        guard stages.indices.contains(header.index), stages[header.index].rawValue == header.stage else {
            throw .malformed("result for unknown stage \(header.stage) at position \(header.index)")
        }
        let result: Result<Data, StageFailure> = header.error.map { .failure(StageFailure($0)) } ?? .success(Data(message.document))
        return StageOutcome(
            dialogueID: header.dialogue, stageIndex: header.index, stage: header.stage, revision: header.revision,
            isLastStage: header.index == stages.count - 1, result: result)
    }

    private func closeSockets() {
        ingest?.close()
        results.close()
        publisher?.close()
        stageSockets.forEach { $0.close() }
    }
}
