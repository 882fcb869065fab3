import Foundation
import Testing
import WenzhenCore
@testable import WenzhenStore

@Suite("SQLite checkpoint store")
struct StoreTests {
    func outcome(_ id: String, _ index: Int, last: Bool = false, _ document: String = "{}") -> StageOutcome {
        StageOutcome(dialogueID: id, stageIndex: index, stage: "s\(index)", isLastStage: last, result: .success(Data(document.utf8)))
    }

    @Test("intake is idempotent, a result is recorded once, and finished documents come back in intake order")
    func exactlyOnce() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("state.sqlite").path
        let store = try CheckpointStore(path: path)
        #expect(try store.insert([(id: "b", input: Data("B".utf8)), (id: "a", input: Data("A".utf8))]) == 2)
        #expect(try store.insert([(id: "a", input: Data("A2".utf8)), (id: "c", input: Data("C".utf8))]) == 1)
        #expect(try store.pendingWork().map(\.id) == ["b", "a", "c"])
        #expect(try store.pendingWork()[1].document == Data("A".utf8))

        #expect(try store.record([outcome("b", 0), outcome("b", 0), outcome("a", 1)]) == [.advanced, .ignored, .ignored])
        #expect(try store.pendingWork().first { $0.id == "b" }?.stagesDone == 1)
        #expect(try store.record([outcome("b", 1, last: true, "final-b"), outcome("a", 0), outcome("c", 0)]) == [.revisionDone(final: true), .advanced, .advanced])
        #expect(try store.record([outcome("a", 1, last: true, "final-a"), outcome("a", 1, last: true)]) == [.revisionDone(final: true), .ignored])
        let failure = StageOutcome(dialogueID: "c", stageIndex: 1, stage: "s1", isLastStage: true, result: .failure(StageFailure("boom")))
        #expect(try store.record([failure]) == [.failed(reason: "s1: boom")])
        #expect(try store.finishedDocuments() == [Data("final-b".utf8), Data("final-a".utf8)])
        #expect(try store.failures().map(\.id) == ["c"])
        var expected = Counts()
        expected.done = 2
        expected.failed = 1
        #expect(try store.counts() == expected)
        #expect(try store.stageResultCounts(dialogueID: "a") == ["s0": 1, "s1": 1])

