import Foundation
import WenzhenCore
import WenzhenStore
import WenzhenWire

/// What the hub must do after an intake: hand a dialogue to the stages, or publish its final document.
enum IntakeEvent: Equatable {
    case needsWork(String)
    case finished(String)
}

/// Takes client requests into the checkpoint store: whole dialogues, live ones opened, extended turn by turn
/// and closed. Re-sent requests (same ids, same content) change nothing.
struct DialogueIntake {
    let store: CheckpointStore
    /// Whether a stage has been handed a pass of the dialogue that has not ended yet.
    var passUnderWay: (String) -> Bool = { _ in false }

    /// Applies one change within `batch`; throws `IntakeError` for a request that contradicts the stored
    /// state (or is a query, which `show` answers).
    func apply(_ request: IngestRequest, in batch: StoreBatch) throws -> (IngestReply, IntakeEvent?) {
        switch request {
        case let .dialogue(dialogue):
            let input = DialogueFile.encodeRecord(dialogue.withoutAnnotations, includeID: true)
            return try batch.modify(dialogue.id) { existing in
                if let existing { return (nil, (.accepted(dialogue.id, duplicate: true, revision: existing.revision), nil)) }
                return (DialogueRow(id: dialogue.id, input: input, isOpen: false), (.accepted(dialogue.id, duplicate: false, revision: 1), .needsWork(dialogue.id)))
            }
        case let .open(id, selfReport):
            let input = DialogueFile.encodeRecord(Dialogue(id: id, selfReport: selfReport, turns: []), includeID: true)
            return try batch.modify(id) { existing in
                guard let existing else {
                    return (DialogueRow(id: id, input: input, isOpen: true), (.accepted(id, duplicate: false, revision: 1), .needsWork(id)))
                }
                guard existing.isOpen else { throw IntakeError("dialogue \(id) is closed") }
                return (nil, (.accepted(id, duplicate: true, revision: existing.revision), nil))
            }
        case let .turn(id, turn):
            return try batch.modify(id) { existing in
                guard var row = existing else { throw IntakeError("unknown dialogue \(id): open it first") }
                guard row.isOpen else { throw IntakeError("dialogue \(id) is closed") }
                var dialogue = try DialogueFile.decodeRecord(row.input, id: nil).get()
                if let stored = dialogue.turns.first(where: { $0.sentenceID == turn.sentenceID }) {
                    guard stored == turn else { throw IntakeError("dialogue \(id) already has a different sentence \(turn.sentenceID)") }
                    return (nil, (.accepted(id, duplicate: true, revision: row.revision), nil))
                }
                if let last = dialogue.turns.last, let previous = Int(last.sentenceID), let number = Int(turn.sentenceID), number < previous {
                    throw IntakeError("dialogue \(id): sentence \(turn.sentenceID) arrives after sentence \(last.sentenceID) (out of order)")
                }
                dialogue.turns.append(turn)
                row.takeRevision(DialogueFile.encodeRecord(dialogue, includeID: true), passUnderWay: passUnderWay(id))
                return (row, (.accepted(id, duplicate: false, revision: row.revision), row.state == .pending ? .needsWork(id) : nil))
            }
        case let .close(id):
            return try batch.modify(id) { existing in
                guard var row = existing else { throw IntakeError("unknown dialogue \(id)") }
                guard row.isOpen else { return (nil, (.accepted(id, duplicate: true, revision: row.revision), nil)) }
                let finished = row.close()
                return (row, (.accepted(id, duplicate: false, revision: row.revision), finished ? .finished(id) : nil))
            }
        case .show, .status:
            throw IntakeError("a query changes nothing")
        }
    }

    /// A dialogue's state, revision and latest results document, and its annotation change log if asked.
    func show(_ id: String, withChanges: Bool) throws -> IngestReply {
        guard let row = try store.dialogue(id), let document = try store.latestDocument(id) else {
            throw IntakeError("unknown dialogue \(id)")
        }
        return IngestReply(
            ok: true, id: id, revision: row.revision, state: row.state.rawValue, document: String(decoding: document, as: UTF8.self),
            changes: withChanges ? try store.annotationChanges(dialogueID: id) : nil)
    }

    /// Closes live dialogues that have had no turn since `date`; returns those that are now finished.
    func closeIdle(since date: Date) throws -> [String] {
        let idle = try store.openDialogues(idleSince: date)
        return try store.batch { batch in
            try idle.filter { id in
                try batch.modify(id) { existing in
                    guard var row = existing, row.isOpen else { return (nil, false) }
                    let finished = row.close()
                    return (row, finished)
                }
            }
        }
    }
}

/// A request that contradicts what the store holds (an unknown or closed dialogue, a changed sentence).
struct IntakeError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
