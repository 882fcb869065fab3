import Foundation
import WenzhenCore

/// The message between the hub and a stage worker: two frames, a JSON header and the results document.
///
/// Hub → worker: `[{"dialogue", "stage", "index", "revision"}, document]`. Worker → hub: the same header, with `error` set
/// when the stage could not process the document (the document frame is then empty). The document is one
/// IMCS-V2 dataset record with its `id` inside, as in JSON Lines. Any process that speaks this can be a worker.
public struct WorkMessage: Equatable, Sendable {
    public struct Header: Equatable, Sendable {
        public var dialogue: String
        public var stage: String
        /// The stage's position in the pipeline, echoed back so the hub can check the result is the one it awaits.
        public var index: Int
        /// The dialogue's revision the document holds (live dialogues get one per turn).
        public var revision: Int
        public var error: String?
    }

    public var header: Header
    public var document: [UInt8]

    public init(dialogue: String, stage: String, index: Int, revision: Int = 1, error: String? = nil, document: [UInt8]) {
        self.header = Header(dialogue: dialogue, stage: stage, index: index, revision: revision, error: error)
        self.document = document
    }

    /// The frames on the wire.
    public var frames: [[UInt8]] { [header.json, document] }

    /// Parses frames received from a peer.
    public init(frames: [[UInt8]]) throws(WireError) {
        guard frames.count == 2 else { throw .malformed("expected 2 frames (header, document), got \(frames.count)") }
        header = try Header(json: frames[0])
        document = frames[1]
    }
}

extension WorkMessage.Header {
    private enum Key: String, CaseIterable, Sendable {
        case dialogue, stage, index, revision, error
    }

    private static let keys = JSONNames<Key>()

    /// The header as JSON, members in name order. Written and read directly (not through `JSONEncoder` and
    /// `JSONDecoder`): every stage of every turn passes two headers.
    var json: [UInt8] {
        var writer = JSONWriter(capacity: 128)
        writer.beginObject()
        writer.member("dialogue", dialogue)
        if let error { writer.member("error", error) }
        writer.key("index")
        writer.int(index)
        writer.key("revision")
        writer.int(revision)
        writer.member("stage", stage)
        writer.endObject()
        return writer.bytes
    }

    init(json: [UInt8]) throws(WireError) {
        if let offset = UTF8Validation.firstInvalidByte(in: Data(json)) { throw .malformed("bad header: invalid UTF-8 at byte \(offset)") }
        var reader = JSONReader(json)
        var dialogue: String?, stage: String?, index: Int?, revision: Int?, error: String?
        do {
            try reader.readObject(Self.keys) { reader, key in
                switch key {
                case .dialogue?: dialogue = try reader.readString()
                case .stage?: stage = try reader.readString()
                case .index?: index = try reader.readInt()
                case .revision?: revision = try reader.readInt()
                case .error?: error = reader.readNull() ? nil : try reader.readString()
                case nil: try reader.skipValue()
                }
            }
            try reader.finish()
        } catch {
            throw .malformed("bad header: \(error)")
        }
        guard let dialogue, let stage, let index, let revision else {
            let missing = [("dialogue", dialogue == nil), ("stage", stage == nil), ("index", index == nil), ("revision", revision == nil)]
            throw .malformed("bad header: missing \(missing.filter(\.1).map(\.0).joined(separator: ", "))")
        }
        self.init(dialogue: dialogue, stage: stage, index: index, revision: revision, error: error)
    }
}

/// A message that does not follow the wire protocol.
public enum WireError: Error, Equatable, CustomStringConvertible {
    case malformed(String)

    public var description: String {
        switch self {
        case let .malformed(reason): "malformed message: \(reason)"
        }
    }
}
