import Foundation
import WenzhenCore

/// Builds the entity dictionary of the `lexicon` NER stage from BIO-tagged sentences: every tagged surface
/// form seen often enough, kept when the training text tags it at least as often as it leaves it untagged.
public struct LexiconBuilder {
    /// The fewest tagged occurrences a surface form needs.
    public var minimumCount = 2
    /// The least share of its occurrences in the text that must be tagged.
    public var minimumPrecision = 0.5

    public init() {}

    /// One kept surface form.
    public struct Entry: Equatable {
        public var surface: String
        public var type: EntityType
        public var count: Int
        public var precision: Double
    }

    /// The dictionary built from `sentences` (text and tags), most frequent first.
    public func build(_ sentences: [(text: [Unicode.Scalar], tags: [String])]) -> [Entry] {
        var typeCounts: [String: [EntityType: Int]] = [:]
        for sentence in sentences {
            for entity in BIO.entities(sentence.tags) {
                typeCounts[entity.text(in: sentence.text), default: [:]][entity.type, default: 0] += 1
            }
        }
        var trie = ScalarTrie<Int>()
        let surfaces = Array(typeCounts.keys)
        for (index, surface) in surfaces.enumerated() { trie.insert(surface.unicodeScalars, index) }
        var occurrences = [Int](repeating: 0, count: surfaces.count)
        for sentence in sentences {
            for start in sentence.text.indices {
                trie.forEachMatch(in: sentence.text, from: start) { _, index in occurrences[index] += 1 }
            }
        }
        var entries: [Entry] = []
        for (index, surface) in surfaces.enumerated() {
            let counts = typeCounts[surface]!
            let tagged = counts.values.reduce(0, +)
            let precision = Double(tagged) / Double(max(tagged, occurrences[index]))
            guard tagged >= minimumCount, precision >= minimumPrecision else { continue }
            let type = counts.max { ($0.value, $1.key) < ($1.value, $0.key) }!.key
            entries.append(Entry(surface: surface, type: type, count: tagged, precision: precision))
        }
        return entries.sorted { ($0.count, $1.surface) > ($1.count, $0.surface) }
    }

    /// Writes entries as `entities.tsv`.
    public static func write(_ entries: [Entry], to url: URL) throws {
        var text = "# surface\ttype\tcount\tprecision (built by `wenzhen train lexicons` from the IMCS-V2 NER training sentences)\n"
        for entry in entries {
            text += "\(entry.surface)\t\(entry.type.rawValue)\t\(entry.count)\t\(String(format: "%.3f", entry.precision))\n"
        }
        try ResourceWriter.write(Data(text.utf8), to: url)
    }
}
