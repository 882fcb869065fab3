/// Reads JSON from bytes as it goes, without building a tree: the caller asks for the value it expects where
/// it expects it, and unknown members are skipped. Results documents are decoded by every stage on every pass,
/// so they are read with this rather than through `JSONDecoder`'s generic machinery. Errors name the path of
/// the value at fault (`dialogue.[0].speaker`), as `DecodingErrorDescription` does.
public struct JSONReader {
    private let bytes: [UInt8]
    private var offset = 0
    /// Where the reader is, for error messages: member names (as byte ranges, made text only on failure) and
    /// array positions.
    private var path: [PathStep] = []

    private enum PathStep {
        case member(Range<Int>)
        case element(Int)
    }

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Why a text cannot be read as the value expected: where, and what was wrong.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    // MARK: Values

    /// Calls `member` with each member's name, positioned on its value, which `member` must read or skip.
    public mutating func readObject(_ member: (inout JSONReader, String) throws -> Void) throws {
        try readMembers { reader, range in
            let name = reader.unescaped(range)
            try member(&reader, String(decoding: name, as: UTF8.self))
        }
    }

    /// Calls `member` with each member's key among `keys` (nil for another name), positioned on its value,
    /// which `member` must read or skip. The names are matched as bytes: no text is made of them.
    public mutating func readObject<Key>(_ keys: JSONNames<Key>, _ member: (inout JSONReader, Key?) throws -> Void) throws {
        try readMembers { reader, range in
            let key = reader.bytes[range].contains(UInt8(ascii: "\\"))
                ? keys.key(reader.unescaped(range))
                : reader.bytes.withUnsafeBufferPointer { keys.key(UnsafeBufferPointer(rebasing: $0[range])) }
            try member(&reader, key)
        }
    }

    /// Reads an object, calling `member` with the byte range of each member's name (as written, escapes
    /// included), positioned on its value.
    private mutating func readMembers(_ member: (inout JSONReader, Range<Int>) throws -> Void) throws {
        try expect(UInt8(ascii: "{"), "a JSON object")
        skipSpace()
        if peek() == UInt8(ascii: "}") { offset += 1; return }
        while true {
            skipSpace()
            let start = offset + 1
            _ = try readStringBytes()
            let name = start..<(offset - 1)
            skipSpace()
            try expect(UInt8(ascii: ":"), "':'")
            path.append(.member(name))
            try member(&self, name)
            path.removeLast()
            skipSpace()
            if peek() == UInt8(ascii: ",") { offset += 1; continue }
            try expect(UInt8(ascii: "}"), "',' or '}'")
            return
        }
    }

    /// The bytes a string's inside (`range`, as written) stands for, escapes resolved.
    private func unescaped(_ range: Range<Int>) -> [UInt8] {
        guard bytes[range].contains(UInt8(ascii: "\\")) else { return Array(bytes[range]) }
        var reader = JSONReader(Array(bytes[(range.lowerBound - 1)...range.upperBound]))
        guard case let .unescaped(text)? = try? reader.readStringBytes() else { return Array(bytes[range]) }
        return text
    }

    /// Calls `element` with each element's index, positioned on it.
    public mutating func readArray(_ element: (inout JSONReader, Int) throws -> Void) throws {
        try expect(UInt8(ascii: "["), "an array")
        skipSpace()
        if peek() == UInt8(ascii: "]") { offset += 1; return }
        var index = 0
        while true {
            path.append(.element(index))
            try element(&self, index)
            path.removeLast()
            index += 1
            skipSpace()
            if peek() == UInt8(ascii: ",") { offset += 1; continue }
            try expect(UInt8(ascii: "]"), "',' or ']'")
            return
        }
    }

    /// Whether the value here is `null`; consumes it if so.
    public mutating func readNull() -> Bool {
        skipSpace()
        guard bytes.count - offset >= 4, bytes[offset] == UInt8(ascii: "n"), bytes[offset + 1] == UInt8(ascii: "u"),
              bytes[offset + 2] == UInt8(ascii: "l"), bytes[offset + 3] == UInt8(ascii: "l") else { return false }
        offset += 4
        return true
    }

