import Foundation
import Testing
import WenzhenCore
import WenzhenPipeline
import WenzhenStore
import WenzhenWire
import ZeroMQ

@Suite("The wenzhen command, as real processes", .serialized)
struct CommandLineTests {
    @Test("process writes the results document from any working directory")
    func processExample() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try TestSupport.run(["process", TestSupport.exampleDialogues.path, "--output", "out.jsonl"], in: directory)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("3 of 3 dialogues processed"))
        let results = try DialogueFile.read(contentsOf: directory.appendingPathComponent("out.jsonl")).map { try $0.dialogue.get() }
        #expect(results.count == 3)
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("consultations.wenzhen.sqlite").path))
    }

    @Test("process resumes after SIGKILL: every dialogue exactly once, results identical to an uninterrupted run")
    func resumeAfterKill() async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let archive = directory.appendingPathComponent("archive.json")
        let total = 3000
        try TestSupport.replicatedArchive(count: total, to: archive)

        let reference = try TestSupport.run(["process", archive.path, "--output", "reference.json", "--state", "reference.sqlite"], in: directory)
        #expect(reference.status == 0, "\(reference.stderr)")

        let statePath = directory.appendingPathComponent("archive.wenzhen.sqlite").path
        let (process, _, _) = try TestSupport.launch(["process", archive.path, "--output", "out.json"], in: directory)
        var doneAtKill = 0
        for _ in 0..<2000 {
            try await Task.sleep(for: .milliseconds(5))
            guard FileManager.default.fileExists(atPath: statePath),
                  let counts = try? CheckpointStore(path: statePath, readOnly: true).counts() else { continue }
            if counts.done >= 50 {
                doneAtKill = counts.done
                break
            }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(doneAtKill > 0 && doneAtKill < total, "killed mid-archive (\(doneAtKill) of \(total) done)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out.json").path))

        let resumed = try TestSupport.run(["process", archive.path, "--output", "out.json"], in: directory)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("\(total) of \(total) dialogues processed (0 new in this run"))
        let output = try DialogueFile.read(contentsOf: directory.appendingPathComponent("out.json")).map { try $0.dialogue.get() }
        #expect(output.count == total)
        #expect(Set(output.map(\.id)).count == total)
        let expected = try DialogueFile.read(contentsOf: directory.appendingPathComponent("reference.json")).map { try $0.dialogue.get() }
        #expect(output == expected)
        let store = try CheckpointStore(path: statePath)
        #expect(try store.stageResultCounts(dialogueID: output[0].id).values.allSatisfy { $0 == 1 })
    }

    @Test("bad input and bad configuration: one clear line and a non-zero exit", arguments: [
        ("malformed.json", "{\"a\": [", [String](), "malformed JSON at byte"),
        ("schema.json", #"{"a": {"dialogue": [{"sentence_id": "1", "speaker": "医生"}]}}"#, [], "dialogue a: dialogue.[0]: missing field sentence"),
        ("utf8.json", "{\"a\u{FFFD}\": 1}", [], "invalid UTF-8"),
        ("ok.json", "{}", ["--config", "missing.yaml"], "cannot read configuration"),
        ("ok.json", "{}", ["--config", "bad-stage.yaml"], "unknown stage 'nerr'"),
        ("ok.json", "{}", ["--config", "bad-impl.yaml"], "unknown implementation 'bilstm' for stage ner"),
    ])
    func badInput(_ name: String, _ content: String, _ extra: [String], _ expected: String) throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var bytes = Data(content.utf8)
        if name == "utf8.json" { bytes = Data([0x7B, 0x22, 0x61, 0xC3, 0x28, 0x22, 0x3A, 0x31, 0x7D]) }
        try bytes.write(to: directory.appendingPathComponent(name))
        try Data("stages:\n  nerr: lexicon\n".utf8).write(to: directory.appendingPathComponent("bad-stage.yaml"))
        try Data("stages:\n  ner: bilstm\n".utf8).write(to: directory.appendingPathComponent("bad-impl.yaml"))
        let outcome = try TestSupport.run(["process", name, "--output", "out.json"] + extra, in: directory)
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains(expected), "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("Fatal error"))
    }

    @Test("train polarity adds CHIP-MDCFNPC dialogues to its training data, and names a missing file")
    func trainPolarityWithExpertSample() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let line = #"{"dialog_id": 7, "dialog_info": [{"text": "没有发烧", "sentence_id": "1", "sender": "患者", "ner": [{"name": "发热", "mention": "发烧", "range": [2, 4], "type": "clinical_findings", "attr": "阴性"}]}]}"#
        try Data(line.utf8).write(to: directory.appendingPathComponent("sample.jsonl"))
        let dialogues = TestSupport.labelledFixture.path
        let trained = try TestSupport.run(
            ["train", "polarity", "--dialogues", dialogues, "--folds", "0", "--mdcfnpc", "sample.jsonl", "--output", "models"], in: directory)
        #expect(trained.status == 0, "\(trained.stderr)")
        #expect(trained.stdout.contains("1 CHIP-MDCFNPC dialogues added to the training data"), "\(trained.stdout)")
        let model = try Data(contentsOf: directory.appendingPathComponent("models/polarity.model"))
        #expect(String(decoding: model.prefix(4096), as: UTF8.self).contains("sample.jsonl (1 dialogues)"))
        let missing = try TestSupport.run(
            ["train", "polarity", "--dialogues", dialogues, "--folds", "0", "--mdcfnpc", "none.jsonl", "--output", "models"], in: directory)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("none.jsonl"), "\(missing.stderr)")
    }

    @Test("train dac cross-validates even with one test dialogue per fold; train sr jackknifes acts over empty parts")
    func trainSmallCrossValidation() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let dialogues = TestSupport.labelledFixture.path
        let acts = try TestSupport.run(["train", "dac", "--dialogues", dialogues, "--folds", "3", "--hash-bits", "12", "--json", "--output", "models"], in: directory)
        #expect(acts.status == 0, "\(acts.stderr)")
        #expect(acts.stdout.contains("3-fold cross-validation by dialogue"), "\(acts.stdout)")
        #expect(acts.stdout.contains(#""folds": 3"#), "\(acts.stdout)")
        // The status classifier's acts come from five act models, each labelling a fifth of three dialogues.
        let symptoms = try TestSupport.run(["train", "sr", "--dialogues", dialogues, "--folds", "0", "--output", "models"], in: directory)
        #expect(symptoms.status == 0, "\(symptoms.stderr)")
        #expect(symptoms.stdout.contains("alias table and status model written"), "\(symptoms.stdout)")
        for file in ["dac-linear.model", "sr-status.model", "symptom_aliases_learned.tsv"] {
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("models/\(file)").path), "\(file)")
        }
    }

    @Test("train writes into a new output directory, and refuses one it cannot make before reading anything")
    func trainOutput() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sentences = (0..<3).map { _ in #"{"sentence": "咳嗽了", "BIO_label": "B-Symptom I-Symptom O"}"# }.joined(separator: "\n")
        try Data(sentences.utf8).write(to: directory.appendingPathComponent("ner.jsonl"))
        let made = try TestSupport.run(["train", "lexicons", "--train", "ner.jsonl", "--output", "new/models"], in: directory)
        #expect(made.status == 0, "\(made.stderr)")
        let lexicon = try String(contentsOf: directory.appendingPathComponent("new/models/entities.tsv"), encoding: .utf8)
        #expect(lexicon.contains("咳嗽"))
        let refused = try TestSupport.run(["train", "lexicons", "--train", "missing.jsonl", "--output", "ner.jsonl/models"], in: directory)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("cannot write into ner.jsonl/models"), "\(refused.stderr)")
    }

    @Test("serve with a stage left to a separate `wenzhen stage` process; SIGTERM stops the daemon cleanly")
    func externalStageWorker() async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = Int.random(in: 40000..<50000)
        let config = """
            database: {path: daemon.sqlite}
            endpoints: {ingest: "tcp://127.0.0.1:\(port)", publish: "tcp://127.0.0.1:\(port + 1)", results: "ipc://results.ipc"}
            security: {allow_plain_loopback: true}
            stages:
              ner: {implementation: lexicon, endpoint: "ipc://ner.ipc"}
              dac: {implementation: rules, workers: 0, endpoint: "ipc://dac.ipc"}
              symptoms: {implementation: alias, endpoint: "ipc://symptoms.ipc"}
              polarity: {implementation: cues, endpoint: "ipc://polarity.ipc"}
              report: {implementation: template, endpoint: "ipc://report.ipc"}
            """
        try Data(config.utf8).write(to: directory.appendingPathComponent("wenzhen.yaml"))
        let (daemon, _, daemonErr) = try TestSupport.launch(["serve", "--config", "wenzhen.yaml"], in: directory)
        let (worker, _, _) = try TestSupport.launch(["stage", "dac", "--config", "wenzhen.yaml"], in: directory)
        defer {
            if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) }
            if worker.isRunning { kill(worker.processIdentifier, SIGKILL) }
        }
        let context = try ZMQContext()
        let subscriber = try ZMQSocket(context, .sub)
        try subscriber.subscribe()
        try subscriber.connect("tcp://127.0.0.1:\(port + 1)")
        try subscriber.setReceiveTimeout(milliseconds: 60_000)
        let client = try ZMQSocket(context, .req)
        try client.setReceiveTimeout(milliseconds: 60_000)
        try client.connect("tcp://127.0.0.1:\(port)")
        try await Task.sleep(for: .milliseconds(500))

        let dialogue = try TestSupport.exampleDialoguesDecoded()[1]
        let record = try JSONSerialization.jsonObject(with: DialogueFile.encodeRecord(dialogue, includeID: true))
        try client.send([Array(try JSONSerialization.data(withJSONObject: ["kind": "dialogue", "record": record]))])
        let ack = try #require(try client.receive())
        #expect(try JSONDecoder().decode(IngestReply.self, from: Data(ack[0])).ok)
        var published = try #require(try subscriber.receive())
        while !String(decoding: published[1], as: UTF8.self).contains("final") { published = try #require(try subscriber.receive()) }
        let result = try DialogueFile.decodeRecord(Data(published[2]), id: nil).get()
        #expect(result.turns.allSatisfy { $0.dialogueAct != nil }, "the external worker did the dac stage")
        client.close()
        subscriber.close()

        kill(daemon.processIdentifier, SIGTERM)
        kill(worker.processIdentifier, SIGTERM)
        daemon.waitUntilExit()
        worker.waitUntilExit()
        #expect(daemon.terminationReason == .exit && daemon.terminationStatus == 0)
        #expect(worker.terminationReason == .exit && worker.terminationStatus == 0)
        let log = String(decoding: daemonErr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("wenzhen stopped"))
        #expect(!dialogue.turns.contains { log.contains($0.sentence) }, "no transcript text in the daemon's log")
    }
}

