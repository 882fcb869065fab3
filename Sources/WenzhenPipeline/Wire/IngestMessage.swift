import Foundation
import WenzhenCore

/// A client's request on the ingest endpoint: one JSON frame `{"kind": "dialogue", "dialogue": {…record with id…}}`.
///
/// The reply is one JSON frame: `{"ok": true, "id": …, "duplicate": false}` once the dialogue is durably in
/// SQLite, or `{"ok": false, "error": "…"}`.
public enum IngestRequest: Sendable {
    case dialogue(Dialogue)

    public static let kinds = ["dialogue"]

    /// Parses a request, with a one-line reason when it cannot be used.
    public init(_ payload: [UInt8], maxBytes: Int) throws(WireError) {
        guard !payload.isEmpty else { throw .malformed("empty message") }
        guard payload.count <= maxBytes else { throw .malformed("message of \(payload.count) bytes exceeds the limit of \(maxBytes)") }
        let data = Data(payload)
        if let offset = UTF8Validation.firstInvalidByte(in: data) { throw .malformed("invalid UTF-8 at byte \(offset)") }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw .malformed("not a JSON object")
        }
        guard let kind = object["kind"] as? String else { throw .malformed("missing field kind") }
        switch kind {
        case "dialogue":
            guard let record = object["dialogue"], JSONSerialization.isValidJSONObject(record),
                  let recordData = try? JSONSerialization.data(withJSONObject: record) else {
                throw .malformed("field dialogue must be an object")
            }
            switch DialogueFile.decodeRecord(recordData, id: nil) {
            case let .success(dialogue): self = .dialogue(dialogue)
            case let .failure(error): throw .malformed(error.description)
            }
        default:
            throw .malformed("unknown kind '\(kind)' (known: \(Self.kinds.joined(separator: ", ")))")
        }
    }
}

/// The ingest endpoint's answer.
public struct IngestReply: Codable, Equatable, Sendable {
    public var ok: Bool
    public var id: String?
    public var duplicate: Bool?
    public var error: String?

    public static func accepted(_ id: String, duplicate: Bool) -> IngestReply { IngestReply(ok: true, id: id, duplicate: duplicate) }
    public static func rejected(_ reason: String) -> IngestReply { IngestReply(ok: false, error: reason) }

    public var bytes: [UInt8] { Array((try? JSONEncoder().encode(self)) ?? Data()) }
}
