import Foundation

/// Splits the top-level JSON object of a dataset file into its members, in file order, without decoding the
/// values: a dataset file maps example ids to records, and the order of the archive is kept in the output.
enum JSONObjectSplitter {
    struct Member {
        var key: String
        var value: Data
    }

    static func members(of data: Data) throws(DialogueFileError) -> [Member] {
        let bytes = [UInt8](data)
        var index = skipWhitespace(bytes, from: 0)
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else {
            throw .malformedJSON(offset: index, reason: "a dataset file is one JSON object mapping ids to dialogues")
        }
        index = skipWhitespace(bytes, from: index + 1)
        var members: [Member] = []
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { return members }
        while true {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw .malformedJSON(offset: index, reason: "expected a quoted dialogue id")
            }
            let keyEnd = try endOfString(bytes, from: index)
            guard let key = try? JSONDecoder().decode(String.self, from: Data(bytes[index..<keyEnd])) else {
                throw .malformedJSON(offset: index, reason: "invalid dialogue id string")
            }
            index = skipWhitespace(bytes, from: keyEnd)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw .malformedJSON(offset: index, reason: "expected ':' after dialogue id \(key)")
            }
            let valueStart = skipWhitespace(bytes, from: index + 1)
            let valueEnd = try endOfValue(bytes, from: valueStart)
            members.append(Member(key: key, value: Data(bytes[valueStart..<valueEnd])))
            index = skipWhitespace(bytes, from: valueEnd)
            guard index < bytes.count else { throw .malformedJSON(offset: index, reason: "unexpected end of file") }
            if bytes[index] == UInt8(ascii: "}") {
                let rest = skipWhitespace(bytes, from: index + 1)
                guard rest == bytes.count else { throw .malformedJSON(offset: rest, reason: "data after the top-level object") }
                return members
            }
            guard bytes[index] == UInt8(ascii: ",") else {
                throw .malformedJSON(offset: index, reason: "expected ',' or '}' after dialogue \(key)")
            }
            index = skipWhitespace(bytes, from: index + 1)
        }
    }

    private static func skipWhitespace(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        return index
    }

    /// The index just past the string that opens at `start`.
    private static func endOfString(_ bytes: [UInt8], from start: Int) throws(DialogueFileError) -> Int {
        var index = start + 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index + 1
            default: index += 1
            }
        }
        throw .malformedJSON(offset: start, reason: "unterminated string")
    }

    /// The index just past the value (object, array, string or scalar) that starts at `start`.
    private static func endOfValue(_ bytes: [UInt8], from start: Int) throws(DialogueFileError) -> Int {
        guard start < bytes.count else { throw .malformedJSON(offset: start, reason: "missing value") }
        var depth = 0
        var index = start
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                index = try endOfString(bytes, from: index)
                if depth == 0 { return index }
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 { return index }
                depth -= 1
                if depth == 0 { return index + 1 }
            case UInt8(ascii: ","):
                if depth == 0 { return index }
            default:
                break
            }
            index += 1
        }
        throw .malformedJSON(offset: start, reason: "unterminated value")
    }
}