@Suite("Resources given by configuration")
struct ResourceConfigurationTests {
    @Test("a corrupt model file in the configured resources stops the command with the file named")
    func corruptModel() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let resources = directory.appendingPathComponent("resources")
        try FileManager.default.copyItem(at: TestSupport.packageRoot.appendingPathComponent("Lexicons/data"), to: resources)
        let model = resources.appendingPathComponent("ner-crf.model")
        var bytes = try Data(contentsOf: model)
        bytes[bytes.count / 3] ^= 0x5A
        try bytes.write(to: model)
        try Data("resources: \(resources.path)\n".utf8).write(to: directory.appendingPathComponent("wenzhen.yaml"))
        let outcome = try TestSupport.run(
            ["process", TestSupport.exampleDialogues.path, "--output", "out.json", "--config", "wenzhen.yaml"], in: directory)
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("invalid resource ner-crf.model: checksum mismatch"), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out.json").path))
    }
}

@Suite("Daemon clients, as real processes", .serialized)
struct ClientCommandTests {
    @Test("send replays dialogues turn by turn, watch prints publications, show returns the stored state")
    func sendWatchShow() async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = Int.random(in: 50000..<60000)
        let config = """
            endpoints: {ingest: "tcp://127.0.0.1:\(port)", publish: "tcp://127.0.0.1:\(port + 1)", results: "ipc://results.ipc"}
            security: {allow_plain_loopback: true}
            metrics: {textfile: wenzhen.prom, interval_seconds: 0.5}
            """
        try Data(config.utf8).write(to: directory.appendingPathComponent("wenzhen.yaml"))
        let (daemon, _, _) = try TestSupport.launch(["serve", "--config", "wenzhen.yaml"], in: directory)
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        #expect(try TestSupport.run(["show", "nobody", "--config", "wenzhen.yaml"], in: directory).stderr.contains("unknown dialogue nobody"))
        let (watcher, watched, _) = try TestSupport.launch(["watch", "--dialogue", "example-fever", "--count", "5", "--config", "wenzhen.yaml"], in: directory)
        try await Task.sleep(for: .milliseconds(700))

