import Foundation
import Testing
import WenzhenPipeline
import ZeroMQ

@Suite("Transport security, as real processes over tcp", .serialized)
struct SecurityTests {
    @Test("CURVE: authorized clients and a remote stage worker get through; unknown keys and plain peers get nothing")
    func curve() async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["daemon", "client", "worker", "intruder"] {
            let made = try TestSupport.run(["keys", name], in: directory)
            #expect(made.status == 0, "\(made.stderr)")
        }
        let secretMode = try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent("daemon.key").path)[.posixPermissions] as? Int
        #expect(secretMode == 0o600)
        #expect(try TestSupport.run(["keys", "daemon"], in: directory).status != 0, "an existing key is never overwritten")

        let port = Int.random(in: 41000..<49000)
        let endpoints = """
            endpoints: {ingest: "tcp://127.0.0.1:\(port)", publish: "tcp://127.0.0.1:\(port + 1)", results: "tcp://127.0.0.1:\(port + 2)"}
            stages:
              ner: lexicon
              dac: {implementation: rules, workers: 0, endpoint: "tcp://127.0.0.1:\(port + 3)"}
              symptoms: alias
              polarity: cues
              report: template
            """
        try Data((endpoints + "\nsecurity: {key_file: daemon.key, authorized_keys: [client.pub, worker.pub]}\n").utf8)
            .write(to: directory.appendingPathComponent("daemon.yaml"))
        for name in ["client", "worker"] {
            try Data((endpoints + "\nsecurity: {key_file: \(name).key, server_public_key: daemon.pub}\n").utf8)
                .write(to: directory.appendingPathComponent("\(name).yaml"))
        }
        let (daemon, _, daemonLog) = try TestSupport.launch(["serve", "--config", "daemon.yaml"], in: directory)
        let (worker, _, _) = try TestSupport.launch(["stage", "dac", "--config", "worker.yaml"], in: directory)
        defer {
            for process in [daemon, worker] where process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        try await Task.sleep(for: .milliseconds(500))

        let sent = try TestSupport.run(["send", TestSupport.exampleDialogues.path, "--config", "client.yaml"], in: directory)
        #expect(sent.status == 0, "\(sent.stderr)")
        let shown = try await TestSupport.showWhenDone("example-cough", config: "client.yaml", in: directory)
        #expect(shown.stdout.hasPrefix("example-cough\tstate done"), "the remote CURVE worker did its stage: \(shown.stdout.prefix(80)) \(shown.stderr)")

        let daemonKey = try KeyFile.publicKey(directory.appendingPathComponent("daemon.pub").path)
        let intruderKeys = try KeyFile.readPair(directory.appendingPathComponent("intruder.key").path)
        let clientKeys = try KeyFile.readPair(directory.appendingPathComponent("client.key").path)
        let refused: [(String, TransportSecurity)] = [
            ("an unauthorized key", TransportSecurity(keys: intruderKeys, serverKey: daemonKey, authorizedKeys: [], allowPlainLoopback: false)),
            ("a plain peer", .plainLoopback),
            ("a client that expects another server", TransportSecurity(keys: clientKeys, serverKey: intruderKeys.publicKey, authorizedKeys: [], allowPlainLoopback: false)),
        ]
        for (who, security) in refused {
            let client = try DaemonClient(endpoint: "tcp://127.0.0.1:\(port)", security: security, timeoutSeconds: 1.5)
            #expect(throws: ClientError.self, "\(who) gets no reply") { _ = try client.show("example-cough") }
        }
        kill(worker.processIdentifier, SIGTERM)
        kill(daemon.processIdentifier, SIGTERM)
        daemon.waitUntilExit()
        worker.waitUntilExit()
        let log = String(decoding: daemonLog.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("connection refused: public key not authorized") && log.contains(intruderKeys.publicKey))
        let databaseMode = try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent("wenzhen.sqlite").path)[.posixPermissions] as? Int
        #expect(databaseMode == 0o600)
    }

    @Test("plain tcp is refused unless allowed, and then only on loopback", arguments: [
        ("tcp://127.0.0.1:PORT", ""),
        ("tcp://0.0.0.0:PORT", "security: {allow_plain_loopback: true}"),
        ("tcp://*:PORT", "security: {allow_plain_loopback: true}"),
    ])
    func plainRefused(_ ingest: String, _ security: String) throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let endpoint = ingest.replacingOccurrences(of: "PORT", with: "\(Int.random(in: 41000..<49000))")
        try Data("endpoints: {ingest: \"\(endpoint)\"}\n\(security)\n".utf8).write(to: directory.appendingPathComponent("wenzhen.yaml"))
        let outcome = try TestSupport.run(["serve", "--config", "wenzhen.yaml"], in: directory)
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("\(endpoint): plain tcp refused"), "\(outcome.stderr)")
    }

    @Test("loopback addresses are told apart from the rest")
    func loopback() {
        for endpoint in ["tcp://127.0.0.1:1", "tcp://127.5.6.7:1", "tcp://localhost:1", "tcp://[::1]:1"] {
            #expect(Endpoint.isLoopback(endpoint), "\(endpoint)")
        }
        for endpoint in ["tcp://0.0.0.0:1", "tcp://*:1", "tcp://127.evil.example:1", "tcp://10.0.0.1:1", "tcp://eth0:1", "ipc://x"] {
            #expect(!Endpoint.isLoopback(endpoint), "\(endpoint)")
        }
    }

    @Test("a missing or damaged key file is a clear error")
    func badKeyFiles() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let damaged = directory.appendingPathComponent("damaged.key")
        try Data("secret-key = \"not a key\"\n".utf8).write(to: damaged)
        #expect(throws: SecurityError.badKey("\(damaged.path): the secret key is not 40 characters of Z85")) { _ = try KeyFile.readPair(damaged.path) }
        #expect(throws: SecurityError.badKey("cannot read key file /nonexistent.key")) { _ = try KeyFile.readPair("/nonexistent.key") }
    }
}

@Suite("systemd units")
struct SystemdUnitTests {
    static let analyzer = "/usr/bin/systemd-analyze"

    @Test("systemd-analyze rates both units SAFE or OK", .enabled(if: FileManager.default.isExecutableFile(atPath: analyzer)), arguments: ["wenzhen.service", "wenzhen-stage@.service"])
    func exposure(_ unit: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.analyzer)
        process.arguments = ["security", "--offline=true", TestSupport.packageRoot.appendingPathComponent("systemd/\(unit)").path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let line = try #require(text.split(separator: "\n").last { $0.contains("Overall exposure level") }, "\(text.suffix(300))")
        let score = try #require(line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) })
        #expect(score <= 2.0, "\(line)")
    }
}
