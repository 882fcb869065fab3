import WenzhenCore

/// The BIO label set of IMCS-V2 NER and the transitions that keep a label sequence well formed.
public enum NERLabels {
    /// `O`, then `B-X`, `I-X` for each entity type in `EntityType.allCases` order.
    public static let names: [String] = ["O"] + EntityType.allCases.flatMap { ["B-\($0.rawValue)", "I-\($0.rawValue)"] }
    public static let count = names.count
    static let index: [String: Int] = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })

    /// The label index of a tag; unknown tags read as `O`.
    public static func index(of tag: String) -> Int { index[tag] ?? 0 }

    /// Whether label `next` may follow label `previous` (nil: the sentence start): `I-X` only continues `B-X` or `I-X`.
    public static func allowed(from previous: Int?, to next: Int) -> Bool {
        guard next > 0, next % 2 == 0 else { return true }
        guard let previous, previous > 0 else { return false }
        return (previous + 1) / 2 == next / 2
    }
}
