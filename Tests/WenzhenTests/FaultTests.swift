import Foundation
import Testing
import WenzhenCore
import WenzhenPipeline
import WenzhenStages
import WenzhenStore
import WenzhenWire

/// A daemon and its external stage workers as real processes in one directory, on ipc endpoints, that a
/// test can kill and start again.
final class DaemonProcesses {
    let directory: URL
    /// The stages left to external `wenzhen stage` processes.
    let externalStages: [String]
    private(set) var daemon: Process?
    private(set) var workers: [String: Process] = [:]
    var ingest: String { "ipc://\(directory.path)/ingest.ipc" }
    var databasePath: String { directory.appendingPathComponent("daemon.sqlite").path }

    init(directory: URL, stages: String, externalStages: [String] = [], limits: String = "") throws {
        self.directory = directory
        self.externalStages = externalStages
        let config = """
            database: {path: daemon.sqlite}
            endpoints: {ingest: "\(ingest)", publish: "ipc://\(directory.path)/publish.ipc", results: "ipc://\(directory.path)/results.ipc"}
            \(stages)
            \(limits)
            """
        try Data(config.utf8).write(to: directory.appendingPathComponent("wenzhen.yaml"))
    }

    func startDaemon() throws {
        daemon = try TestSupport.launchQuietly(["serve", "--config", "wenzhen.yaml"], in: directory)
    }

    func startWorker(_ stage: String) throws {
        workers[stage] = try TestSupport.launchQuietly(["stage", stage, "--config", "wenzhen.yaml"], in: directory)
    }

    func startAll() throws {
        try startDaemon()
        for stage in externalStages { try startWorker(stage) }
    }

