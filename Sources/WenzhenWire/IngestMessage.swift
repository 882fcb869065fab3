import Foundation
import WenzhenCore

/// A client's request on the ingest endpoint: one JSON frame with a `kind`.
///
/// - `{"kind": "open", "dialogue": ID, "self_report": "…"}` starts a live consultation;
/// - `{"kind": "turn", "dialogue": ID, "sentence_id": "3", "speaker": "患者", "sentence": "…"}` adds a turn;
/// - `{"kind": "close", "dialogue": ID}` ends it (so does `limits.idle_timeout_seconds` without a turn);
/// - `{"kind": "dialogue", "record": {…dataset record with "id"…}}` submits a whole, closed dialogue;
/// - `{"kind": "show", "dialogue": ID}` asks for its current state and latest results document, and with
///   `"changes": true` for the log of every annotation its revisions set or changed;
/// - `{"kind": "status"}` asks for the daemon's figures (`PipelineStatus`).
///
/// Every reply is one JSON frame, an `IngestReply`; a change is acknowledged only once it is in SQLite.
public enum IngestRequest: Equatable, Sendable {
    case open(id: String, selfReport: String)
    case turn(id: String, Turn)
    case close(id: String)
    case dialogue(Dialogue)
    case show(id: String, withChanges: Bool)
    case status

    public static let kinds = ["open", "turn", "close", "dialogue", "show", "status"]

    /// Whether the request only reads.
    public var isQuery: Bool {
        switch self {
        case .show, .status: true
        default: false
        }
    }

    /// The members a request may have.
    private enum Field: String, CaseIterable, Sendable {
        case kind, dialogue, self_report, sentence_id, speaker, sentence, changes, record
    }

    private static let fields = JSONNames<Field>()

    /// Parses a request, with a one-line reason when it cannot be used. Read directly from the bytes (one
    /// request per turn): no `JSONSerialization` tree, no `JSONDecoder`.
    public init(_ payload: [UInt8], maxBytes: Int) throws(WireError) {
        guard !payload.isEmpty else { throw .malformed("empty message") }
        guard payload.count <= maxBytes else { throw .malformed("message of \(payload.count) bytes exceeds the limit of \(maxBytes)") }
        if let offset = UTF8Validation.firstInvalidByte(in: Data(payload)) { throw .malformed("invalid UTF-8 at byte \(offset)") }
        var text: [Field: String] = [:]
        var changes = false
        var record: ArraySlice<UInt8>?
        var reader = JSONReader(payload)
        do {
            try reader.readObject(Self.fields) { reader, field in
                guard !reader.readNull() else { return }  // null stands for an absent member
                switch field {
                case .changes?: changes = try reader.readBool()
                case .record?: record = try reader.readRawValue()
                case let field?: text[field] = try reader.readString()
                case nil: try reader.skipValue()
                }
            }
            try reader.finish()
        } catch {
            // A text that is no JSON object at all gets that said; one of the wrong shape, where.
            guard (try? JSONSerialization.jsonObject(with: Data(payload))) is [String: Any] else { throw .malformed("not a JSON object") }
            throw .malformed("\(error)")
        }
        guard let kind = text[.kind] else { throw .malformed("missing field kind") }
        func field(_ name: Field) throws(WireError) -> String {
            guard let value = text[name], !value.isEmpty else { throw .malformed("\(kind): missing field \(name.rawValue)") }
            return value
        }
        switch kind {
        case "open":
            self = .open(id: try field(.dialogue), selfReport: text[.self_report] ?? "")
        case "turn":
            let speakerName = try field(.speaker)
            guard let speaker = Speaker(rawValue: speakerName) else {
                throw .malformed("turn: speaker must be 医生 or 患者, not \(speakerName)")
            }
            guard let sentence = text[.sentence] else { throw .malformed("turn: missing field sentence") }
            self = .turn(id: try field(.dialogue), Turn(sentenceID: try field(.sentence_id), speaker: speaker, sentence: sentence))
        case "close":
            self = .close(id: try field(.dialogue))
        case "show":
            self = .show(id: try field(.dialogue), withChanges: changes)
        case "status":
            self = .status
        case "dialogue":
            guard let record, record.first == UInt8(ascii: "{") else { throw .malformed("dialogue: field record must be an object") }
            switch DialogueFile.decodeRecord(Data(record), id: nil) {
            case let .success(dialogue): self = .dialogue(dialogue)
            case let .failure(error): throw .malformed(error.description)
            }
        default:
            throw .malformed("unknown kind '\(kind)' (known: \(Self.kinds.joined(separator: ", ")))")
        }
    }

