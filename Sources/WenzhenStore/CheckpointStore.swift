import Foundation
import GRDB
import WenzhenCore

/// The SQLite checkpoint store: every dialogue taken in, the result of every stage it has passed, and the
/// messages that could not be used.
///
/// WAL mode, one writer (the pipeline hub), any number of readers. A stage result is recorded only for the
/// stage a dialogue is waiting for, so a result delivered twice (after a restart, or by two workers) is
/// recorded once.
public final class CheckpointStore: Sendable {
    let pool: DatabasePool
    public let path: String
    /// The durability of client changes (intake); stage results are written with `normal` (below).
    let synchronous: Synchronous

    /// How hard SQLite works to make a commit durable: `full` survives power loss, `normal` (in WAL mode) a
    /// crash of the process only.
    public enum Synchronous: String, Sendable, CaseIterable {
        case full, normal
    }

    /// Opens (creating, mode 0600) and migrates the store at `path`; with `readOnly`, opens an existing store
    /// only to read it, beside the process that writes it.
    public init(path: String, synchronous: Synchronous = .full, readOnly: Bool = false) throws(StoreError) {
        self.path = path
        self.synchronous = synchronous
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if readOnly {
            guard FileManager.default.fileExists(atPath: path) else { throw .unavailable(path: path, reason: "no such file") }
        } else {
            guard FileManager.default.isWritableFile(atPath: directory) else {
                throw .unavailable(path: path, reason: "directory \(directory) is missing or not writable")
            }
            if !FileManager.default.fileExists(atPath: path) {
                let fd = open(path, O_CREAT | O_WRONLY, 0o600)
                guard fd >= 0 else { throw .unavailable(path: path, reason: String(cString: strerror(errno))) }
                close(fd)
            }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(2)
        configuration.readonly = readOnly
        if !readOnly {
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = \(synchronous.rawValue.uppercased())")
            }
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            if !readOnly {
                // A truncated or damaged file is refused here, before anything is taken in on top of it.
                let problems = try pool.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
                guard problems == ["ok"] else {
                    throw StoreError.unavailable(path: path, reason: "corrupt (\(problems.prefix(2).joined(separator: "; ")))")
                }
                try Self.migrator.migrate(pool)
            }
        } catch {
            throw StoreError(error, path: path)
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "meta") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
            try db.create(table: "dialogue") { t in
                t.primaryKey("id", .text)
                t.column("position", .integer).notNull().unique()
                t.column("input", .blob).notNull()
                t.column("revision", .integer).notNull().defaults(to: 1)
                t.column("workRevision", .integer).notNull().defaults(to: 1)
                t.column("stagesDone", .integer).notNull().defaults(to: 0)
                t.column("isOpen", .boolean).notNull().defaults(to: false)
                t.column("state", .text).notNull().defaults(to: DialogueState.pending.rawValue)
                    .check { ["pending", "open", "done", "failed"].contains($0) }
                t.column("error", .text)
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(index: "dialogue_state", on: "dialogue", columns: ["state", "position"])
            try db.create(table: "stageResult") { t in
                t.column("dialogueID", .text).notNull().references("dialogue", onDelete: .cascade)
                t.column("stageIndex", .integer).notNull()
                t.column("stage", .text).notNull()
                t.column("revision", .integer).notNull()
                t.column("document", .blob).notNull()
                t.column("createdAt", .datetime).notNull()
                t.primaryKey(["dialogueID", "stageIndex"])
            }
            try db.create(table: "deadLetter") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("receivedAt", .datetime).notNull()
                t.column("source", .text).notNull()
                t.column("reason", .text).notNull()
                t.column("payload", .blob).notNull()
            }
        }
        migrator.registerMigration("v2: annotation changes of live dialogues") { db in
            try db.create(table: "annotationChange") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("dialogueID", .text).notNull().indexed().references("dialogue", onDelete: .cascade)
                t.column("revision", .integer).notNull()
                t.column("kind", .text).notNull()
                t.column("sentenceID", .text)
                t.column("subject", .text).notNull()
                t.column("previous", .text)
                t.column("value", .text)
                t.column("recordedAt", .datetime).notNull()
            }
        }
        return migrator
    }

    // MARK: Metadata

    /// A value remembered with the store (e.g. which input and pipeline it belongs to).
    public func metadata(_ key: String) throws(StoreError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }

    public func setMetadata(_ key: String, _ value: String) throws(StoreError) {
        try write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", arguments: [key, value])
        }
    }

    // MARK: Intake

    /// Takes in dialogues (id and encoded input document); ids already present are left as they are.
    /// Returns how many were new.
    @discardableResult
    public func insert(_ dialogues: [(id: String, input: Data)]) throws(StoreError) -> Int {
        try write { db in
            var position = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(position), -1) FROM dialogue")! + 1
            var inserted = 0
            let now = Date()
            for dialogue in dialogues {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO dialogue(id, position, input, updatedAt) VALUES (?, ?, ?, ?)",
                    arguments: [dialogue.id, position, dialogue.input, now])
                if db.changesCount == 1 {
                    inserted += 1
                    position += 1
                }
            }
            return inserted
        }
    }

    // MARK: Progress

    static let pendingWorkSelect = """
        SELECT d.id, d.position, d.stagesDone, d.workRevision, COALESCE(r.document, d.input) AS document
        FROM dialogue d LEFT JOIN stageResult r ON r.dialogueID = d.id AND r.stageIndex = d.stagesDone - 1
        """

    /// Dialogues still waiting for a stage, in intake order: the document for their next stage.
    public func pendingWork(limit: Int = .max, after position: Int = -1) throws(StoreError) -> [PendingWork] {
        try read { db in
            try PendingWork.fetchAll(
                db.cachedStatement(sql: Self.pendingWorkSelect + " WHERE d.state = 'pending' AND d.position > ? ORDER BY d.position LIMIT ?"),
                arguments: [position, limit])
        }
    }

    /// The work one dialogue waits for, if any.
    public func pendingWork(id: String) throws(StoreError) -> PendingWork? {
        try read { db in
            try PendingWork.fetchOne(db.cachedStatement(sql: Self.pendingWorkSelect + " WHERE d.state = 'pending' AND d.id = ?"), arguments: [id])
        }
    }

    /// Records stage results in one transaction. A result for a stage or revision the dialogue is not waiting
    /// for is a duplicate and is ignored. Returns, per outcome, what it changed.
    ///
    /// Stage results can be computed again, so their commits do not wait for the disk (`synchronous = NORMAL`:
    /// they survive a crash of the process; a power loss may take the last few, which are then recomputed).
    /// The WAL is written in order, so the next client change committed with `full` makes them durable too.
    ///
    /// `annotationChanges` reads the last stage's document of a dialogue taken in turn by turn (or taken in
    /// again), comparing it with the previous revision's (nil for none); what it returns is kept in the change
    /// log, in the same transaction, and returned with the outcome. With `checkingWholeDialogues` it also reads
    /// the last document of a dialogue submitted whole (for workers in other processes, which may be faulty). A
    /// document it cannot read fails the dialogue and is kept as a dead letter.
    public func record(
        _ outcomes: [StageOutcome],
        annotationChanges: ((_ previous: Data?, _ current: Data, _ revision: Int) throws -> [AnnotationChange])? = nil,
        checkingWholeDialogues: Bool = false
    ) throws(StoreError) -> [RecordedOutcome] {
        try write(waitingForDisk: false) { db in
            let now = Date()
            let stamp = StoreTimestamp(now).databaseValue
            return try outcomes.map { outcome in
                guard let row = try DialogueRow.fetch(outcome.dialogueID, in: db),
                      row.state == .pending, row.stagesDone == outcome.stageIndex, row.workRevision == outcome.revision else {
                    return .ignored
                }
                var updated = row
                updated.updatedAt = now
                func fail(_ reason: String) throws -> RecordedOutcome {
                    updated.state = .failed
                    updated.error = "\(outcome.stage): \(reason)"
                    try updated.writeProgress(in: db)
                    return .failed(reason: updated.error!)
                }
                switch outcome.result {
                case let .success(document):
                    var changes: [AnnotationChange] = []
                    let live = row.isOpen || row.revision > 1
                    if outcome.isLastStage, live || checkingWholeDialogues, let annotationChanges {
                        let previous = live ? try Data.fetchOne(
                            db.cachedStatement(sql: "SELECT document FROM stageResult WHERE dialogueID = ? AND stageIndex = ?"),
                            arguments: [outcome.dialogueID, outcome.stageIndex]) : nil
                        do {
                            let read = try annotationChanges(previous, document, outcome.revision)
                            // A dialogue submitted whole has no change log.
                            changes = live ? read : []
                        } catch {
                            // The stage's document cannot be read (a faulty external worker): the dialogue fails,
                            // the document is kept as a dead letter, and the rest of the batch is recorded.
                            let reason = "unusable results document: \(error)"
                            try StoreBatch(db: db).deadLetter(source: "results", reason: "\(outcome.dialogueID) \(outcome.stage): \(reason)", payload: document)
                            return try fail(reason)
                        }
                        try StoreBatch(db: db).log(changes, dialogueID: outcome.dialogueID)
                    }
                    try db.cachedStatement(sql: """
                        INSERT OR REPLACE INTO stageResult(dialogueID, stageIndex, stage, revision, document, createdAt)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """).execute(arguments: [outcome.dialogueID, outcome.stageIndex, outcome.stage, outcome.revision, document, stamp])
                    updated.stagesDone += 1
                    let result: RecordedOutcome
                    if !outcome.isLastStage {
                        result = .advanced
                    } else if updated.revision > updated.workRevision {
                        updated.workRevision = updated.revision
                        updated.stagesDone = 0
                        result = .revisionDone(final: false, changes: changes)
                    } else if updated.isOpen {
                        updated.state = .open
                        result = .revisionDone(final: false, changes: changes)
                    } else {
                        updated.state = .done
                        result = .revisionDone(final: true, changes: changes)
                    }
                    try updated.writeProgress(in: db)
                    return result
                case let .failure(reason):
                    return try fail("\(reason)")
                }
            }
        }
    }

    // MARK: Live dialogues

    /// Runs `body` in one write transaction (a group commit): everything it writes through the batch is
    /// committed together, or nothing is if it throws.
    public func batch<T>(_ body: (StoreBatch) throws -> T) throws -> T {
        do {
            return try pool.write { db in try body(StoreBatch(db: db)) }
        } catch let error as DatabaseError {
            throw StoreError(error, path: path)
        }
    }

    /// Changes one dialogue's row in a write transaction of its own (see `StoreBatch.modify`).
    public func modify<Result>(_ id: String, _ body: (DialogueRow?) throws -> (DialogueRow?, Result)) throws -> Result {
        try batch { try $0.modify(id, body) }
    }

    /// A dialogue's row.
    public func dialogue(_ id: String) throws(StoreError) -> DialogueRow? {
        try read { db in try DialogueRow.fetch(id, in: db) }
    }

    /// The latest document of a dialogue: the last stage result, or its input before any.
    public func latestDocument(_ id: String) throws(StoreError) -> Data? {
        try read { db in
            try Data.fetchOne(
                db,
                sql: """
                    SELECT COALESCE((SELECT document FROM stageResult WHERE dialogueID = d.id ORDER BY createdAt DESC, stageIndex DESC LIMIT 1), d.input)
                    FROM dialogue d WHERE d.id = ?
                    """,
                arguments: [id])
        }
    }

    /// Open dialogues that have had no update since `date`.
    public func openDialogues(idleSince date: Date) throws(StoreError) -> [String] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT id FROM dialogue WHERE isOpen AND updatedAt < ? ORDER BY position", arguments: [date])
        }
    }

    /// How many dialogues are in each state.
    public func counts() throws(StoreError) -> Counts {
        try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM dialogue GROUP BY state")
            var counts = Counts()
            for row in rows {
                let n: Int = row["n"]
                switch DialogueState(rawValue: row["state"]) {
                case .pending?: counts.pending = n
                case .open?: counts.open = n
                case .done?: counts.done = n
                case .failed?: counts.failed = n
                case nil: break
                }
            }
            return counts
        }
    }

    /// Every dialogue that passed all stages: its final document, in intake order.
    public func finishedDocuments() throws(StoreError) -> [Data] {
        try read { db in
            try Data.fetchAll(
                db,
                sql: """
                    SELECT r.document FROM dialogue d JOIN stageResult r
                    ON r.dialogueID = d.id AND r.stageIndex = d.stagesDone - 1
                    WHERE d.state = 'done' ORDER BY d.position
                    """)
        }
    }

    /// The dialogues that a stage could not process, with the reason.
    public func failures() throws(StoreError) -> [(id: String, error: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, error FROM dialogue WHERE state = 'failed' ORDER BY position")
                .map { (id: $0["id"], error: $0["error"] ?? "") }
        }
    }

    /// How many times each stage recorded a result for one dialogue (at most once by construction).
    public func stageResultCounts(dialogueID: String) throws(StoreError) -> [String: Int] {
        try read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT stage, COUNT(*) AS n FROM stageResult WHERE dialogueID = ? GROUP BY stage",
                arguments: [dialogueID])
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["stage"] as String, $0["n"] as Int) })
        }
    }

    /// The change log of a dialogue's annotations, oldest first.
    public func annotationChanges(dialogueID: String) throws(StoreError) -> [AnnotationChange] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM annotationChange WHERE dialogueID = ? ORDER BY id", arguments: [dialogueID]).map { row in
                guard let kind = AnnotationChange.Kind(rawValue: row["kind"]) else {
                    throw StoreError(description: "state database \(path): unknown annotation kind \(row["kind"] ?? "")")
                }
                return AnnotationChange(
                    revision: row["revision"], kind: kind, sentenceID: row["sentenceID"], subject: row["subject"],
                    previous: row["previous"], value: row["value"])
            }
        }
    }

    // MARK: Dead letters

    /// Keeps a message that could not be used, with its raw bytes and the reason.
    public func deadLetter(source: String, reason: String, payload: Data) throws(StoreError) {
        try write { db in try StoreBatch(db: db).deadLetter(source: source, reason: reason, payload: payload) }
    }

    public func deadLetterCount() throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM deadLetter")! }
    }

    // MARK: Access

    private func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.read(body) } catch { throw StoreError(error, path: path) }
    }

    private func write<T>(waitingForDisk: Bool = true, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            guard !waitingForDisk, synchronous == .full else { return try pool.write(body) }
            return try pool.writeWithoutTransaction { db in
                try db.cachedStatement(sql: "PRAGMA synchronous = NORMAL").execute()
                defer { try? db.cachedStatement(sql: "PRAGMA synchronous = FULL").execute() }
                var result: T?
                try db.inTransaction {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch {
            throw StoreError(error, path: path)
        }
    }
}

/// The writes of one `CheckpointStore.batch` transaction.
public struct StoreBatch {
    let db: Database

    /// Changes one dialogue's row: `body` gets the row (nil if there is none) and returns the row to store (nil
    /// to store nothing) and a result for the caller. When `body` throws, nothing of this change is written; a
    /// caller that catches the error can go on with the rest of the batch.
    public func modify<Result>(_ id: String, _ body: (DialogueRow?) throws -> (DialogueRow?, Result)) throws -> Result {
        let existing = try DialogueRow.fetch(id, in: db)
        let (row, result) = try body(existing)
        if var row {
            row.updatedAt = Date()
            if existing == nil {
                row.position = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(position), -1) + 1 FROM dialogue")!
                try row.insert(db)
            } else {
                try row.write(in: db)
            }
        }
        return result
    }

    /// Appends a revision's annotation changes to a dialogue's change log.
    func log(_ changes: [AnnotationChange], dialogueID: String) throws {
        let now = StoreTimestamp(Date()).databaseValue
        let insert = try db.cachedStatement(sql: """
            INSERT INTO annotationChange(dialogueID, revision, kind, sentenceID, subject, previous, value, recordedAt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for change in changes {
            try insert.execute(arguments: [
                dialogueID, change.revision, change.kind.rawValue, change.sentenceID, change.subject, change.previous, change.value, now,
            ])
        }
    }

    /// Keeps a message that could not be used, raw, with the reason.
    public func deadLetter(source: String, reason: String, payload: Data) throws {
        try db.execute(
            sql: "INSERT INTO deadLetter(receivedAt, source, reason, payload) VALUES (?, ?, ?, ?)",
            arguments: [Date(), source, reason, payload])
    }
}