    /// SIGKILLs a process and waits for it to be gone.
    static func kill9(_ process: Process?) {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func killAll() {
        Self.kill9(daemon)
        workers.values.forEach(Self.kill9)
    }

    /// Whether every process of the pipeline is still running.
    var allRunning: Bool { (daemon?.isRunning ?? false) && externalStages.allSatisfy { workers[$0]?.isRunning ?? false } }

    /// Sends a request until the daemon acknowledges it; requests are idempotent, so a resend after a crash
    /// stores nothing twice.
    static func deliver(_ request: (DaemonClient) throws -> IngestReply, via client: DaemonClient, deadline: Date) throws -> IngestReply {
        var lastError = ""
        while Date() < deadline {
            do {
                let reply = try request(client)
                if reply.ok { return reply }
                lastError = reply.error ?? "?"
                guard lastError.hasPrefix("unavailable") || lastError.hasPrefix("not stored") else { return reply }
            } catch {
                lastError = "\(error)"
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw ClientError("not acknowledged before the deadline: \(lastError)")
    }

    /// The store's counts, read beside the daemon.
    func counts() -> Counts? { try? CheckpointStore(path: databasePath, readOnly: true).counts() }
}

extension DaemonClient {
    /// Asks for the dialogue until it is done (at most 20 s) and returns its results document.
    func resultWhenDone(_ id: String) async throws -> Dialogue {
        var shown = try show(id)
        for _ in 0..<200 where shown.state != "done" {
            try await Task.sleep(for: .milliseconds(100))
            shown = try show(id)
        }
        #expect(shown.state == "done")
        return try DialogueFile.decodeRecord(Data((shown.document ?? "").utf8), id: nil).get()
    }
}

extension TestSupport {
    /// Starts `wenzhen` with its output discarded (a long-running child must not fill a pipe no one reads).
    static func launchQuietly(_ arguments: [String], in directory: URL) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }
}

@Suite("Faults: SIGKILL, locked and full database, as real processes", .serialized)
struct FaultTests {
    static let lightStages = """
        stages:
          ner: lexicon
          dac: rules
          symptoms: alias
          polarity: cues
          report: template
        """

    @Test("SIGKILL of the daemon and of every stage's worker under a live stream, 3 rounds: every acknowledged turn processed once, results as uninterrupted")
    func killUnderStream() async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let archive = directory.appendingPathComponent("archive.json")
        let rounds: [UInt64] = [11, 22, 33]
        let perRound = 6
        try TestSupport.replicatedArchive(count: rounds.count * perRound, to: archive)
        let dialogues = try DialogueFile.read(contentsOf: archive).map { try $0.dialogue.get() }
        let reference = try TestSupport.run(["process", archive.path, "--output", "reference.json", "--state", "reference.sqlite"], in: directory)
        #expect(reference.status == 0, "\(reference.stderr)")
        let expected = Dictionary(uniqueKeysWithValues: try DialogueFile.read(contentsOf: directory.appendingPathComponent("reference.json")).map {
            ($0.id, try $0.dialogue.get())
        })

        // Every stage in a worker process of its own, so that each can be killed.
        let stageNames = StageKind.allCases.map(\.rawValue)
        let stages = "stages:\n" + stageNames.map { "  \($0): {workers: 0, endpoint: \"ipc://\(directory.path)/\($0).ipc\"}" }.joined(separator: "\n")
        let pipeline = try DaemonProcesses(
            directory: directory, stages: stages, externalStages: stageNames, limits: "limits: {stage_timeout_seconds: 2}")
        try pipeline.startAll()
        defer { pipeline.killAll() }

        // Each round kills four processes, at random moments; over the rounds every process is killed twice.
        var order = SeededGenerator(seed: 7)
        var victims = (["daemon"] + stageNames + ["daemon"] + stageNames).shuffled(using: &order)
        var kills: [String: Int] = [:]
        for (round, seed) in rounds.enumerated() {
            var random = SeededGenerator(seed: seed)
            let batch = Array(dialogues[(round * perRound)..<((round + 1) * perRound)])
            let ingest = pipeline.ingest
            let sender = Task.detached { () throws -> Int in
                let client = try DaemonClient(endpoint: ingest, security: .plainLoopback, timeoutSeconds: 1, retries: 0)
                let deadline = Date().addingTimeInterval(240)
                var acknowledged = 0
                for dialogue in batch {
                    var replies = [try DaemonProcesses.deliver({ try $0.open(dialogue) }, via: client, deadline: deadline)]
                    for turn in dialogue.turns {
                        replies.append(try DaemonProcesses.deliver({ try $0.send(turn, of: dialogue.id) }, via: client, deadline: deadline))
                        usleep(40_000)  // a live pace, so that the kills fall mid-stream
                    }
                    replies.append(try DaemonProcesses.deliver({ try $0.close(dialogue.id) }, via: client, deadline: deadline))
                    acknowledged += replies.filter(\.ok).count
                }
                return acknowledged
            }
            // Kill a random process of the pipeline at random moments while the round's dialogues stream in.
            for _ in 0..<4 {
                try await Task.sleep(for: .milliseconds(Int.random(in: 200...900, using: &random)))
                let victim = victims.removeFirst()
                kills[victim, default: 0] += 1
                if victim == "daemon" {
                    DaemonProcesses.kill9(pipeline.daemon)
                    try await Task.sleep(for: .milliseconds(Int.random(in: 0...400, using: &random)))
                    try pipeline.startDaemon()
                } else {
                    DaemonProcesses.kill9(pipeline.workers[victim])
                    try await Task.sleep(for: .milliseconds(Int.random(in: 0...400, using: &random)))
                    try pipeline.startWorker(victim)
                }
            }
            let acknowledged = try await sender.value
            #expect(acknowledged == batch.reduce(0) { $0 + $1.turns.count + 2 }, "round \(round + 1): every message acknowledged")
        }
        #expect(kills == Dictionary(uniqueKeysWithValues: (["daemon"] + stageNames).map { ($0, 2) }), "each process killed twice")

        var counts = pipeline.counts()
        for _ in 0..<600 where counts?.done != dialogues.count {
            try await Task.sleep(for: .milliseconds(100))
            counts = pipeline.counts()
        }
        #expect(counts?.done == dialogues.count, "\(String(describing: counts))")
        #expect(pipeline.allRunning)
        let store = try CheckpointStore(path: pipeline.databasePath, readOnly: true)
        let results = try store.finishedDocuments().map { try DialogueFile.decodeRecord($0, id: nil).get() }
        #expect(results.count == dialogues.count)
        for result in results {
            #expect(result == expected[result.id], "\(result.id) as in an uninterrupted run")
            #expect(try store.stageResultCounts(dialogueID: result.id) == ["ner": 1, "dac": 1, "symptoms": 1, "polarity": 1, "report": 1])
        }
    }

    @Test("a locked database: requests are refused with the reason while it lasts, and taken again once it is released")
    func lockedDatabase() async throws {
        try await Self.faultThenRecovery(dialogue: 0) { pipeline, client, dialogue in
            // Another process holds SQLite's write lock until its standard input closes.
            let locker = Process()
            locker.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            locker.arguments = ["-c", """
                import sqlite3, sys
                connection = sqlite3.connect(sys.argv[1], isolation_level=None)
                connection.execute("BEGIN EXCLUSIVE")
                print("locked", flush=True)
                sys.stdin.read()
                """, pipeline.databasePath]
            let input = Pipe(), output = Pipe()
            locker.standardInput = input
            locker.standardOutput = output
            try locker.run()
            defer { DaemonProcesses.kill9(locker) }
            #expect(String(decoding: output.fileHandleForReading.availableData, as: UTF8.self).hasPrefix("locked"))

            let refused = try client.send(dialogue.turns[0], of: dialogue.id)
            #expect(!refused.ok)
            #expect(refused.error?.contains("locked by another process") == true, "\(refused.error ?? "")")
            let meanwhile = try client.send(dialogue.turns[0], of: dialogue.id)
            #expect(meanwhile.error?.hasPrefix("unavailable") == true, "\(meanwhile.error ?? "")")
            #expect(try client.show(dialogue.id).revision == 1, "queries are still answered; the refused turn is not in the store")
            #expect(pipeline.daemon?.isRunning == true)
            try input.fileHandleForWriting.close()
            locker.waitUntilExit()
        }
    }

    @Test("a full disk (file size limit): nothing is acknowledged that cannot be stored; the daemon recovers when space returns")
    func fullDisk() async throws {
        try await Self.faultThenRecovery(dialogue: 1) { pipeline, client, dialogue in
            let pid = try #require(pipeline.daemon?.processIdentifier)
            #expect(Self.prlimit(pid, fileSize: "4096") == 0)
            let refused = try client.send(dialogue.turns[0], of: dialogue.id)
            #expect(!refused.ok, "a turn that cannot be written is not acknowledged")
            #expect(refused.error?.contains("not stored") == true || refused.error?.hasPrefix("unavailable") == true, "\(refused.error ?? "")")
            #expect(try client.show(dialogue.id).revision == 1, "the refused turn is not in the store")
            #expect(pipeline.daemon?.isRunning == true)
            #expect(Self.prlimit(pid, fileSize: "unlimited") == 0)
        }
    }

    @Test("a full filesystem (a small tmpfs filled up): nothing is acknowledged that cannot be stored; the daemon recovers when space is freed",
          .enabled(if: Tmpfs.isAvailable))
    func fullFilesystem() async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Tmpfs.mount(at: directory, options: "size=16m")
        defer { Tmpfs.unmount(directory) }
        try await Self.faultThenRecovery(dialogue: 2, in: directory) { pipeline, client, dialogue in
            let filler = directory.appendingPathComponent("filler")
            #expect(FileManager.default.createFile(atPath: filler.path, contents: nil))
            let handle = try FileHandle(forWritingTo: filler)
            let chunk = Data(repeating: 0, count: 1 << 20)
            while (try? handle.write(contentsOf: chunk)) != nil {}
            try? handle.close()
            let refused = try client.send(dialogue.turns[0], of: dialogue.id)
            #expect(!refused.ok, "a turn that cannot be written is not acknowledged")
            #expect(refused.error?.contains("disk full") == true || refused.error?.hasPrefix("unavailable") == true, "\(refused.error ?? "")")
            #expect(try client.show(dialogue.id).revision == 1, "the refused turn is not in the store")
            #expect(pipeline.daemon?.isRunning == true)
            try FileManager.default.removeItem(at: filler)
        }
    }

