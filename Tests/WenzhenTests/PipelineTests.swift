import Foundation
import Logging
import Testing
import WenzhenCore
import WenzhenPipeline
import WenzhenStages
import WenzhenStore
import ZeroMQ

@Suite("Pipeline over real sockets and SQLite")
struct PipelineTests {
    static func runner(_ configuration: PipelineConfiguration = PipelineConfiguration()) throws -> PipelineRunner {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return PipelineRunner(configuration: configuration, resources: try StageResources.bundled(), logger: logger)
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
        let worker = StageWorker(kind: .dac, stage: RuleDialogueActs(), workEndpoint: "inproc://x", resultsEndpoint: "inproc://y", maxMessageBytes: 1000, logger: logger)
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
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = PipelineConfiguration()
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
        let runner = try Self.runner(configuration)
        let store = try runner.openStore(path: directory.appendingPathComponent("daemon.sqlite").path)
        let stop = LockedFlag()
        let hub = Thread {
            try? runner.run(store: store, endpoints: runner.daemonEndpoints(), mode: .untilStopped(shouldStop: stop.get))
            stop.finished()
        }
        hub.start()
        defer { stop.set() }

        let context = try ZMQContext()
        let subscriber = try ZMQSocket(context, .sub)
        try subscriber.subscribe()
        try subscriber.connect(configuration.endpoints.publish)
        try subscriber.setReceiveTimeout(milliseconds: 60_000)
        let client = try ZMQSocket(context, .req)
        try client.setReceiveTimeout(milliseconds: 60_000)
        try client.connect(configuration.endpoints.ingest)
        try await Task.sleep(for: .milliseconds(200))  // let the subscription reach the publisher

        func submit(_ payload: [UInt8]) throws -> IngestReply {
            try client.send([payload])
            let reply = try #require(try client.receive())
            return try JSONDecoder().decode(IngestReply.self, from: Data(reply[0]))
        }
        let dialogue = try TestSupport.exampleDialoguesDecoded()[0]
        let record = try JSONSerialization.jsonObject(with: DialogueFile.encodeRecord(dialogue, includeID: true))
        let request = Array(try JSONSerialization.data(withJSONObject: ["kind": "dialogue", "dialogue": record]))
        #expect(try submit(request) == .accepted(dialogue.id, duplicate: false))
        #expect(try store.counts().total == 1, "acknowledged only once stored")

        let published = try #require(try subscriber.receive())
        #expect(String(decoding: published[0], as: UTF8.self) == dialogue.id)
        let result = try DialogueFile.decodeRecord(Data(published[1]), id: nil).get()
        #expect(result.report != nil)
        #expect(try submit(request) == .accepted(dialogue.id, duplicate: true))

        let bad: [([UInt8], String)] = [
            (Array("{not json".utf8), "not a JSON object"),
            ([0x7B, 0xFF, 0x7D], "invalid UTF-8"),
            (Array(#"{"kind":"turn"}"#.utf8), "unknown kind 'turn'"),
            (Array(#"{"kind":"dialogue","dialogue":{"id":"x","dialogue":[{"speaker":"医生"}]}}"#.utf8), "missing field"),
            ([], "empty message"),
            (Array(repeating: 0x20, count: 70 * 1024), "exceeds the limit"),
        ]
        for (payload, reason) in bad {
            let reply = try submit(payload)
            #expect(reply.ok == false)
            #expect(reply.error?.contains(reason) == true, "\(reply.error ?? "") should mention \(reason)")
        }
        #expect(try store.deadLetterCount() == bad.count)
        client.close()
        subscriber.close()
        stop.set()
        #expect(stop.waitFinished(seconds: 15), "the hub drains and stops when asked")
    }
}

/// A flag shared between a test and the hub thread it runs.
final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    private let done = DispatchSemaphore(value: 0)
    func set() { lock.withLock { value = true } }
    func get() -> Bool { lock.withLock { value } }
    func finished() { done.signal() }
    func waitFinished(seconds: Double) -> Bool { done.wait(timeout: .now() + seconds) == .success }
}
