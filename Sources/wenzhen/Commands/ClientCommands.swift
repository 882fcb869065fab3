import ArgumentParser
import Foundation
import WenzhenCore
import WenzhenPipeline
import WenzhenWire

/// `wenzhen send FILE`: replays dialogues into a running daemon turn by turn.
struct SendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Replay dialogues into a running daemon turn by turn: open, each turn, close; every step acknowledged.")

    @Argument(help: "Dialogues: an IMCS-V2 dataset file (.json) or JSON Lines (.jsonl).")
    var input: String

    @Option(help: "Turns per second to send at most (default: as fast as acknowledged).")
    var rate: Double?

    @Option(help: "Seconds to wait for an acknowledgement before sending again on a new connection.")
    var timeout: Double = 30

    @Option(help: "How many times to send an unacknowledged message again (messages are idempotent).")
    var retries = 3

    @OptionGroup var daemon: IngestConnection

    func run() throws {
        let client = try daemon.client(timeoutSeconds: timeout, retries: retries)
        let dialogues = try EvalCommand.readAll(input, format: nil)
        let start = Date()
        var sent = 0, duplicates = 0
        func check(_ reply: IngestReply) throws {
            guard reply.ok else { throw ClientError("rejected: \(reply.error ?? "?")") }
            sent += 1
            if reply.duplicate == true { duplicates += 1 }
            if let rate, rate > 0 {
                let due = start.addingTimeInterval(Double(sent) / rate)
                if due > Date() { Thread.sleep(until: due) }
            }
        }
        for dialogue in dialogues {
            try check(client.open(dialogue))
            for turn in dialogue.turns { try check(client.send(turn, of: dialogue.id)) }
            try check(client.close(dialogue.id))
        }
        let seconds = Date().timeIntervalSince(start)
        print(String(format: "%d dialogues, %d acknowledged messages (%d duplicates) in %.2f s (%.0f messages/s)", dialogues.count, sent, duplicates, seconds, Double(sent) / max(seconds, 1e-9)))
    }
}

/// `wenzhen watch`: prints what a running daemon publishes.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Print what a running daemon publishes: each stage's result per revision, the annotation changes of each revision, and final documents.")

    @Option(help: "Only this dialogue.")
    var dialogue: String?

    @Option(help: "The daemon's publish endpoint (default: the configuration's).")
    var endpoint: String?

    @Flag(help: "Print the whole results document with each publication.")
    var documents = false

    @Option(help: "Stop after this many publications.")
    var count: Int?

    @OptionGroup var common: CommonOptions

    func run() throws {
        let (configuration, security) = try common.loadConnection()
        let watcher = try DaemonWatcher(endpoint: endpoint ?? configuration.endpoints.publish, dialogue: dialogue, security: security)
        var seen = 0
        while count.map({ seen < $0 }) ?? true {
            guard let publication = try watcher.next() else { continue }
            seen += 1
            print("\(publication.dialogue)\t\(publication.event)")
            if documents || publication.event.contains(#""final""#) || publication.event.contains(#""changes""#) {
                print(String(decoding: publication.document, as: UTF8.self))
            }
        }
    }
}

/// `wenzhen show ID`: the current state of a dialogue, from the daemon's SQLite store.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the state, revision and latest results document of a dialogue held by a running daemon.")

    @Argument(help: "The dialogue id.")
    var dialogue: String

    @Flag(help: "Print the log of every act, status and polarity the dialogue's revisions set or changed instead of the document.")
    var changes = false

    @OptionGroup var daemon: IngestConnection

    func run() throws {
        let reply = try daemon.client().show(dialogue, withChanges: changes)
        guard reply.ok else { throw ClientError(reply.error ?? "?") }
        print("\(dialogue)\tstate \(reply.state ?? "?")\trevision \(reply.revision ?? 0)")
        guard changes else { return print(reply.document ?? "") }
        print("revision\tsentence\tannotation\tsubject\tfrom\tto")
        for change in reply.changes ?? [] {
            let fields = [String(change.revision), change.sentenceID ?? "-", change.kind.rawValue, change.subject, change.previous ?? "-", change.value ?? "-"]
            print(fields.joined(separator: "\t"))
        }
    }
}

/// `wenzhen status`: a running daemon's figures.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print a running daemon's per-stage throughput, queue depth, latency percentiles, errors and dead letters.")

    @Flag(help: "Print the figures as one JSON object.")
    var json = false

    @OptionGroup var daemon: IngestConnection

    func run() throws {
        let reply = try daemon.client(timeoutSeconds: 10).status()
        guard reply.ok, let status = reply.status else { throw ClientError(reply.error ?? "no status in the reply") }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            print(String(decoding: try encoder.encode(status), as: UTF8.self))
            return
        }
        let dialogues = ["pending", "open", "done", "failed"].map { "\(status.dialogues[$0] ?? 0) \($0)" }.joined(separator: ", ")
        print(String(format: "up %.0f s; store %@; dialogues: %@", status.uptimeSeconds, status.storeFault.map { "UNAVAILABLE (\($0))" } ?? "ok", dialogues))
        print("ingest: \(status.accepted) accepted, \(status.rejected) rejected; \(status.deadLetters) dead letters")
        print("stage       processed  failed  queued   per s   p50 ms   p99 ms")
        for stage in status.stages {
            let latency = [stage.latencyP50Ms, stage.latencyP99Ms].map { $0.map { String(format: "%8.2f", $0) } ?? "       -" }
            let name = stage.name.padding(toLength: 10, withPad: " ", startingAt: 0)
            print(name + String(format: " %10d %7d %7d %7.1f ", stage.processed, stage.failed, stage.queued, stage.perSecond) + latency.joined(separator: " "))
        }
    }
}
