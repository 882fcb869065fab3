import Foundation
import GRDB
import WenzhenCore

/// Where a dialogue is in the pipeline.
public enum DialogueState: String, Codable, Sendable, DatabaseValueConvertible {
    /// A revision waits for stages.
    case pending
    /// A live dialogue whose latest revision has passed every stage; more turns may come.
    case open
    /// Closed, and its last revision has passed every stage.
    case done
    /// A stage gave up on it.
    case failed
}

/// A dialogue as the store keeps it.
public struct DialogueRow: Encodable, Equatable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "dialogue"

    public var id: String
    public var position: Int
    /// The dialogue as taken in so far: one dataset record with its id.
    public var input: Data
    /// How many updates (a whole dialogue, a turn) have been taken in.
    public var revision: Int
    /// The revision the stages are working on, or last worked on.
    public var workRevision: Int
    /// How many stages `workRevision` has passed.
    public var stagesDone: Int
    /// Whether more turns may come.
    public var isOpen: Bool
    public var state: DialogueState
    public var error: String?
    public var updatedAt: Date

    /// A new row for a dialogue taken in whole (`isOpen` false) or opened for turns.
    public init(id: String, input: Data, isOpen: Bool) {
        self.id = id
        position = 0
        self.input = input
        revision = 1
        workRevision = 1
        stagesDone = 0
        self.isOpen = isOpen
        state = .pending
        updatedAt = Date()
    }

    /// Takes in a new revision of the input: an idle dialogue, one whose last pass failed, or one whose pass no
    /// stage has been handed yet, starts the stages at this revision; a dialogue with a pass under way picks
    /// the revision up when that pass ends. (Restarting a pass under way would let a dialogue whose turns come
    /// faster than its first stage answers never get past that stage.)
    public mutating func takeRevision(_ input: Data, passUnderWay: Bool) {
        self.input = input
        revision += 1
        if state == .open || state == .failed || (state == .pending && stagesDone == 0 && !passUnderWay) {
            workRevision = revision
            stagesDone = 0
            state = .pending
            error = nil
        }
    }

    /// Closes a live dialogue; returns whether it is now finished (no pass under way).
    public mutating func close() -> Bool {
        isOpen = false
        if state == .open {
            state = .done
            return true
        }
        return false
    }
}

/// The reads and writes of a dialogue row on the hot paths (every turn, every stage result), through cached
/// prepared statements: generating and preparing the SQL each time cost the hub more than the writes.
extension DialogueRow {
    static func fetch(_ id: String, in db: Database) throws -> DialogueRow? {
        try DialogueRow.fetchOne(db.cachedStatement(sql: "SELECT * FROM dialogue WHERE id = ?"), arguments: [id])
    }

    /// Writes every column but `id` and `position`, which never change.
    func write(in db: Database) throws {
        try db.cachedStatement(sql: """
            UPDATE dialogue SET input = ?, revision = ?, workRevision = ?, stagesDone = ?, isOpen = ?, state = ?, error = ?, updatedAt = ?
            WHERE id = ?
            """).execute(arguments: [input, revision, workRevision, stagesDone, isOpen, state, error, StoreTimestamp(updatedAt), id])
    }

    /// Writes where the stages are, leaving the input alone: a stage result never changes it, and rewriting
    /// it (the whole dialogue) with every result was most of the hub's writing.
    func writeProgress(in db: Database) throws {
        try db.cachedStatement(sql: """
            UPDATE dialogue SET workRevision = ?, stagesDone = ?, state = ?, error = ?, updatedAt = ? WHERE id = ?
            """).execute(arguments: [workRevision, stagesDone, state, error, StoreTimestamp(updatedAt), id])
    }

    public init(row: Row) {
        id = row["id"]
        position = row["position"]
        input = row["input"]
        revision = row["revision"]
        workRevision = row["workRevision"]
        stagesDone = row["stagesDone"]
        isOpen = row["isOpen"]
        state = row["state"]
        error = row["error"]
        updatedAt = (row["updatedAt"] as StoreTimestamp).date
    }
}

/// What recording one stage outcome changed.
public enum RecordedOutcome: Equatable, Sendable {
    /// A duplicate or stale result: nothing changed.
    case ignored
    /// The dialogue moves on to the next stage.
    case advanced
    /// The last stage finished a revision; `final` when the dialogue is closed and complete. When a newer
    /// revision came in meanwhile the dialogue waits for the first stage again. `changes`: what the revision
    /// changed in the annotations, as logged.
    case revisionDone(final: Bool, changes: [AnnotationChange] = [])
    /// The dialogue failed: why, as recorded (`stage: reason`).
    case failed(reason: String)
}

/// A dialogue waiting for its next stage.
public struct PendingWork: FetchableRecord, Decodable, Sendable {
    public var id: String
    public var position: Int
    /// How many stages it has passed: the index of the stage it waits for.
    public var stagesDone: Int
    /// The revision being worked on.
    public var workRevision: Int
    /// The document that stage takes: the last stage's result, or the input.
    public var document: Data
}

/// What a stage made of one dialogue.
public struct StageOutcome: Sendable {
    public var dialogueID: String
    public var stageIndex: Int
    public var stage: String
    public var revision: Int
    public var isLastStage: Bool
    /// The stage's results document, or why the stage could not process the dialogue.
    public var result: Result<Data, StageFailure>

    public init(dialogueID: String, stageIndex: Int, stage: String, revision: Int = 1, isLastStage: Bool, result: Result<Data, StageFailure>) {
        self.dialogueID = dialogueID
        self.stageIndex = stageIndex
        self.stage = stage
        self.revision = revision
        self.isLastStage = isLastStage
        self.result = result
    }
}

/// Why a stage gave up on a dialogue.
public struct StageFailure: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// How many dialogues are in each state.
public struct Counts: Equatable, Sendable {
    public var pending = 0
    public var open = 0
    public var done = 0
    public var failed = 0
    public var total: Int { pending + open + done + failed }
    public init() {}
}

/// Why the store cannot do what was asked: a one-line account naming the file.
public struct StoreError: Error, CustomStringConvertible {
    public let description: String

    public static func unavailable(path: String, reason: String) -> StoreError {
        StoreError(description: "state database \(path): \(reason)")
    }

    init(description: String) { self.description = description }

    init(_ error: any Error, path: String) {
        if let error = error as? StoreError {
            self = error
        } else if let error = error as? DatabaseError {
            let reason: String
            switch error.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT: reason = "not a SQLite database, or corrupt"
            case .SQLITE_FULL: reason = "disk full"
            case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM: reason = "cannot write (\(error.message ?? "read-only"))"
            case .SQLITE_BUSY, .SQLITE_LOCKED: reason = "locked by another process"
            default: reason = error.message ?? "\(error.resultCode)"
            }
            self.description = "state database \(path): \(reason)"
        } else {
            self.description = "state database \(path): \(error)"
        }
    }
}
