import Foundation
import WenzhenCore

/// A dictionary of entity surface forms, searched by longest match from each character.
public struct EntityLexicon: Sendable {
    public static let fileName = "entities.tsv"

    private var trie = ScalarTrie<EntityType>()
    /// The entries in insertion order, so that a lexicon can be written out again (into a model file).
    public private(set) var entries: [(surface: String, type: EntityType)] = []

    public init() {}

    /// How many surface forms it holds.
    public var count: Int { trie.count }

    /// Loads `surface<TAB>type[<TAB>…]` lines; `#` starts a comment line.
    public init(contentsOf url: URL) throws {
        for (number, line) in try ResourceReader.lines(of: url) {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count >= 2, !columns[0].isEmpty, let type = EntityType(rawValue: String(columns[1])) else {
                throw StageError.invalidResource(file: url.lastPathComponent, reason: "line \(number) is not 'surface<TAB>type'")
            }
            insert(String(columns[0]), type: type)
        }
    }

    /// Adds a surface form; an existing form keeps its first type.
    public mutating func insert(_ surface: String, type: EntityType) {
        if trie.insert(surface.unicodeScalars, type) { entries.append((surface, type)) }
    }

    /// The longest entry starting at `start`: its type and end offset.
    public func longestMatch<Text: RandomAccessCollection>(in characters: Text, from start: Int) -> (type: EntityType, end: Int)?
    where Text.Index == Int, Text.Element: ScalarCode {
        var best: (type: EntityType, end: Int)?
        trie.forEachMatch(in: characters, from: start) { end, type in best = (type, end) }
        return best
    }

    /// Non-overlapping entities found by greedy longest match, left to right.
    public func entities(in characters: [Unicode.Scalar]) -> [Entity] {
        var result: [Entity] = []
        var index = 0
        while index < characters.count {
            if let match = longestMatch(in: characters, from: index) {
                result.append(Entity(type: match.type, start: index, end: match.end))
                index = match.end
            } else {
                index += 1
            }
        }
        return result
    }
}
