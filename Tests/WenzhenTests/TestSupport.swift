import Foundation
import WenzhenCore

/// Paths and helpers the tests share.
enum TestSupport {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let exampleDialogues = packageRoot.appendingPathComponent("Lexicons/data/examples/consultations.json")
    static let configFile = packageRoot.appendingPathComponent("Config/wenzhen.yaml")
    static let labelledFixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/labelled.json")

    /// The `wenzhen` executable built beside the test bundle.
    static var executable: URL {
        let candidates = [Bundle.main.executableURL, URL(fileURLWithPath: CommandLine.arguments[0])].compactMap { $0 }
        for candidate in candidates {
            var directory = candidate.deletingLastPathComponent()
            for _ in 0..<4 {
                let binary = directory.appendingPathComponent("wenzhen")
                if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
                directory = directory.deletingLastPathComponent()
            }
        }
        return packageRoot.appendingPathComponent(".build/debug/wenzhen")
    }

    /// A new empty directory, removed when the process ends is not guaranteed: tests remove it themselves.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wenzhen-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func exampleDialoguesDecoded() throws -> [Dialogue] {
        try DialogueFile.read(contentsOf: exampleDialogues).map { try $0.dialogue.get() }
    }

    /// What a finished child process said and how it ended.
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Starts `wenzhen` with `arguments` in `directory`.
    static func launch(_ arguments: [String], in directory: URL) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, out, err)
    }

    /// Runs `wenzhen` with `arguments` in `directory` to completion.
    static func run(_ arguments: [String], in directory: URL) throws -> Outcome {
        let (process, out, err) = try launch(arguments, in: directory)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Runs a system tool (found on PATH) with its output discarded; its exit status, or -1 if it cannot start.
    static func tool(_ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Runs `wenzhen show ID` until the dialogue is done (at most 20 s); returns the last outcome.
    static func showWhenDone(_ id: String, config: String, in directory: URL) async throws -> Outcome {
        var shown = Outcome(status: 1, stdout: "", stderr: "")
        for _ in 0..<100 {
            shown = try run(["show", id, "--config", config], in: directory)
            if shown.stdout.hasPrefix("\(id)\tstate done") { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        return shown
    }

    /// `count` copies of the example dialogues with distinct ids, as one archive.
    static func replicatedArchive(count: Int, to url: URL) throws {
        let examples = try exampleDialoguesDecoded()
        let dialogues = (0..<count).map { index -> Dialogue in
            var dialogue = examples[index % examples.count]
            dialogue.id = String(format: "d%05d-", index) + dialogue.id
            return dialogue
        }
        try DialogueFile.write(dialogues, to: url, format: .dataset)
    }
}
