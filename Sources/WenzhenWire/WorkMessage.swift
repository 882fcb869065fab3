import Foundation

/// The message between the hub and a stage worker: two frames, a JSON header and the results document.
///
/// Hub → worker: `[{"dialogue", "stage", "index", "revision"}, document]`. Worker → hub: the same header, with `error` set
/// when the stage could not process the document (the document frame is then empty). The document is one
/// IMCS-V2 dataset record with its `id` inside, as in JSON Lines. Any process that speaks this can be a worker.
public struct WorkMessage: Equatable, Sendable {
    public struct Header: Codable, Equatable, Sendable {
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
    public var frames: [[UInt8]] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return [Array((try? encoder.encode(header)) ?? Data()), document]
    }

    /// Parses frames received from a peer.
    public init(frames: [[UInt8]]) throws(WireError) {
        guard frames.count == 2 else { throw .malformed("expected 2 frames (header, document), got \(frames.count)") }
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(frames[0]))
        } catch {
            throw .malformed("bad header: \(error.localizedDescription)")
        }
        document = frames[1]
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
