/// Why a dialogue file or one of its records cannot be read.
public enum DialogueFileError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case invalidUTF8(offset: Int)
    case malformedJSON(offset: Int, reason: String)
    case invalidRecord(id: String, reason: String)
    case duplicateID(String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): "cannot read \(path): \(reason)"
        case let .invalidUTF8(offset): "invalid UTF-8 at byte \(offset)"
        case let .malformedJSON(offset, reason): "malformed JSON at byte \(offset): \(reason)"
        case let .invalidRecord(id, reason): "dialogue \(id): \(reason)"
        case let .duplicateID(id): "dialogue id \(id) appears more than once"
        }
    }
}