        let sent = try TestSupport.run(["send", TestSupport.exampleDialogues.path, "--config", "wenzhen.yaml"], in: directory)
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stdout.contains("3 dialogues, 40 acknowledged messages (0 duplicates)"))
        let again = try TestSupport.run(["send", TestSupport.exampleDialogues.path, "--config", "wenzhen.yaml"], in: directory)
        #expect(again.stderr.contains("dialogue example-fever is closed"), "a closed consultation takes no more turns")

        watcher.waitUntilExit()
        let lines = String(decoding: watched.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        #expect(lines.count >= 5)
        #expect(lines.allSatisfy { $0.hasPrefix("example-fever\t") || $0.hasPrefix("{") })

        let shown = try await TestSupport.showWhenDone("example-cough", config: "wenzhen.yaml", in: directory)
        #expect(shown.stdout.hasPrefix("example-cough\tstate done\trevision 11"), "\(shown.stdout.prefix(80))")
        #expect(shown.stdout.contains("\"主诉\""))
        let changes = try TestSupport.run(["show", "example-cough", "--changes", "--config", "wenzhen.yaml"], in: directory)
        let changeLines = changes.stdout.split(separator: "\n").dropFirst(2).map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        #expect(Set(changeLines.filter { $0[2] == "act" }.map { $0[1] }).count == 10, "every sentence's act is in the change log: \(changes.stdout)")
        #expect(changeLines.contains { $0[2] == "dialogue_status" && $0[3] == "咳嗽" && $0[5] == "1" })

        let status = try TestSupport.run(["status", "--config", "wenzhen.yaml"], in: directory)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("store ok; dialogues: 0 pending, 0 open, 3 done, 0 failed"), "\(status.stdout)")
        let nerLine = try #require(status.stdout.split(separator: "\n").first { $0.hasPrefix("ner ") })
        #expect(nerLine.split(separator: " ", omittingEmptySubsequences: true)[1] != "0", "ner processed some revisions: \(nerLine)")
        let json = try TestSupport.run(["status", "--json", "--config", "wenzhen.yaml"], in: directory)
        let figures = try JSONDecoder().decode(PipelineStatus.self, from: Data(json.stdout.utf8))
        #expect(figures.stages.map(\.name) == ["ner", "dac", "symptoms", "polarity", "report"])
        #expect(figures.stages.allSatisfy { $0.processed > 0 && $0.queued == 0 && $0.latencyP99Ms != nil })
        #expect(figures.accepted >= 40 && figures.rejected >= 1)
        try await Task.sleep(for: .milliseconds(1200))
        let prom = try String(contentsOf: directory.appendingPathComponent("wenzhen.prom"), encoding: .utf8)
        #expect(prom.contains("# TYPE wenzhen_stage_processed_total counter"))
        #expect(prom.contains("wenzhen_dialogues{state=\"done\"} 3"), "\(prom)")
        #expect(prom.contains("wenzhen_store_writable 1"))
        kill(daemon.processIdentifier, SIGTERM)
        daemon.waitUntilExit()
        #expect(daemon.terminationStatus == 0)
    }
}

