import ArgumentParser
import Foundation
import Logging
import WenzhenCore
import WenzhenPipeline
import WenzhenStages
import WenzhenStore

/// `wenzhen bench pipeline`: end-to-end figures of all five stages with SQLite checkpointing.
struct BenchPipeline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Offline reprocessing throughput and streaming per-turn latency through all stages, with checkpointing; peak memory.",
        discussion: "Needs no data: it replicates the bundled full-length example consultations (or --input). Runs in a temporary directory.")

    @OptionGroup var source: BenchInput

    @Option(help: "Dialogues to reprocess offline.")
    var dialogues = 2000

    @Option(help: "Offered streaming load, turns per second (default: the load the latency target is set at).")
    var rate: Double = 2000

    @Option(help: "Seconds of streaming.")
    var seconds: Double = 5

    @Option(help: "Concurrent streaming clients (consultations at once), sharing the offered load.")
    var clients = 16

    @Option(help: "Live dialogues to hold open at once, each opened with one turn.")
    var openDialogues = 10_000

    @OptionGroup var common: CommonOptions

    func run() throws {
        var logger = common.makeLogger()
        logger.logLevel = .error
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wenzhen-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = try common.loadConfiguration()
        let examples = try source.dialogues().map(\.withoutAnnotations)
        let archive = (0..<dialogues).map { index -> Dialogue in
            var dialogue = examples[index % examples.count]
            dialogue.id = "bench-\(index)"
            return dialogue
        }
        let sentences = archive.reduce(0) { $0 + $1.turns.count }
        let runner = PipelineRunner(configuration: configuration, resources: try common.resources(for: configuration), logger: logger)
        _ = try runner.makeLocalStages()

        let start = Date()
        _ = try OfflineProcessor(runner: runner).run(archive, statePath: directory.appendingPathComponent("offline.sqlite").path, inputFingerprint: "bench")
        let offline = Date().timeIntervalSince(start)
        print(String(format: "offline: %d dialogues, %d sentences in %.2f s: %.0f dialogues/s, %.0f sentences/s", dialogues, sentences, offline, Double(dialogues) / offline, Double(sentences) / offline))

        configuration.endpoints.ingest = "ipc://\(directory.path)/ingest.ipc"
        configuration.endpoints.publish = "ipc://\(directory.path)/publish.ipc"
        configuration.endpoints.results = "ipc://\(directory.path)/results.ipc"
        for index in configuration.stages.indices {
            configuration.stages[index].endpoint = "ipc://\(directory.path)/\(configuration.stages[index].kind.rawValue).ipc"
        }
        let streaming = PipelineRunner(configuration: configuration, resources: runner.resources, logger: logger)
        let latencies = try measureStreaming(streaming, examples: examples, directory: directory)
        func percentile(_ p: Double) -> Double { Percentile.of(latencies, p) ?? .nan }
        print(String(format: "streaming: %d turns offered at %.0f/s; ingest-to-report latency p50 %.2f ms, p99 %.2f ms", latencies.count, rate, percentile(0.5), percentile(0.99)))
        let held = try holdOpen(streaming, examples: examples, directory: directory)
        print(String(format: "open: %d live dialogues held open, each through all stages, in %.1f s; RSS then %.1f MB", openDialogues, held, ResidentMemory.megabytes))
        print(String(format: "peak RSS %.1f MB", PeakMemory.megabytes))
        if source.json {
            print(String(
                format: #"{"offline_dialogues_per_s": %.1f, "offline_sentences_per_s": %.1f, "streaming_turns": %d, "streaming_rate": %.1f, "streaming_p50_ms": %.3f, "streaming_p99_ms": %.3f, "open_dialogues": %d, "peak_rss_mb": %.1f}"#,
                Double(dialogues) / offline, Double(sentences) / offline, latencies.count, rate, percentile(0.5), percentile(0.99), openDialogues,
                PeakMemory.megabytes))
        }
    }

    /// Runs a daemon of `runner` on a new store named `name` while `body` uses it as a client.
    private func withDaemon<T>(
        _ runner: PipelineRunner, store name: String, directory: URL, _ body: (DaemonClient, TransportSecurity, StopFlag) throws -> T
    ) throws -> T {
        let store = try runner.openStore(path: directory.appendingPathComponent(name).path)
        let stop = StopFlag()
        let hub = Thread { try? runner.run(store: store, endpoints: runner.daemonEndpoints(), mode: .untilStopped(shouldStop: stop.isSet)); stop.finished() }
        hub.start()
        defer {
            stop.set()
            stop.waitFinished(seconds: 30)
        }
        let security = try TransportSecurity(runner.configuration.security)
        let client = try DaemonClient(endpoint: runner.configuration.endpoints.ingest, security: security)
        _ = try client.show("(warm-up)")
        return try body(client, security, stop)
    }

    /// Opens `openDialogues` live dialogues with one turn each and waits until every stage has processed
    /// them; returns the seconds it took.
    private func holdOpen(_ runner: PipelineRunner, examples: [Dialogue], directory: URL) throws -> Double {
        try withDaemon(runner, store: "open.sqlite", directory: directory) { client, _, _ in
            let begin = Date()
            for index in 0..<openDialogues {
                let example = examples[index % examples.count]
                let id = "open-\(index)"
                _ = try client.open(Dialogue(id: id, selfReport: example.selfReport, turns: []))
                _ = try client.send(example.turns[0], of: id)
            }
            while let status = try client.status().status, status.stages.contains(where: { $0.queued > 0 }) || status.dialogues["pending"] != 0 {
                Thread.sleep(forTimeInterval: 0.05)
            }
            return Date().timeIntervalSince(begin)
        }
    }

    /// Streams the examples turn by turn at `rate` for `seconds`; for each turn, the milliseconds from sending it
    /// to the publication of the report stage's result for a revision that includes it.
    private func measureStreaming(_ runner: PipelineRunner, examples: [Dialogue], directory: URL) throws -> [Double] {
        try withDaemon(runner, store: "stream.sqlite", directory: directory) { _, security, stop in
            try stream(security: security, stop: stop, configuration: runner.configuration, examples: examples)
        }
    }

    /// `clients` threads, each streaming its own consultations at `rate / clients` turns per second.
    private func stream(security: TransportSecurity, stop: StopFlag, configuration: PipelineConfiguration, examples: [Dialogue]) throws -> [Double] {
        let publishEndpoint = configuration.endpoints.publish
        let collector = LatencyCollector()
        let listening = Thread {
            // The subscriber belongs to this thread, which alone uses it.
            guard let watcher = try? DaemonWatcher(endpoint: publishEndpoint, security: security) else { return }
            while !stop.isSet() {
                guard let publication = try? watcher.next(), publication.event.contains(#""stage":"report""#),
                      let revision = (try? JSONSerialization.jsonObject(with: Data(publication.event.utf8)) as? [String: Any])?["revision"] as? Int else { continue }
                collector.reported(publication.dialogue, revision: revision, at: Date())
            }
        }
        listening.start()
        Thread.sleep(forTimeInterval: 0.5)  // let the subscription reach the publisher
        let begin = Date()
        let streams = DispatchGroup()
        let failures = FailureList()
        let (clients, rate, seconds, ingest) = (self.clients, self.rate / Double(self.clients), self.seconds, configuration.endpoints.ingest)
        for number in 0..<clients {
            streams.enter()
            Thread {
                defer { streams.leave() }
                do {
                    let client = try DaemonClient(endpoint: ingest, security: security)
                    var turnIndex = 0
                    var dialogueNumber = 0
                    while Date().timeIntervalSince(begin) < seconds {
                        let example = examples[(number + dialogueNumber) % examples.count]
                        let id = "stream-\(number)-\(dialogueNumber)"
                        _ = try client.open(Dialogue(id: id, selfReport: example.selfReport, turns: []))
                        for turn in example.turns {
                            // Clients take turns evenly: together they offer a steady load, not bursts.
                            let due = begin.addingTimeInterval((Double(turnIndex) + Double(number) / Double(clients)) / rate)
                            if due > Date() { Thread.sleep(until: due) }
                            let at = Date()
                            let reply = try client.send(turn, of: id)
                            if let revision = reply.revision { collector.sent(id, revision: revision, at: at) }
                            turnIndex += 1
                        }
                        _ = try client.close(id)
                        dialogueNumber += 1
                    }
                } catch {
                    failures.add("\(error)")
                }
            }.start()
        }
        streams.wait()
        if let failure = failures.first { throw CLIError("streaming client: \(failure)") }
        Thread.sleep(forTimeInterval: 1)
        stop.set()
        return collector.latencies()
    }
}

/// Errors of the streaming threads (thread-safe).
private final class FailureList: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [String] = []
    func add(_ failure: String) { lock.withLock { failures.append(failure) } }
    var first: String? { lock.withLock { failures.first } }
}

/// Sent turns and report publications, matched into latencies (thread-safe).
private final class LatencyCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [String: [(revision: Int, at: Date)]] = [:]
    private var measured: [Double] = []

    func sent(_ id: String, revision: Int, at date: Date) {
        lock.withLock { pending[id, default: []].append((revision, date)) }
    }

    func reported(_ id: String, revision: Int, at date: Date) {
        lock.withLock {
            let covered = (pending[id] ?? []).filter { $0.revision <= revision }
            measured += covered.map { date.timeIntervalSince($0.at) * 1000 }
            pending[id] = (pending[id] ?? []).filter { $0.revision > revision }
        }
    }

    func latencies() -> [Double] { lock.withLock { measured } }
}
