/// Character BIO tagging as IMCS-V2 uses it.
public enum BIO {
    public static let outside = "O"

    /// Splits a dataset `BIO_label` string into tags.
    public static func tags(_ label: String) -> [String] {
        label.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    }

    /// Joins tags into a dataset `BIO_label` string.
    public static func label(_ tags: [String]) -> String { tags.joined(separator: " ") }

    /// Decodes tags into entities with the CBLUE scorer's rules: an entity opens at `B-X` and extends over the
    /// following `I-*` tags; an `I-` with no open entity is ignored, and so is a `B-` of an unknown type.
    public static func entities(_ tags: [String]) -> [Entity] {
        var result: [Entity] = []
        var open: Entity?
        for (index, tag) in tags.enumerated() {
            if tag.hasPrefix("I-"), open != nil {
                open!.end = index + 1
                continue
            }
            if let entity = open { result.append(entity) }
            open = nil
            if tag.hasPrefix("B-"), let type = EntityType(rawValue: String(tag.dropFirst(2))) {
                open = Entity(type: type, start: index, end: index + 1)
            }
        }
        if let entity = open { result.append(entity) }
        return result
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