@Suite("Report command")
struct ReportCommandTests {
    @Test("report prints the six fields of each dialogue with the sentences behind them")
    func report() throws {
        let outcome = try TestSupport.run(["report", TestSupport.exampleDialogues.path, "--dialogue", "example-cough"], in: FileManager.default.temporaryDirectory)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "# example-cough")
        #expect(Report.fieldNames.allSatisfy { name in lines.contains { $0.hasPrefix(name + "：") } })
        #expect(lines.contains { $0.hasPrefix("诊断：支气管炎。") && $0.hasSuffix("[7]") })
    }
}

@Suite("Normalize command")
struct NormalizeCommandTests {
    @Test("normalize prints the term, its score and the runner-up")
    func normalize() throws {
        let outcome = try TestSupport.run(["normalize", "流清鼻涕", "38度5", "骨折"], in: FileManager.default.temporaryDirectory)
        #expect(outcome.status == 0)
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("流清鼻涕\t→ 鼻流涕\t"))
        #expect(lines[1].hasPrefix("38度5\t→ 中等度热\t1.00"))
        #expect(lines[2].hasPrefix("骨折\t→ (none)"))
    }
}

@Suite("External workers")
struct ExternalWorkerTests {
    @Test("a Python (pyzmq) process replaces the dac stage by speaking the wire protocol")
    func pythonWorker() async throws {
        let python = URL(fileURLWithPath: "/usr/bin/python3")
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = Int.random(in: 30000..<40000)
        let config = """
            endpoints: {ingest: "tcp://127.0.0.1:\(port)", publish: "tcp://127.0.0.1:\(port + 1)", results: "ipc://\(directory.path)/results.ipc"}
            security: {allow_plain_loopback: true}
            stages:
              ner: crf
              dac: {implementation: linear, workers: 0, endpoint: "ipc://\(directory.path)/dac.ipc"}
              symptoms: learned
              polarity: learned
              report: template
            """
        try Data(config.utf8).write(to: directory.appendingPathComponent("wenzhen.yaml"))
        let (daemon, _, _) = try TestSupport.launch(["serve", "--config", "wenzhen.yaml"], in: directory)
        let worker = Process()
        worker.executableURL = python
        worker.arguments = [
            TestSupport.packageRoot.appendingPathComponent("Tests/WenzhenTests/Fixtures/python_stage_worker.py").path,
            "ipc://\(directory.path)/dac.ipc", "ipc://\(directory.path)/results.ipc",
        ]
        worker.standardOutput = FileHandle.nullDevice
        worker.standardError = FileHandle.nullDevice
        try worker.run()
        defer {
            kill(worker.processIdentifier, SIGKILL)
            worker.waitUntilExit()
            if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) }
        }
        let client = try DaemonClient(endpoint: "tcp://127.0.0.1:\(port)", security: .plainLoopback, timeoutSeconds: 60)
        let dialogue = try TestSupport.exampleDialoguesDecoded()[0]
        #expect(try client.open(dialogue).ok)
        for turn in dialogue.turns { #expect(try client.send(turn, of: dialogue.id).ok) }
        #expect(try client.close(dialogue.id).ok)
        let result = try await client.resultWhenDone(dialogue.id)
        for turn in result.turns {
            let question = turn.sentence.hasSuffix("？") || turn.sentence.hasSuffix("?")
            #expect(turn.dialogueAct == (question ? .requestSymptom : .informSymptom), "the Python worker's rule, not the model's")
        }
        #expect(result.report != nil, "the stages after it ran on its output")
        kill(daemon.processIdentifier, SIGTERM)
        daemon.waitUntilExit()
    }
}

