/// Reads JSON from bytes as it goes, without building a tree: the caller asks for the value it expects where
/// it expects it, and unknown members are skipped. Results documents are decoded by every stage on every pass,
/// so they are read with this rather than through `JSONDecoder`'s generic machinery. Errors name the path of
/// the value at fault (`dialogue.[0].speaker`), as `DecodingErrorDescription` does.
public struct JSONReader {
    private let bytes: [UInt8]
    private var offset = 0
    private var path: [String] = []

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Why a text cannot be read as the value expected: where, and what was wrong.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    // MARK: Values

    /// Calls `member` with each member's name, positioned on its value, which `member` must read or skip.
    public mutating func readObject(_ member: (inout JSONReader, String) throws -> Void) throws {
        try expect(UInt8(ascii: "{"), "a JSON object")
        skipSpace()
        if peek() == UInt8(ascii: "}") { offset += 1; return }
        while true {
            skipSpace()
            let name = try readString()
            skipSpace()
            try expect(UInt8(ascii: ":"), "':'")
            path.append(name)
            try member(&self, name)
            path.removeLast()
            skipSpace()
            if peek() == UInt8(ascii: ",") { offset += 1; continue }
            try expect(UInt8(ascii: "}"), "',' or '}'")
            return
        }
    }

    /// Calls `element` with each element's index, positioned on it.
    public mutating func readArray(_ element: (inout JSONReader, Int) throws -> Void) throws {
        try expect(UInt8(ascii: "["), "an array")
        skipSpace()
        if peek() == UInt8(ascii: "]") { offset += 1; return }
        var index = 0
        while true {
            path.append("[\(index)]")
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

    public mutating func readString() throws -> String {
        skipSpace()
        try expect(UInt8(ascii: "\""), "String")
        // Most strings hold no escape: taken straight from the bytes.
        let start = offset
        while offset < bytes.count, bytes[offset] != UInt8(ascii: "\""), bytes[offset] != UInt8(ascii: "\\"), bytes[offset] >= 0x20 {
            offset += 1
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") {
            offset += 1
            return String(decoding: bytes[start..<(offset - 1)], as: UTF8.self)
        }
        var text = Array(bytes[start..<offset])
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: text, as: UTF8.self)
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

    /// A string made of the raw values of `T`, or a failure naming `T`.
    public mutating func read<T: RawRepresentable>(_ type: T.Type) throws -> T where T.RawValue == String {
        let raw = try readString()
        guard let value = T(rawValue: raw) else { throw failure("cannot initialize \(T.self) from invalid String value \(raw)") }
        return value
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
        case UInt8(ascii: "\"")?: _ = try readString()
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
        Failure(description: "\(path.isEmpty ? "record" : path.joined(separator: ".")): \(message)")
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