        let reopened = try CheckpointStore(path: path)
        #expect(try reopened.counts() == expected, "the state survives reopening")
    }

    @Test("a live dialogue: a turn during a pass is taken in the next pass; closing finishes it")
    func liveRevisions() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try CheckpointStore(path: directory.appendingPathComponent("live.sqlite").path)
        func outcome(_ index: Int, revision: Int, last: Bool) -> StageOutcome {
            StageOutcome(dialogueID: "live", stageIndex: index, stage: "s\(index)", revision: revision, isLastStage: last, result: .success(Data("r\(revision)s\(index)".utf8)))
        }
        try store.modify("live") { _ in (DialogueRow(id: "live", input: Data("v1".utf8), isOpen: true), ()) }
        #expect(try store.record([outcome(0, revision: 1, last: false)]) == [.advanced])
        try store.modify("live") { row in
            var row = row!
            row.takeRevision(Data("v2".utf8), passUnderWay: true)
            return (row, ())
        }
        #expect(try store.dialogue("live")?.workRevision == 1, "a busy dialogue finishes its pass first")
        // The change log compares each finished revision's document with the one before (here: the raw bytes).
        func changes(previous: Data?, current: Data, revision: Int) -> [AnnotationChange] {
            [AnnotationChange(
                revision: revision, kind: .act, sentenceID: "1", subject: "", previous: previous.map { String(decoding: $0, as: UTF8.self) },
                value: String(decoding: current, as: UTF8.self))]
        }
        let first = AnnotationChange(revision: 1, kind: .act, sentenceID: "1", subject: "", previous: nil, value: "r1s1")
        #expect(try store.record([outcome(1, revision: 1, last: true)], annotationChanges: changes) == [.revisionDone(final: false, changes: [first])])
        let next = try #require(try store.pendingWork(id: "live"))
        #expect(next.workRevision == 2 && next.stagesDone == 0 && next.document == Data("v2".utf8))
        #expect(try store.record([outcome(0, revision: 1, last: false)]) == [.ignored], "a stale pass is ignored")
        let second = AnnotationChange(revision: 2, kind: .act, sentenceID: "1", subject: "", previous: "r1s1", value: "r2s1")
        #expect(try store.record([outcome(0, revision: 2, last: false), outcome(1, revision: 2, last: true)], annotationChanges: changes) == [
            .advanced, .revisionDone(final: false, changes: [second]),
        ])
        #expect(try store.annotationChanges(dialogueID: "live") == [first, second])
        #expect(try store.dialogue("live")?.state == .open)
        #expect(try store.latestDocument("live") == Data("r2s1".utf8))
        let finished = try store.modify("live") { row in
            var row = row!
            let finished = row.close()
            return (row, finished)
        }
        #expect(finished)
        #expect(try store.dialogue("live")?.state == .done)
    }

    @Test("a turn restarts a pass no stage has been handed yet or one that failed, and never one under way")
    func revisionAtFirstStage() {
        var waiting = DialogueRow(id: "d", input: Data("v1".utf8), isOpen: true)
        waiting.takeRevision(Data("v2".utf8), passUnderWay: false)
        #expect(waiting.workRevision == 2 && waiting.stagesDone == 0)
        var handedOut = DialogueRow(id: "d", input: Data("v1".utf8), isOpen: true)
        handedOut.takeRevision(Data("v2".utf8), passUnderWay: true)
        #expect(handedOut.workRevision == 1 && handedOut.revision == 2 && handedOut.input == Data("v2".utf8))
        var failed = DialogueRow(id: "d", input: Data("v1".utf8), isOpen: true)
        failed.state = .failed
        failed.error = "ner: boom"
        failed.takeRevision(Data("v2".utf8), passUnderWay: false)
        #expect(failed.state == .pending && failed.workRevision == 2 && failed.error == nil, "a failed live dialogue tries again with its next turn")
    }

    @Test("timestamps are written as GRDB writes dates, and read back to the nearest millisecond")
    func timestamps() throws {
        for seconds in [0, 1_795_000_000.123, 1_795_000_000.9999, 951_782_400.5, -1.25, 4_102_444_799.001] {
            let date = Date(timeIntervalSince1970: seconds)
            let written = StoreTimestamp(date).databaseValue
            #expect(written == date.databaseValue, "\(seconds)")
            let read = try #require(StoreTimestamp.fromDatabaseValue(written))
            #expect(abs(read.date.timeIntervalSince1970 - (seconds * 1000).rounded() / 1000) < 1e-6, "\(seconds)")
        }
        #expect(StoreTimestamp.fromDatabaseValue("2026-11-22".databaseValue)?.date == Date.fromDatabaseValue("2026-11-22".databaseValue))
    }

    @Test("the database file is created 0600 and kept in WAL mode")
    func fileMode() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("state.sqlite").path
        let store = try CheckpointStore(path: path)
        try store.setMetadata("k", "v")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let journal = try store.pool.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
        #expect(try store.metadata("k") == "v")
    }

    @Test("a corrupt database file or a missing directory is a clear error")
    func badFiles() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("corrupt.sqlite").path
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try CheckpointStore(path: path)
        } throws: { error in
            "\(error)".contains("not a SQLite database")
        }
        #expect {
            _ = try CheckpointStore(path: directory.appendingPathComponent("missing/state.sqlite").path)
        } throws: { error in
            "\(error)".contains("missing or not writable")
        }
    }

    @Test("dead letters keep the raw bytes and the reason")
    func deadLetters() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try CheckpointStore(path: directory.appendingPathComponent("s.sqlite").path)
        try store.deadLetter(source: "ingest", reason: "not JSON", payload: Data([0xFF, 0x00]))
        #expect(try store.deadLetterCount() == 1)
        let payload = try store.pool.read { try Data.fetchOne($0, sql: "SELECT payload FROM deadLetter") }
        #expect(payload == Data([0xFF, 0x00]))
    }
}
