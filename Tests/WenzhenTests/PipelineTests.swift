import Foundation
import Logging
import Testing
import WenzhenCore
import WenzhenPipeline
import WenzhenStages
import WenzhenStore
import WenzhenWire
import ZeroMQ

@Suite("Pipeline over real sockets and SQLite")
struct PipelineTests {
    static func runner(_ configuration: PipelineConfiguration = PipelineConfiguration(), registry: StageRegistry = .standard) throws -> PipelineRunner {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return PipelineRunner(configuration: configuration, registry: registry, resources: try StageResources.bundled(), logger: logger)
    }

    @Test("offline: every dialogue passes all five stages once, in order, over inproc sockets")
    func offline() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let dialogues = try TestSupport.exampleDialoguesDecoded()
        let processor = OfflineProcessor(runner: try Self.runner())
        let (store, summary) = try processor.run(dialogues, statePath: directory.appendingPathComponent("s.sqlite").path, inputFingerprint: "f")
        #expect(summary.counts.done == dialogues.count)
        #expect(summary.failures.isEmpty)
        for dialogue in dialogues {
            #expect(try store.stageResultCounts(dialogueID: dialogue.id) == ["ner": 1, "dac": 1, "symptoms": 1, "polarity": 1, "report": 1])
        }
        let output = directory.appendingPathComponent("out.json")
        try OfflineProcessor.writeResults(of: store, to: output, format: .dataset)
        let results = try DialogueFile.read(contentsOf: output).map { try $0.dialogue.get() }
        #expect(results.map(\.id) == dialogues.map(\.id))
        for result in results {
            #expect(result.report != nil)
            #expect(result.implicitSymptoms != nil)
            #expect(result.turns.allSatisfy { $0.bioLabel != nil && $0.dialogueAct != nil && $0.findings != nil && $0.symptomType != nil })
        }
        // A second run over the same store recomputes nothing.
        let again = try processor.run(dialogues, statePath: store.path, inputFingerprint: "f")
        #expect(again.summary.newlyTaken == 0)
        #expect(try again.store.stageResultCounts(dialogueID: dialogues[0].id)["ner"] == 1)
    }

    @Test("a store made for another input or another pipeline is refused")
    func claims() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("s.sqlite").path
        _ = try Self.runner().openStore(path: path, input: "one")
        #expect { _ = try Self.runner().openStore(path: path, input: "two") } throws: { "\($0)".contains("another input") }
        var configuration = PipelineConfiguration()
        configuration.stages = [PipelineConfiguration.StageSettings(kind: .ner)]
        #expect { _ = try Self.runner(configuration).openStore(path: path, input: "one") } throws: { "\($0)".contains("other stages") }
    }

    @Test("a worker answers a message for another stage or with a bad document with an error, not a crash")
    func workerErrors() throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let worker = StageWorker(kind: .dac, stage: RuleDialogueActs(), workEndpoint: "inproc://x", resultsEndpoint: "inproc://y", maxMessageBytes: 1000, security: .plainLoopback, logger: logger)
        let wrongStage = worker.handle(WorkMessage(dialogue: "d", stage: "ner", index: 0, document: []).frames)
        #expect(wrongStage.header.error?.contains("runs stage dac") == true)
        let badDocument = worker.handle(WorkMessage(dialogue: "d", stage: "dac", index: 1, document: Array("{\"id\":1}".utf8)).frames)
        #expect(badDocument.header.error != nil)
        #expect(badDocument.header.index == 1)
        let garbage = worker.handle([[0xFF]])
        #expect(garbage.header.error?.contains("malformed") == true)
    }

    @Test("daemon: ingest over tcp is acknowledged after storage, results are published, bad messages get reasons")
    func daemon() async throws {
        let daemon = try await DaemonHarness()
        defer { daemon.stop() }
        let dialogue = try TestSupport.exampleDialoguesDecoded()[0]
        let record = try JSONSerialization.jsonObject(with: DialogueFile.encodeRecord(dialogue, includeID: true))
        let request = Array(try JSONSerialization.data(withJSONObject: ["kind": "dialogue", "record": record]))
        #expect(try daemon.submit(request) == .accepted(dialogue.id, duplicate: false, revision: 1))
        #expect(try daemon.store.counts().total == 1, "acknowledged only once stored")

        var stages: [String] = []
        var published = try daemon.nextPublication()
        while published.event.contains(#""event":"stage""#) {
            stages.append(published.event)
            published = try daemon.nextPublication()
        }
        #expect(stages.count == 5, "one publication per stage, then the final document")
        #expect(published.id == dialogue.id)
        #expect(published.event == #"{"event":"final","revision":1}"#)
        #expect(try published.document.report != nil)
        #expect(try daemon.store.annotationChanges(dialogueID: dialogue.id).isEmpty, "a whole dialogue taken in once has no change log")
        #expect(try daemon.submit(request) == .accepted(dialogue.id, duplicate: true, revision: 1))

        let bad: [([UInt8], String)] = [
            (Array("{not json".utf8), "not a JSON object"),
            ([0x7B, 0xFF, 0x7D], "invalid UTF-8"),
            (Array(#"{"kind":"chat"}"#.utf8), "unknown kind 'chat'"),
            (Array(#"{"kind":"dialogue","record":{"id":"x","dialogue":[{"speaker":"医生"}]}}"#.utf8), "missing field"),
            (Array(#"{"kind":"turn","dialogue":"nobody","sentence_id":"1","speaker":"医生","sentence":"你好"}"#.utf8), "unknown dialogue nobody"),
            (Array(#"{"kind":"turn","dialogue":"x","sentence_id":"1","speaker":"护士","sentence":"你好"}"#.utf8), "speaker must be"),
            (Array(#"{"kind":"open","dialogue":3}"#.utf8), "expected String"),
            ([], "empty message"),
            (Array(repeating: 0x20, count: 70 * 1024), "exceeds the limit"),
        ]
        for (payload, reason) in bad {
            let reply = try daemon.submit(payload)
            #expect(reply.ok == false)
            #expect(reply.error?.contains(reason) == true, "\(reply.error ?? "") should mention \(reason)")
        }
        #expect(try daemon.store.deadLetterCount() == bad.count + 1, "each bad message, and the harness's warm-up show")
        daemon.stop()
        #expect(daemon.waitStopped(), "the hub drains and stops when asked")
    }

    @Test("live consultation: turns are acknowledged with revisions, processed in order, shown, and finalized on close")
    func liveConsultation() async throws {
        let daemon = try await DaemonHarness()
        defer { daemon.stop() }
        func send(_ object: [String: Any]) throws -> IngestReply {
            try daemon.submit(Array(try JSONSerialization.data(withJSONObject: object)))
        }
        #expect(try send(["kind": "open", "dialogue": "c1", "self_report": "孩子发烧两天"]) == .accepted("c1", duplicate: false, revision: 1))
        let turns = [("1", "医生", "宝宝咳嗽吗？"), ("2", "患者", "有点咳嗽，没有流鼻涕"), ("3", "医生", "考虑是上呼吸道感染")]
        for (number, (id, speaker, sentence)) in turns.enumerated() {
            let reply = try send(["kind": "turn", "dialogue": "c1", "sentence_id": id, "speaker": speaker, "sentence": sentence])
            #expect(reply == .accepted("c1", duplicate: false, revision: number + 2))
        }
        #expect(try send(["kind": "turn", "dialogue": "c1", "sentence_id": "2", "speaker": "患者", "sentence": "有点咳嗽，没有流鼻涕"]).duplicate == true)
        #expect(try send(["kind": "turn", "dialogue": "c1", "sentence_id": "2", "speaker": "患者", "sentence": "不咳"]).error?.contains("different sentence 2") == true)
        #expect(try send(["kind": "turn", "dialogue": "c1", "sentence_id": "0", "speaker": "患者", "sentence": "你好"]).error?.contains("sentence 0 arrives after sentence 3 (out of order)") == true)
        #expect(try daemon.store.deadLetterCount() == 3, "the warm-up show, the changed sentence and the out-of-order one, each kept raw")

        // Each publication is one stage's result for one revision, holding exactly the turns of that revision,
        // or what a finished revision changed; revisions only grow, and the pass of the last revision completes.
        var revisions: [Int] = []
        var published: [AnnotationChange] = []
        while true {
            let publication = try daemon.nextPublication()
            #expect(publication.id == "c1")
            let revision = try #require(publication.revision)
            #expect(revision >= (revisions.last ?? 0))
            if publication.isChanges {
                published += try publication.changes
                if revision == 4 { break }
                continue
            }
            #expect(try publication.document.turns.count == revision - 1, "revision \(revision) is the opening plus \(revision - 1) turns")
            revisions.append(revision)
        }
        #expect(revisions.filter { $0 == 4 }.count == 5)
        let shown = try send(["kind": "show", "dialogue": "c1"])
        #expect(shown.state == "open" || shown.state == "pending")
        #expect(shown.revision == 4)
        #expect(shown.document?.contains("上呼吸道感染") == true)
        #expect(shown.changes == nil, "the change log only when asked")

        #expect(try send(["kind": "close", "dialogue": "c1"]) == .accepted("c1", duplicate: false, revision: 4))
        var final = try daemon.nextPublication()
        while !final.event.contains("final") { final = try daemon.nextPublication() }
        #expect(final.event == #"{"event":"final","revision":4}"#)
        let document = try final.document
        #expect(document.turns.map(\.sentenceID) == ["1", "2", "3"])
        #expect(document.turns.allSatisfy { $0.dialogueAct != nil })

        // The change log in SQLite is what was published, and replaying it gives the final annotations.
        let logged = try #require(try send(["kind": "show", "dialogue": "c1", "changes": true]).changes)
        #expect(logged == published)
        var acts: [String: String] = [:], statuses: [String: String] = [:]
        for change in logged {
            #expect((1...4).contains(change.revision))
            switch change.kind {
            case .act: acts[change.sentenceID!] = change.value
            case .dialogueStatus: statuses[change.subject] = change.value
            case .sentenceStatus, .polarity: break
            }
        }
        #expect(acts == Dictionary(uniqueKeysWithValues: document.turns.map { ($0.sentenceID, $0.dialogueAct!.rawValue) }))
        #expect(statuses == (document.implicitSymptoms ?? [:]).mapValues(\.rawValue))
        #expect(statuses["咳嗽"] == "1")
        #expect(try send(["kind": "turn", "dialogue": "c1", "sentence_id": "4", "speaker": "患者", "sentence": "好的"]).error == "dialogue c1 is closed")
        #expect(try daemon.store.dialogue("c1")?.state == .done)
    }
}

@Suite("Faulty external workers")
struct FaultyWorkerTests {
    @Test("a last stage returning an unreadable document fails that dialogue (live or whole), kept as a dead letter; the daemon serves on, and the next turn tries again")
    func unreadableLastDocument() async throws {
        let daemon = try await DaemonHarness { configuration in
            configuration.stages = [PipelineConfiguration.StageSettings(kind: .ner, workers: 0)]
        }
        defer { daemon.stop() }
        // An external worker for the only stage, answering every message with a document that is not JSON.
        let context = try ZMQContext()
        let work = try ZMQSocket(context, .pull)
        let results = try ZMQSocket(context, .push)
        defer {
            work.close()
            results.close()
        }
        try work.setReceiveTimeout(milliseconds: 30_000)
        try work.connect(daemon.configuration.stages[0].endpoint)
        try results.connect(daemon.configuration.endpoints.results)
        func send(_ object: [String: Any]) throws -> IngestReply {
            try daemon.submit(Array(try JSONSerialization.data(withJSONObject: object)))
        }
        #expect(try send(["kind": "open", "dialogue": "bad", "self_report": ""]).ok)
        #expect(try send(["kind": "dialogue", "record": ["id": "whole", "self_report": "", "dialogue": [["sentence_id": "1", "speaker": "患者", "sentence": "发烧"]]]]).ok)
        for _ in 0..<2 {
            let frames = try #require(try work.receive())
            try results.send([frames[0], Array("{\"dialogue\": [oops".utf8)])
        }
        var failures = try daemon.store.failures()
        for _ in 0..<100 where failures.count < 2 {
            try await Task.sleep(for: .milliseconds(50))
            failures = try daemon.store.failures()
        }
        #expect(failures.map(\.id).sorted() == ["bad", "whole"])
        #expect(failures.allSatisfy { $0.error.hasPrefix("ner: unusable results document") })
        #expect(try daemon.store.deadLetterCount() == 3, "the warm-up show and the two unreadable documents")
        // The daemon still takes requests (a store error would have made it refuse them), and the live
        // dialogue's next turn gives it another pass, which a sound document completes.
        #expect(try send(["kind": "status"]).ok)
        #expect(try send(["kind": "turn", "dialogue": "bad", "sentence_id": "1", "speaker": "患者", "sentence": "发烧"]).revision == 2)
        let retry = try #require(try work.receive())
        #expect(String(decoding: retry[0], as: UTF8.self).contains(#""revision":2"#))
        try results.send(retry)
        var state = try daemon.store.dialogue("bad")?.state
        for _ in 0..<100 where state != .open {
            try await Task.sleep(for: .milliseconds(50))
            state = try daemon.store.dialogue("bad")?.state
        }
        #expect(state == .open)
        #expect(try daemon.store.dialogue("bad")?.error == nil)
    }
}

/// A daemon hub with local workers on a thread, tcp loopback ingest and publish endpoints, ipc stage
/// endpoints in a temporary directory, and a client and a subscriber connected to it.
/// A stage that takes its time: a stand-in for a slow model.
struct SlowStage: Stage {
    func process(_ dialogue: inout Dialogue) throws { usleep(100_000) }
}

@Suite("Backpressure")
struct BackpressureTests {
    @Test("a slow stage slows ingest acknowledgements (at most max_in_flight in flight) and nothing is dropped")
    func slowStageSlowsAcknowledgements() async throws {
        var registry = StageRegistry.standard
        registry.register(.ner, "slow") { _ in SlowStage() }
        let daemon = try await DaemonHarness(registry: registry) { configuration in
            configuration.stages = [PipelineConfiguration.StageSettings(kind: .ner, implementation: "slow")]
            configuration.limits.maxInFlight = 2
        }
        let context = try ZMQContext()
        let dealer = try ZMQSocket(context, .dealer)
        defer { dealer.close() }
        try dealer.setReceiveTimeout(milliseconds: 30_000)
        try dealer.connect(daemon.configuration.endpoints.ingest)
        let example = try TestSupport.exampleDialoguesDecoded()[0]
        let count = 8
        for index in 0..<count {
            var dialogue = example
            dialogue.id = "slow-\(index)"
            let record = try JSONSerialization.jsonObject(with: DialogueFile.encodeRecord(dialogue, includeID: true))
            try dealer.send([[], Array(try JSONSerialization.data(withJSONObject: ["kind": "dialogue", "record": record]))])
        }
        var acknowledged: [Date] = []
        for _ in 0..<count {
            let frames = try #require(try dealer.receive())
            #expect(try JSONDecoder().decode(IngestReply.self, from: Data(frames.last!)).ok)
            acknowledged.append(Date())
        }
        // Two go into flight at once; each later one waits for a 100 ms pass to finish.
        let spread = acknowledged.last!.timeIntervalSince(acknowledged.first!)
        #expect(spread >= 0.45, "acknowledgements held back by the slow stage: \(spread) s")
        var finals = 0
        while finals < count {
            if try daemon.nextPublication().event.contains("final") { finals += 1 }
        }
        #expect(try daemon.store.counts().done == count)
    }
}

final class DaemonHarness {
    let directory: URL
    let configuration: PipelineConfiguration
    let store: CheckpointStore
    private let stopFlag = StopFlag()
    private let context: ZMQContext
    private let client: ZMQSocket
    private let subscriber: ZMQSocket

    /// One publication: topic, event header, and a document or (event `changes`) a change list.
    struct Publication {
        var id: String
        var event: String
        var payload: Data
        var document: Dialogue {
            get throws { try DialogueFile.decodeRecord(payload, id: nil).get() }
        }
        var changes: [AnnotationChange] {
            get throws { try JSONDecoder().decode([AnnotationChange].self, from: payload) }
        }
        var isChanges: Bool { event.contains(#""event":"changes""#) }
        var revision: Int? {
            (try? JSONSerialization.jsonObject(with: Data(event.utf8)) as? [String: Any])?["revision"] as? Int
        }
    }

    /// A daemon on its own endpoints; `configure` may change the configuration first (stages, limits).
    init(registry: StageRegistry = .standard, configure: (inout PipelineConfiguration) -> Void = { _ in }) async throws {
        let directory = try TestSupport.temporaryDirectory()
        self.directory = directory
        var configuration = PipelineConfiguration()
        configure(&configuration)
        let port = Int.random(in: 20000..<40000)
        configuration.endpoints.ingest = "tcp://127.0.0.1:\(port)"
        configuration.endpoints.publish = "tcp://127.0.0.1:\(port + 1)"
        configuration.endpoints.results = "ipc://\(directory.path)/results.ipc"
        configuration.stages = configuration.stages.map { settings in
            var settings = settings
            settings.endpoint = "ipc://\(directory.path)/\(settings.kind.rawValue).ipc"
            return settings
        }
        configuration.limits.maxMessageBytes = 64 * 1024
        configuration.security.allowPlainLoopback = true
        self.configuration = configuration
        let runner = try PipelineTests.runner(configuration, registry: registry)
        store = try runner.openStore(path: directory.appendingPathComponent("daemon.sqlite").path)
        let stop = stopFlag
        let store = self.store
        Thread {
            try? runner.run(store: store, endpoints: runner.daemonEndpoints(), mode: .untilStopped(shouldStop: stop.isSet))
            stop.finished()
        }.start()
        context = try ZMQContext()
        subscriber = try ZMQSocket(context, .sub)
        try subscriber.subscribe()
        try subscriber.connect(configuration.endpoints.publish)
        try subscriber.setReceiveTimeout(milliseconds: 60_000)
        client = try ZMQSocket(context, .req)
        try client.setReceiveTimeout(milliseconds: 60_000)
        try client.connect(configuration.endpoints.ingest)
        _ = try submit(Array(#"{"kind":"show","dialogue":"(warm-up)"}"#.utf8))  // the hub is up once it answers
        try await Task.sleep(for: .milliseconds(300))  // let the subscription reach the publisher
    }

    /// Sends one request and decodes the reply.
    func submit(_ payload: [UInt8]) throws -> IngestReply {
        try client.send([payload])
        let reply = try #require(try client.receive())
        return try JSONDecoder().decode(IngestReply.self, from: Data(reply[0]))
    }

    func nextPublication() throws -> Publication {
        let frames = try #require(try subscriber.receive())
        return Publication(id: String(decoding: frames[0], as: UTF8.self), event: String(decoding: frames[1], as: UTF8.self), payload: Data(frames[2]))
    }

    func stop() { stopFlag.set() }

    func waitStopped() -> Bool { stopFlag.waitFinished(seconds: 15) }

    deinit {
        stopFlag.set()
        _ = stopFlag.waitFinished(seconds: 15)
        client.close()
        subscriber.close()
        try? FileManager.default.removeItem(at: directory)
    }
}
