import Foundation
import WenzhenCore

/// Maps symptom mentions to the 331-term lexicon with an alias table learned from labelled dialogues, backed
/// by the hand-written `SymptomNormalizer` and, for forms never seen, character-bigram similarity to the known
/// ones. A mention the annotators left unnormalized ("") stays so; one that fits nothing is not forced.
public struct LearnedNormalizer: Sendable {
    public static let fileName = "symptom_aliases_learned.tsv"

    /// A decision: the term ("" for none), how sure, and the runner-up.
    public struct Choice: Equatable, Sendable {
        public var term: String
        public var score: Double
        public var runnerUp: (term: String, score: Double)?
        /// False for a best guess from a weak resemblance (similarity under `confidentSimilarity`).
        public var isConfident = true

        public static func == (a: Choice, b: Choice) -> Bool { a.term == b.term && a.score == b.score && a.runnerUp?.term == b.runnerUp?.term }
    }

    let base: SymptomNormalizer
    /// surface → term → count.
    let aliases: [String: [String: Int]]
    /// The same, by surface without fillers and in written spelling (`plain`).
    private let plainAliases: [String: [String: Int]]
    /// The seen surfaces and the lexicon terms, in order, with how many distinct grams each has and the term
    /// each stands for.
    private let surfaces: [(surface: String, gramCount: Int, term: String)]
    /// gram → the indices of the surfaces that contain it.
    private let surfacesByGram: [UInt64: [Int]]
    private let memo = Memo()

    /// The least bigram similarity for a match by resemblance (a best guess) …
    static let minimumSimilarity = 0.3
    /// … and for a confident one.
    static let confidentSimilarity = 0.5

    public init(base: SymptomNormalizer, aliases: [String: [String: Int]]) {
        self.base = base
        self.aliases = aliases
        var plain: [String: [String: Int]] = [:]
        for (surface, terms) in aliases {
            plain[Self.plain(surface), default: [:]].merge(terms, uniquingKeysWith: +)
        }
        plainAliases = plain
        var termsBySurface = aliases.mapValues { counts in counts.max { ($0.value, $1.key) < ($1.value, $0.key) }!.key }
        for term in base.terms where termsBySurface[term] == nil { termsBySurface[term] = term }
        var index: [UInt64: [Int]] = [:]
        surfaces = termsBySurface.keys.sorted().enumerated().map { position, surface in
            let grams = Self.grams(of: surface)
            for gram in grams { index[gram, default: []].append(position) }
            return (surface, grams.count, termsBySurface[surface]!)
        }
        surfacesByGram = index
    }

    /// Learns the alias table from (mention, term) pairs.
    public init(base: SymptomNormalizer, pairs: [(mention: String, term: String)]) {
        var table: [String: [String: Int]] = [:]
        for pair in pairs { table[pair.mention, default: [:]][pair.term, default: 0] += 1 }
        self.init(base: base, aliases: table)
    }

    /// Reads `surface<TAB>term<TAB>count` lines.
    public init(base: SymptomNormalizer, contentsOf url: URL) throws {
        var table: [String: [String: Int]] = [:]
        for (number, line) in try ResourceReader.lines(of: url) {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count == 3, let count = Int(columns[2]), columns[1].isEmpty || base.contains(columns[1]) else {
                throw StageError.invalidResource(file: url.lastPathComponent, reason: "line \(number) is not 'surface<TAB>term<TAB>count' with a lexicon term")
            }
            table[columns[0], default: [:]][columns[1], default: 0] += count
        }
        self.init(base: base, aliases: table)
    }

