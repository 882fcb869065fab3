import Foundation

/// Character BIO tagging as IMCS-V2 uses it.
public enum BIO {
    public static let outside = "O"

    /// Splits a dataset `BIO_label` string into tags.
    public static func tags(_ label: String) -> [String] {
        var tags: [String] = []
        var label = label
        label.withUTF8 { bytes in
            var start = 0
            for end in 0...bytes.count where end == bytes.count || bytes[end] == separator {
                if end > start { tags.append(tag(bytes[start..<end])) }
                start = end + 1
            }
        }
        return tags
    }

    /// The tags of the five entity types, shared: most labels are made of these, and sharing them saves an
    /// allocation per character for the long ones (`I-Medical_Examination`). Matched in place, without
    /// copying the bytes to look them up.
    private static let knownTypes = EntityType.allCases.map { (name: Array($0.rawValue.utf8), begin: "B-\($0.rawValue)", inside: "I-\($0.rawValue)") }

    private static func tag(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        if bytes.count == 1, bytes.first == UInt8(ascii: "O") { return outside }
        let start = bytes.startIndex
        if bytes.count > 2, bytes[start + 1] == UInt8(ascii: "-"), bytes[start] == UInt8(ascii: "B") || bytes[start] == UInt8(ascii: "I"),
           let known = knownType(named: UnsafeBufferPointer(rebasing: bytes[(start + 2)...])) {
            return bytes[start] == UInt8(ascii: "B") ? knownTypes[known].begin : knownTypes[known].inside
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The index in `knownTypes` of the type with this name.
    private static func knownType(named name: UnsafeBufferPointer<UInt8>) -> Int? {
        knownTypes.indices.first { index in
            knownTypes[index].name.count == name.count
                && knownTypes[index].name.withUnsafeBufferPointer { memcmp($0.baseAddress!, name.baseAddress!, name.count) == 0 }
        }
    }

    /// What separates the tags of a dataset `BIO_label` string.
    public static let separator = UInt8(ascii: " ")

    /// Decodes tags into entities with the CBLUE scorer's rules: an entity opens at `B-X` and extends over the
    /// following `I-*` tags; an `I-` with no open entity is ignored, and so is a `B-` of an unknown type.
    public static func entities(_ tags: [String]) -> [Entity] {
        var result: [Entity] = []
        var open: Entity?
        for (index, tag) in tags.enumerated() {
            let (prefix, type) = parts(of: tag)
            if prefix == UInt8(ascii: "I"), open != nil {
                open!.end = index + 1
                continue
            }
            if let entity = open { result.append(entity) }
            open = nil
            if prefix == UInt8(ascii: "B"), let type {
                open = Entity(type: type, start: index, end: index + 1)
            }
        }
        if let entity = open { result.append(entity) }
        return result
    }

    /// A tag's prefix letter (`B`, `I`, or nil for `O` and anything without a `X-` prefix) and its entity type
    /// (nil when unknown), read in place.
    private static func parts(of tag: String) -> (prefix: UInt8?, type: EntityType?) {
        var tag = tag
        return tag.withUTF8 { bytes in
            guard bytes.count >= 2, bytes[1] == UInt8(ascii: "-") else { return (nil, nil) }
            return (bytes[0], knownType(named: UnsafeBufferPointer(rebasing: bytes[2...])).map { EntityType.allCases[$0] })
        }
    }

    /// Encodes non-overlapping entities as `count` tags.
    public static func tags(for entities: [Entity], count: Int) -> [String] {
        var tags = Array(repeating: outside, count: count)
        for entity in entities where entity.start >= 0 && entity.end <= count && entity.start < entity.end {
            tags[entity.start] = "B-" + entity.type.rawValue
            for index in (entity.start + 1)..<entity.end { tags[index] = "I-" + entity.type.rawValue }
        }
        return tags
    }
}
