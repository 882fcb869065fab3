import Foundation
import GRDB

/// Where a dialogue is in the pipeline.
public enum DialogueState: String, Sendable {
    case pending, done, failed
}

/// A dialogue waiting for its next stage.
public struct PendingWork: FetchableRecord, Decodable, Sendable {
    public var id: String
    public var position: Int
    /// How many stages it has passed: the index of the stage it waits for.
    public var stagesDone: Int
    /// The document that stage takes: the last stage's result, or the input.
    public var document: Data
}

/// What a stage made of one dialogue.
public struct StageOutcome: Sendable {
    public var dialogueID: String
    public var stageIndex: Int
    public var stage: String
    public var isLastStage: Bool
    /// The stage's results document, or why the stage could not process the dialogue.
    public var result: Result<Data, StageFailure>

    public init(dialogueID: String, stageIndex: Int, stage: String, isLastStage: Bool, result: Result<Data, StageFailure>) {
        self.dialogueID = dialogueID
        self.stageIndex = stageIndex
        self.stage = stage
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
    public var done = 0
    public var failed = 0
    public var total: Int { pending + done + failed }
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
