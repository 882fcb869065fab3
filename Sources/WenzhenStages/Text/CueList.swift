#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A fixed list of cue words searched for in a text in one pass over its UTF-8 bytes, instead of one search
/// per cue: the stages ask such questions (is it a question? negated? conditional?) of every sentence.
struct CueList: Sendable, ExpressibleByArrayLiteral {
    /// The cues' bytes, grouped by first byte.
    private let cuesByFirstByte: [[[UInt8]]]

    init(_ cues: [String]) {
        var groups = [[[UInt8]]](repeating: [], count: 256)
        for cue in cues where !cue.isEmpty { groups[Int(cue.utf8.first!)].append(Array(cue.utf8)) }
        cuesByFirstByte = groups
    }

    init(arrayLiteral cues: String...) { self.init(cues) }

    /// Whether any cue occurs in `text` (UTF-8 is self-synchronizing, so a byte match is a character match).
    func occurs(in text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in bytes.indices.contains { matches(bytes, at: $0) } }
    }

    /// Whether `text` begins with a cue.
    func begins(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in !bytes.isEmpty && matches(bytes, at: 0) }
    }

    /// Whether a cue starts at `start` of `bytes`.
    private func matches(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        cuesByFirstByte[Int(bytes[start])].contains { cue in
            cue.count <= bytes.count - start && cue.withUnsafeBufferPointer { memcmp(bytes.baseAddress! + start, $0.baseAddress!, $0.count) == 0 }
        }
    }
}
