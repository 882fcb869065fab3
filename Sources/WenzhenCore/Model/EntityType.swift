/// The five IMCS-V2 named-entity types.
public enum EntityType: String, Codable, Sendable, CaseIterable, Comparable {
    case symptom = "Symptom"
    case drug = "Drug"
    case drugCategory = "Drug_Category"
    case medicalExamination = "Medical_Examination"
    case operation = "Operation"

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// An entity mention: a type over the half-open character range `start..<end` of one text.
///
/// Offsets count Unicode scalars, as the IMCS-V2 and CHIP-MDCFNPC files (written by Python) do.
public struct Entity: Hashable, Sendable, Codable {
    public var type: EntityType
    public var start: Int
    public var end: Int

    public init(type: EntityType, start: Int, end: Int) {
        self.type = type
        self.start = start
        self.end = end
    }

    /// The mention's text within `characters`.
    public func text(in characters: [Unicode.Scalar]) -> String {
        String(scalars: characters[start..<end])
    }
}
