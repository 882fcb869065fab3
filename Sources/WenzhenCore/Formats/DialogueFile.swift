import Foundation

/// The two file layouts of dialogue archives.
public enum DialogueFileFormat: String, Sendable, CaseIterable {
    /// The IMCS-V2 dataset layout: one JSON object mapping example ids to records.
    case dataset
    /// JSON Lines: one record a line, its id in an `id` field.
    case jsonLines = "jsonl"

    /// The layout a path's extension implies: `.jsonl` is JSON Lines, anything else the dataset layout.
    public init(path: String) {
        self = path.lowercased().hasSuffix(".jsonl") ? .jsonLines : .dataset
    }
}

/// Reads and writes dialogue archives in either layout, keeping the archive's order.
public enum DialogueFile {
    /// One entry of an archive: its id and either the dialogue or why it could not be decoded.
    public struct Entry: Sendable {
        public var id: String
        public var dialogue: Result<Dialogue, DialogueFileError>
    }

    /// Reads every entry of an archive. A file-level problem (unreadable, invalid UTF-8, malformed top level)
    /// throws; a record-level problem is reported in its entry so that the caller can name every bad record.
    public static func read(contentsOf url: URL, format: DialogueFileFormat? = nil) throws(DialogueFileError) -> [Entry] {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(path: url.path, reason: (error as NSError).localizedDescription)
        }
        return try read(data, format: format ?? DialogueFileFormat(path: url.path))
    }

    /// Reads every entry of an archive held in memory.
    public static func read(_ data: Data, format: DialogueFileFormat) throws(DialogueFileError) -> [Entry] {
        if let offset = UTF8Validation.firstInvalidByte(in: data) { throw .invalidUTF8(offset: offset) }
        var entries: [Entry] = []
        switch format {
        case .dataset:
            for member in try JSONObjectSplitter.members(of: data) {
                entries.append(Entry(id: member.key, dialogue: decodeRecord(member.value, id: member.key)))
            }
        case .jsonLines:
            for (number, line) in data.split(separator: UInt8(ascii: "\n")).enumerated()
            where !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) {
                let result = decodeRecord(Data(line), id: nil)
                let id = (try? result.get().id) ?? "line \(number + 1)"
                entries.append(Entry(id: id, dialogue: result))
            }
        }
        var seen = Set<String>()
        for entry in entries where !seen.insert(entry.id).inserted { throw .duplicateID(entry.id) }
        return entries
    }

    /// Decodes one record; `id` is the record's key in a dataset file, or nil to read it from the record.
    public static func decodeRecord(_ data: Data, id: String?) -> Result<Dialogue, DialogueFileError> {
        do {
            return .success(try DialogueRecord(json: Array(data), id: id).dialogue)
        } catch {
            return .failure(.invalidRecord(id: id ?? "?", reason: "\(error)"))
        }
    }

    /// Encodes one dialogue as a record, with its id inside when `includeID` is set (JSON Lines, wire messages).
    public static func encodeRecord(_ dialogue: Dialogue, includeID: Bool) -> Data {
        Data(DialogueRecord(dialogue).json(includeID: includeID))
    }

    /// Writes dialogues in the given layout, atomically: the file appears complete or not at all.
    public static func write(_ dialogues: some Sequence<Dialogue>, to url: URL, format: DialogueFileFormat) throws {
        var output = Data()
        switch format {
        case .dataset:
            output.append(contentsOf: Array("{\n".utf8))
            var first = true
            for dialogue in dialogues {
                if !first { output.append(contentsOf: Array(",\n".utf8)) }
                first = false
                output.append(try JSONEncoder().encode(dialogue.id))
                output.append(contentsOf: Array(": ".utf8))
                output.append(encodeRecord(dialogue, includeID: false))
            }
            output.append(contentsOf: Array("\n}\n".utf8))
        case .jsonLines:
            for dialogue in dialogues {
                output.append(encodeRecord(dialogue, includeID: true))
                output.append(UInt8(ascii: "\n"))
            }
        }
        try output.write(to: url, options: .atomic)
    }
}

/// A short, readable account of a `DecodingError`: where in the record, and what was wrong.
public enum DecodingErrorDescription {
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "record" : keys.joined(separator: ".")
        }
        switch error {
        case let .typeMismatch(type, context): return "\(path(context)): expected \(type)"
        case let .valueNotFound(type, context): return "\(path(context)): missing \(type) value"
        case let .keyNotFound(key, context): return "\(path(context)): missing field \(key.stringValue)"
        case let .dataCorrupted(context):
            let underlying = (context.underlyingError as NSError?)?.localizedDescription
            return "\(path(context)): \(underlying.map { "\(context.debugDescription) (\($0))" } ?? context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

/// Finds the first byte that breaks UTF-8.
public enum UTF8Validation {
    public static func firstInvalidByte(in data: Data) -> Int? {
        data.withUnsafeBytes { raw -> Int? in
            var parser = Unicode.UTF8.ForwardParser()
            var iterator = raw.makeIterator()
            var offset = 0
            while true {
                switch parser.parseScalar(from: &iterator) {
                case let .valid(scalar): offset += scalar.count
                case .emptyInput: return nil
                case .error: return offset
                }
            }
        }
    }
}