    @Test("a read-only database directory: serve stops with a clear error, and starts once the directory is writable",
          .enabled(if: getuid() != 0 || Tmpfs.isAvailable))
    func readOnlyDirectory() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let state = directory.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        try Data("database: {path: state/daemon.sqlite}\n\(Self.lightStages)\n".utf8).write(to: directory.appendingPathComponent("wenzhen.yaml"))
        // root ignores file modes: a read-only filesystem it is, then.
        if getuid() == 0 {
            try Tmpfs.mount(at: state, options: "ro")
        } else {
            try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: state.path)
        }
        defer { if getuid() == 0 { Tmpfs.unmount(state) } }  // also when an expectation throws; a second unmount is harmless
        let refused = try TestSupport.run(["serve", "--config", "wenzhen.yaml"], in: directory)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("state database state/daemon.sqlite: directory") && refused.stderr.contains("/state is missing or not writable"), "\(refused.stderr)")
        if getuid() == 0 {
            Tmpfs.unmount(state)
        } else {
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: state.path)
        }
        try expectServes(in: directory, "the daemon starts once the directory is writable")
    }

    /// Opens an example dialogue on a fresh daemon (in `directory`, or a new one), lets `fault` inject and
    /// remove a fault, then checks that the whole dialogue goes through: every turn once, in order.
    static func faultThenRecovery(
        dialogue index: Int, in given: URL? = nil, _ fault: (DaemonProcesses, DaemonClient, Dialogue) throws -> Void
    ) async throws {
        let directory = try given ?? TestSupport.temporaryDirectory()
        defer { if given == nil { try? FileManager.default.removeItem(at: directory) } }
        let pipeline = try DaemonProcesses(directory: directory, stages: lightStages)
        try pipeline.startDaemon()
        defer { pipeline.killAll() }
        let client = try DaemonClient(endpoint: pipeline.ingest, security: .plainLoopback, timeoutSeconds: 20, retries: 0)
        let dialogue = try TestSupport.exampleDialoguesDecoded()[index]
        _ = try DaemonProcesses.deliver({ try $0.open(dialogue) }, via: client, deadline: Date().addingTimeInterval(30))
        try fault(pipeline, client, dialogue)
        let deadline = Date().addingTimeInterval(30)
        for turn in dialogue.turns { #expect(try DaemonProcesses.deliver({ try $0.send(turn, of: dialogue.id) }, via: client, deadline: deadline).ok) }
        #expect(try DaemonProcesses.deliver({ try $0.close(dialogue.id) }, via: client, deadline: deadline).ok)
        let result = try await client.resultWhenDone(dialogue.id)
        #expect(result.turns.map(\.sentenceID) == dialogue.turns.map(\.sentenceID), "every turn once, in order")
        #expect(result.report != nil)
    }

    /// Sets the soft file size limit of a running process.
    static func prlimit(_ pid: Int32, fileSize: String) -> Int32 {
        TestSupport.tool(["prlimit", "--pid", "\(pid)", "--fsize=\(fileSize):"])
    }
}