@Suite("Benchmark commands")
struct BenchCommandTests {
    @Test("bench pipeline, bench ner and bench stage run from any directory on bundled data, cut to --turns sentences if asked, and end with their JSON figures")
    func bench() throws {
        let pipeline = try TestSupport.run(["bench", "pipeline", "--dialogues", "12", "--seconds", "1", "--rate", "50", "--open-dialogues", "30", "--json"], in: FileManager.default.temporaryDirectory)
        #expect(pipeline.status == 0, "\(pipeline.stderr)")
        let last = try #require(pipeline.stdout.split(separator: "\n").last)
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Double])
        for key in ["offline_sentences_per_s", "offline_dialogues_per_s", "streaming_p50_ms", "streaming_p99_ms", "peak_rss_mb"] {
            #expect((figures[key] ?? 0) > 0, "\(key)")
        }
        let ner = try TestSupport.run(["bench", "ner", "--sentences", "2000", "--json"], in: FileManager.default.temporaryDirectory)
        #expect(ner.status == 0)
        #expect(ner.stdout.contains("\"sentences_per_s\""))
        let report = try TestSupport.run(["bench", "stage", "report", "--dialogues", "30", "--json"], in: FileManager.default.temporaryDirectory)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.hasPrefix("report stage on one thread: 30 dialogues"), "\(report.stdout)")
        let short = try TestSupport.run(["bench", "stage", "report", "--dialogues", "30", "--turns", "5"], in: FileManager.default.temporaryDirectory)
        #expect(short.stdout.hasPrefix("report stage on one thread: 30 dialogues (150 sentences)"), "\(short.stdout)")
        #expect(try TestSupport.run(["bench", "stage", "report", "--turns", "0"], in: FileManager.default.temporaryDirectory).status != 0)
    }
}