    public func write(to url: URL) throws {
        var text = "# surface\tterm (empty: none fits)\tcount — learned by `wenzhen train sr` from labelled IMCS-V2 dialogues\n"
        for surface in aliases.keys.sorted() {
            for (term, count) in aliases[surface]!.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
                text += "\(surface)\t\(term)\t\(count)\n"
            }
        }
        try ResourceWriter.write(Data(text.utf8), to: url)
    }

    /// The term of a mention ("" when none fits).
    public func normalize(_ mention: String) -> String { choose(mention).term }

    /// The term of a mention when the normalizer is confident of it, else "" (a weak resemblance is more
    /// often a mention that is no symptom at all than a symptom).
    public func confidentTerm(_ mention: String) -> String {
        let choice = choose(mention)
        return choice.isConfident ? choice.term : ""
    }

    /// The term of a mention with its score and runner-up (remembered: mentions repeat).
    public func choose(_ mention: String) -> Choice {
        if let known = memo[mention] { return known }
        let choice = decide(mention)
        memo[mention] = choice
        return choice
    }

    private func decide(_ mention: String) -> Choice {
        if let fever = SymptomNormalizer.feverTerm(mention) { return Choice(term: fever, score: 1) }
        if let choice = known(mention, in: aliases) { return choice }
        let plain = Self.plain(mention)
        if !plain.isEmpty {
            if let choice = known(plain, in: plainAliases) { return choice }
            if base.contains(plain) { return Choice(term: plain, score: 0.95) }
            if let term = inflammation(plain) { return Choice(term: term, score: 0.9) }
        }
        return resemblance(plain.isEmpty ? mention : plain)
    }

    /// Fillers that do not change which symptom a mention names (母乳性的黄疸, 精神有点差).
    static let fillers = ["有一点", "有点儿", "有点", "一点", "有些", "比较", "特别", "非常", "轻微", "很", "的", "了"]

    static func withoutFillers(_ mention: String) -> String {
        fillers.reduce(mention) { $0.replacingOccurrences(of: $1, with: "") }
    }

    /// Colloquial spellings and the written ones the lexicon uses (牙疼 → 牙痛, 粑粑 → 大便).
    static let spellings = [("疼", "痛"), ("粑粑", "大便"), ("便便", "大便")]

    /// A mention without fillers, in written spelling.
    static func plain(_ mention: String) -> String {
        spellings.reduce(withoutFillers(mention)) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }

    /// Words between a site or a cause and its inflammation (肺部炎症, 肺里有炎症, 肠道炎症, 细菌性炎症).
    static let inflammationLinks = ["里面", "里", "内", "部", "道", "有", "性"]

    /// An inflammation named by its site or cause (气管有炎症, 呼吸道炎症, 病毒性炎症) is the lexicon's term for
    /// that site's or cause's -itis (气管炎), or else its infection (呼吸道感染, 病毒感染).
    private func inflammation(_ plain: String) -> String? {
        guard plain.hasSuffix("炎症"), plain.count > 2 else { return nil }
        var sites = [String(plain.dropLast(2))]
        while let site = sites.last, let link = Self.inflammationLinks.first(where: { site.hasSuffix($0) && site.count > $0.count }) {
            sites.append(String(site.dropLast(link.count)))
        }
        return ["炎", "感染"].lazy.compactMap { ending in sites.map { $0 + ending }.first(where: base.contains) }.first
    }

    /// The alias table's decision for a form it has seen.
    private func known(_ mention: String, in table: [String: [String: Int]]) -> Choice? {
        if let counts = table[mention] {
            let ranked = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            let total = Double(counts.values.reduce(0, +))
            return Choice(
                term: ranked[0].key, score: Double(ranked[0].value) / total,
                runnerUp: ranked.count > 1 ? (ranked[1].key, Double(ranked[1].value) / total) : nil)
        }
        return nil
    }

    /// For a form never seen: the hand-written normalizer, and the seen forms and lexicon terms it most resembles.
    private func resemblance(_ mention: String) -> Choice {
        let grams = Self.grams(of: mention)
        var shared: [Int: Int] = [:]
        for gram in grams {
            for position in surfacesByGram[gram] ?? [] { shared[position, default: 0] += 1 }
        }
        // Dice similarity over the characters and character bigrams of the two forms.
        let similar = shared.map { position, count in
            (surfaces[position], score: 2 * Double(count) / Double(grams.count + surfaces[position].gramCount))
        }
            .filter { $0.score >= Self.minimumSimilarity }
            .sorted { ($0.score, $1.0.surface) > ($1.score, $0.0.surface) }
        var candidates: [(term: String, score: Double)] = []
        if let term = base.normalize(mention) { candidates.append((term, 0.9)) }
        for match in similar.prefix(3) where !candidates.contains(where: { $0.term == match.0.term }) {
            candidates.append((match.0.term, match.score * 0.9))
        }
        candidates.sort { ($0.score, $1.term) > ($1.score, $0.term) }
        guard let best = candidates.first else { return Choice(term: "", score: 0) }
        return Choice(
            term: best.term, score: best.score, runnerUp: candidates.count > 1 ? candidates[1] : nil,
            isConfident: best.score >= Self.confidentSimilarity * 0.9)
    }

    /// The distinct characters and character bigrams of a text, hashed; digits and punctuation left out (a
    /// number says nothing about which symptom a form names).
    static func grams(of text: String) -> Set<UInt64> {
        let characters = Array(text.filter { !$0.isNumber && !$0.isPunctuation && !$0.isWhitespace })
        var grams = Set(characters.map { FNV1a.hash64(String($0)) })
        if characters.count > 1 {
            grams.formUnion((0..<(characters.count - 1)).map { FNV1a.hash64(String(characters[$0...($0 + 1)])) })
        }
        return grams
    }

    /// Decisions already made, shared by the threads that use the normalizer; emptied when it grows large.
    private final class Memo: @unchecked Sendable {
        private let lock = NSLock()
        private var choices: [String: Choice] = [:]
        private let capacity = 100_000

        subscript(mention: String) -> Choice? {
            get { lock.withLock { choices[mention] } }
            set {
                lock.withLock {
                    if choices.count >= capacity { choices.removeAll(keepingCapacity: true) }
                    choices[mention] = newValue
                }
            }
        }
    }
}