    /// The request as the one JSON frame a client sends, members in name order.
    public var json: [UInt8] {
        var writer = JSONWriter(capacity: 256)
        writer.beginObject()
        switch self {
        case let .open(id, selfReport):
            writer.member(Field.dialogue.rawValue, id)
            writer.member(Field.kind.rawValue, "open")
            writer.member(Field.self_report.rawValue, selfReport)
        case let .turn(id, turn):
            writer.member(Field.dialogue.rawValue, id)
            writer.member(Field.kind.rawValue, "turn")
            writer.member(Field.sentence.rawValue, turn.sentence)
            writer.member(Field.sentence_id.rawValue, turn.sentenceID)
            writer.member(Field.speaker.rawValue, turn.speaker.rawValue)
        case let .close(id):
            writer.member(Field.dialogue.rawValue, id)
            writer.member(Field.kind.rawValue, "close")
        case let .dialogue(dialogue):
            writer.member(Field.kind.rawValue, "dialogue")
            writer.key(Field.record.rawValue)
            writer.encoded(DialogueRecord(dialogue).json(includeID: true))
        case let .show(id, withChanges):
            writer.key(Field.changes.rawValue)
            writer.bool(withChanges)
            writer.member(Field.dialogue.rawValue, id)
            writer.member(Field.kind.rawValue, "show")
        case .status:
            writer.member(Field.kind.rawValue, "status")
        }
        writer.endObject()
        return writer.bytes
    }
}

/// The ingest endpoint's answer.
public struct IngestReply: Decodable, Equatable, Sendable {
    public var ok: Bool
    public var id: String?
    /// The request repeated one already stored (same ids, same content): nothing changed.
    public var duplicate: Bool?
    /// The dialogue's revision after the request (one per update taken in).
    public var revision: Int?
    /// `show`: where the dialogue is (pending, open, done, failed).
    public var state: String?
    /// `show`: the latest results document.
    public var document: String?
    /// `show` with `changes`: the dialogue's annotation change log, oldest first.
    public var changes: [AnnotationChange]?
    /// `status`: the daemon's figures.
    public var status: PipelineStatus?
    public var error: String?

    public init(
        ok: Bool, id: String? = nil, duplicate: Bool? = nil, revision: Int? = nil, state: String? = nil, document: String? = nil,
        changes: [AnnotationChange]? = nil, status: PipelineStatus? = nil, error: String? = nil
    ) {
        self.ok = ok
        self.id = id
        self.duplicate = duplicate
        self.revision = revision
        self.state = state
        self.document = document
        self.changes = changes
        self.status = status
        self.error = error
    }

    public static func accepted(_ id: String, duplicate: Bool, revision: Int) -> IngestReply {
        IngestReply(ok: true, id: id, duplicate: duplicate, revision: revision)
    }

    public static func rejected(_ reason: String) -> IngestReply { IngestReply(ok: false, error: reason) }

    /// The reply as JSON, written directly (one per request). Changes are written as they are published; the
    /// daemon's figures, asked for rarely, go through `JSONEncoder`.
    public var bytes: [UInt8] {
        var writer = JSONWriter(capacity: 128 + (document?.utf8.count ?? 0) + 128 * (changes?.count ?? 0))
        writer.beginObject()
        writer.key("ok")
        writer.bool(ok)
        if let id { writer.member("id", id) }
        if let duplicate {
            writer.key("duplicate")
            writer.bool(duplicate)
        }
        if let revision {
            writer.key("revision")
            writer.int(revision)
        }
        if let state { writer.member("state", state) }
        if let document { writer.member("document", document) }
        if let changes {
            writer.key("changes")
            writer.encoded(AnnotationChange.json(changes))
        }
        if let status {
            writer.key("status")
            writer.encoded(Array((try? JSONEncoder().encode(status)) ?? Data("null".utf8)))
        }
        if let error { writer.member("error", error) }
        writer.endObject()
        return writer.bytes
    }
}