    public mutating func readString() throws -> String { string(try readStringBytes()) }

    /// The text of a string read.
    private func string(_ value: StringBytes) -> String {
        switch value {
        case let .plain(range): String(decoding: bytes[range], as: UTF8.self)
        case let .unescaped(text): String(decoding: text, as: UTF8.self)
        }
    }

    /// A string's bytes: a range of the input when it holds no escape (most do), else the unescaped bytes.
    private enum StringBytes {
        case plain(Range<Int>)
        case unescaped([UInt8])
    }

    private mutating func readStringBytes() throws -> StringBytes {
        skipSpace()
        try expect(UInt8(ascii: "\""), "String")
        let start = offset
        // The plain run up to the closing quote, an escape or a control character: most strings are all of it.
        offset = bytes.withUnsafeBufferPointer { buffer in
            var index = start
            while index < buffer.count {
                let byte = buffer[index]
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
                index += 1
            }
            return index
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") {
            offset += 1
            return .plain(start..<(offset - 1))
        }
        var text = Array(bytes[start..<offset])
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                return .unescaped(text)
            case UInt8(ascii: "\\"):
                try readEscape(into: &text)
            case ..<0x20:
                throw failure("a control character inside a string")
            default:
                text.append(byte)
            }
        }
        throw failure("an unterminated string")
    }

    public mutating func readInt() throws -> Int {
        skipSpace()
        let start = offset
        if peek() == UInt8(ascii: "-") { offset += 1 }
        while let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { offset += 1 }
        guard offset > start, let value = Int(String(decoding: bytes[start..<offset], as: UTF8.self)) else {
            offset = start
            throw failure("expected Int")
        }
        if let byte = peek(), byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            offset = start
            throw failure("expected Int")
        }
        return value
    }

    /// A string that must be one of `names` (matched as bytes), or a failure naming `T`.
    public mutating func read<T>(_ names: JSONNames<T>) throws -> T {
        let value = try readStringBytes()
        let found: T? = switch value {
        case let .plain(range): bytes.withUnsafeBufferPointer { names.key(UnsafeBufferPointer(rebasing: $0[range])) }
        case let .unescaped(text): names.key(text)
        }
        guard let found else { throw failure("cannot initialize \(T.self) from invalid String value \(string(value))") }
        return found
    }

    public mutating func readBool() throws -> Bool {
        skipSpace()
        switch peek() {
        case UInt8(ascii: "t")?: try literal("true"); return true
        case UInt8(ascii: "f")?: try literal("false"); return false
        default: throw failure("expected Bool")
        }
    }

    /// The bytes of the value here, as written (to hand to another reader).
    public mutating func readRawValue() throws -> ArraySlice<UInt8> {
        skipSpace()
        let start = offset
        try skipValue()
        return bytes[start..<offset]
    }

    public mutating func readStrings() throws -> [String] {
        var values: [String] = []
        try readArray { reader, _ in values.append(try reader.readString()) }
        return values
    }

    /// Whether the value here is a string (without consuming it).
    public mutating func atString() -> Bool {
        skipSpace()
        return peek() == UInt8(ascii: "\"")
    }

    /// Whether the value here is an array (without consuming it).
    public mutating func atArray() -> Bool {
        skipSpace()
        return peek() == UInt8(ascii: "[")
    }

    /// Passes over one value of any kind.
    public mutating func skipValue() throws {
        skipSpace()
        switch peek() {
        case UInt8(ascii: "{")?: try readObject { reader, _ in try reader.skipValue() }
        case UInt8(ascii: "[")?: try readArray { reader, _ in try reader.skipValue() }
        case UInt8(ascii: "\"")?: _ = try readStringBytes()
        case UInt8(ascii: "n")?: guard readNull() else { throw failure("not valid JSON") }
        case UInt8(ascii: "t")?: try literal("true")
        case UInt8(ascii: "f")?: try literal("false")
        default:
            let start = offset
            while let byte = peek(), byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) {
                offset += 1
            }
            guard offset > start, Double(String(decoding: bytes[start..<offset], as: UTF8.self)) != nil else { throw failure("not valid JSON") }
        }
    }

    /// Checks that nothing but white space follows the value read.
    public mutating func finish() throws {
        skipSpace()
        guard offset == bytes.count else { throw failure("unexpected text after the value") }
    }

    /// A failure at the current path.
    public func failure(_ message: String) -> Failure {
        let steps = path.map { step in
            switch step {
            case let .member(range): String(decoding: unescaped(range), as: UTF8.self)
            case let .element(index): "[\(index)]"
            }
        }
        return Failure(description: "\(steps.isEmpty ? "record" : steps.joined(separator: ".")): \(message)")
    }

    // MARK: Bytes

    private func peek() -> UInt8? { offset < bytes.count ? bytes[offset] : nil }

    private mutating func skipSpace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { offset += 1 }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws {
        skipSpace()
        guard peek() == byte else { throw failure("expected \(what)") }
        offset += 1
    }

    private mutating func literal(_ word: String) throws {
        for byte in word.utf8 {
            guard peek() == byte else { throw failure("not valid JSON") }
            offset += 1
        }
    }

    private mutating func readEscape(into text: inout [UInt8]) throws {
        guard let byte = peek() else { throw failure("an unterminated string") }
        offset += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(byte)
        case UInt8(ascii: "b"): text.append(0x08)
        case UInt8(ascii: "f"): text.append(0x0C)
        case UInt8(ascii: "n"): text.append(0x0A)
        case UInt8(ascii: "r"): text.append(0x0D)
        case UInt8(ascii: "t"): text.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try readHex4()
            if (0xD800..<0xDC00).contains(scalar) {
                guard peek() == UInt8(ascii: "\\"), offset + 1 < bytes.count, bytes[offset + 1] == UInt8(ascii: "u") else {
                    throw failure("an unpaired surrogate in a string")
                }
                offset += 2
                let low = try readHex4()
                guard (0xDC00..<0xE000).contains(low) else { throw failure("an unpaired surrogate in a string") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw failure("an unpaired surrogate in a string") }
            text.append(contentsOf: Array(String(Character(unicode)).utf8))
        default:
            throw failure("an invalid escape in a string")
        }
    }

    private mutating func readHex4() throws -> UInt32 {
        guard bytes.count - offset >= 4 else { throw failure("an invalid \\u escape in a string") }
        var value: UInt32 = 0
        for byte in bytes[offset..<(offset + 4)] {
            guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue else { throw failure("an invalid \\u escape in a string") }
            value = value << 4 | UInt32(digit)
        }
        offset += 4
        return value
    }
}

/// The member names (or string values) a reader looks for, each standing for a case of `Key`: matched against
/// the bytes of a name without making text of it.
public struct JSONNames<Key: RawRepresentable & CaseIterable & Sendable>: Sendable where Key.RawValue == String {
    private let names: [(bytes: [UInt8], key: Key)]

    public init() { names = Key.allCases.map { (Array($0.rawValue.utf8), $0) } }

    func key(_ name: UnsafeBufferPointer<UInt8>) -> Key? {
        names.first { $0.bytes.count == name.count && $0.bytes.elementsEqual(name) }?.key
    }

    func key(_ name: [UInt8]) -> Key? { name.withUnsafeBufferPointer { key($0) } }
}

// The string values of the results document, matched as bytes when read.
extension Speaker { static let jsonNames = JSONNames<Speaker>() }
extension DialogueAct { static let jsonNames = JSONNames<DialogueAct>() }
extension SymptomStatus { static let jsonNames = JSONNames<SymptomStatus>() }
extension Polarity { static let jsonNames = JSONNames<Polarity>() }