@Suite("Damaged database files, as real processes")
struct DamagedDatabaseTests {
    @Test("a truncated or overwritten database stops serve with a clear error; a sound file starts again", arguments: ["truncated", "overwritten"])
    func damaged(_ damage: String) throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("database: {path: daemon.sqlite}\n\(FaultTests.lightStages)\n".utf8).write(to: directory.appendingPathComponent("wenzhen.yaml"))
        let archive = directory.appendingPathComponent("archive.json")
        try TestSupport.replicatedArchive(count: 200, to: archive)
        let processed = try TestSupport.run(["process", archive.path, "--state", "daemon.sqlite", "--output", "out.json", "--config", "wenzhen.yaml"], in: directory)
        #expect(processed.status == 0, "\(processed.stderr)")
        let path = directory.appendingPathComponent("daemon.sqlite")
        let sound = try Data(contentsOf: path)
        var bytes = sound
        if damage == "truncated" {
            bytes = bytes.prefix(bytes.count * 6 / 10)
        } else {
            bytes.replaceSubrange((bytes.count / 2)..<(bytes.count / 2 + 8192), with: Data(repeating: 0xA5, count: 8192))
        }
        try bytes.write(to: path)
        let refused = try TestSupport.run(["serve", "--config", "wenzhen.yaml"], in: directory)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("state database daemon.sqlite:") && refused.stderr.contains("corrupt"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("Fatal error"))
        try sound.write(to: path)
        try expectServes(in: directory, "the restored file serves again")
    }
}

/// Checks that `wenzhen serve` starts in `directory` and stops cleanly on SIGTERM.
func expectServes(in directory: URL, _ why: Comment) throws {
    let daemon = try TestSupport.launchQuietly(["serve", "--config", "wenzhen.yaml"], in: directory)
    Thread.sleep(forTimeInterval: 1.5)
    #expect(daemon.isRunning, why)
    kill(daemon.processIdentifier, SIGTERM)
    daemon.waitUntilExit()
    #expect(daemon.terminationStatus == 0)
}

/// Small real filesystems for fault tests: a tmpfs mounted over a test directory (needs CAP_SYS_ADMIN).
enum Tmpfs {
    static let isAvailable: Bool = {
        guard let probe = try? TestSupport.temporaryDirectory() else { return false }
        defer { try? FileManager.default.removeItem(at: probe) }
        guard (try? mount(at: probe, options: "size=1m")) != nil else { return false }
        unmount(probe)
        return true
    }()

    static func mount(at directory: URL, options: String) throws {
        guard TestSupport.tool(["mount", "-t", "tmpfs", "-o", options, "tmpfs", directory.path]) == 0 else {
            throw ClientError("cannot mount a tmpfs at \(directory.path)")
        }
    }

    static func unmount(_ directory: URL) { _ = TestSupport.tool(["umount", directory.path]) }
}
