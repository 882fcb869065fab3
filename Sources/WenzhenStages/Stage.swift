import Foundation
import WenzhenCore

/// The five stages of the pipeline, in the order a dialogue passes them.
public enum StageKind: String, CaseIterable, Codable, Sendable {
    /// Character BIO tags over the five IMCS-V2 entity types.
    case ner
    /// One of the 16 dialogue acts per sentence.
    case dac
    /// Symptom normalization to the lexicon, with 0/1/2 status per sentence and per dialogue.
    case symptoms
    /// The CHIP-MDCFNPC polarity of each clinical-finding mention.
    case polarity
    /// The six-field medical report.
    case report
}

/// One NLP step: reads the results document and adds its own annotations to it.
///
/// A stage is pure computation on a dialogue: it knows nothing of sockets or storage, so that the pipeline
/// runtime can run it in a thread, a process or on another host. Implementations must be thread-safe to share.
public protocol Stage: Sendable {
    /// Annotates `dialogue` with this stage's results, replacing any earlier results of the same stage.
    func process(_ dialogue: inout Dialogue) throws
}

/// Why a stage cannot be built or cannot process a dialogue.
public enum StageError: Error, Equatable, CustomStringConvertible {
    case unknownStage(String)
    case unknownImplementation(stage: StageKind, name: String, available: [String])
    case missingResource(String)
    case invalidResource(file: String, reason: String)
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unknownStage(name):
            "unknown stage '\(name)' (stages: \(StageKind.allCases.map(\.rawValue).joined(separator: ", ")))"
        case let .unknownImplementation(stage, name, available):
            "unknown implementation '\(name)' for stage \(stage.rawValue) (available: \(available.joined(separator: ", ")))"
        case let .missingResource(what): "missing resource: \(what)"
        case let .invalidResource(file, reason): "invalid resource \(file): \(reason)"
        case let .unwritable(path, reason): "cannot write \(path): \(reason)"
        }
    }
}

/// Reads the text of a lexicon file: its lines that are not `#` comments, numbered as they stand among the
/// file's non-empty lines (for error messages).
enum ResourceReader {
    static func lines(of url: URL) throws(StageError) -> [(number: Int, line: Substring)] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw .missingResource(url.path) }
        return text.split(separator: "\n").enumerated().filter { !$0.element.hasPrefix("#") }.map { ($0.offset + 1, $0.element) }
    }
}

/// Writes a trained lexicon or model file atomically, with a one-line error naming the file.
enum ResourceWriter {
    static func write(_ data: Data, to url: URL) throws(StageError) {
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .unwritable(path: url.path, reason: "no directory \(directory)")
        }
        do { try data.write(to: url, options: .atomic) } catch {
            throw .unwritable(path: url.path, reason: (error as NSError).localizedFailureReason ?? "\(error)")
        }
    }
}
