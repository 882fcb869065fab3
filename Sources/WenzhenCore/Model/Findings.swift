/// The patient's status for a symptom over a dialogue (IMCS-V2 SR).
public enum SymptomStatus: String, Codable, Sendable, CaseIterable {
    /// The patient does not have it.
    case absent = "0"
    /// The patient has (or had) it.
    case present = "1"
    /// It cannot be determined from the dialogue.
    case undetermined = "2"
}

/// The CHIP-MDCFNPC polarity of one clinical-finding mention, read locally in its context.
public enum Polarity: String, Codable, Sendable, CaseIterable {
    case positive = "阳性"
    case negative = "阴性"
    case other = "其他"
    case notAnnotated = "不标注"
}

/// A clinical-finding mention of a sentence with its normalized term and polarity.
public struct Finding: Hashable, Sendable {
    public var mention: String
    /// `[start, end]`, a half-open range of Unicode-scalar offsets into the sentence.
    public var range: [Int]
    /// The lexicon term, or "" when none fits.
    public var norm: String
    public var attr: Polarity

    public init(mention: String, start: Int, end: Int, norm: String, attr: Polarity) {
        self.mention = mention
        self.range = [start, end]
        self.norm = norm
        self.attr = attr
    }

    /// Reads a finding object: `mention`, `range`, `norm`, `attr`, all required.
    init(reading reader: inout JSONReader) throws {
        var mention: String?, range: [Int]?, norm: String?, attr: Polarity?
        try reader.readObject(Self.keys) { reader, key in
            switch key {
            case .mention: mention = try reader.readString()
            case .range:
                var offsets: [Int] = []
                try reader.readArray { reader, _ in offsets.append(try reader.readInt()) }
                range = offsets
            case .norm: norm = try reader.readString()
            case .attr: attr = try reader.read(Polarity.jsonNames)
            case nil: try reader.skipValue()
            }
        }
        guard let mention else { throw reader.failure("missing field mention") }
        guard let range else { throw reader.failure("missing field range") }
        guard let norm else { throw reader.failure("missing field norm") }
        guard let attr else { throw reader.failure("missing field attr") }
        self.mention = mention
        self.range = range
        self.norm = norm
        self.attr = attr
    }

    enum Key: String, CaseIterable, Sendable {
        case mention, range, norm, attr
    }
    static let keys = JSONNames<Key>()

    /// Writes the finding as a JSON object.
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member(Key.mention.rawValue, mention)
        writer.key(Key.range.rawValue)
        writer.beginArray()
        for offset in range { writer.int(offset) }
        writer.endArray()
        writer.member(Key.norm.rawValue, norm)
        writer.member(Key.attr.rawValue, attr.rawValue)
        writer.endObject()
    }

    /// Whether the range is a span of a sentence of `length` characters.
    public func lies(within length: Int) -> Bool { range.count == 2 && 0 <= start && start <= end && end <= length }

    public var start: Int { range.first ?? 0 }
    public var end: Int { range.count > 1 ? range[1] : start }
}
