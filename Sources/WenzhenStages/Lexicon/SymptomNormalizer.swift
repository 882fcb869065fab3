import Foundation
import WenzhenCore

/// Maps symptom mentions to the 331-term IMCS-V2 lexicon through an alias table.
public struct SymptomNormalizer: Sendable {
    public static let lexiconFileName = "symptom_norm.csv"
    public static let aliasFileName = "symptom_aliases.tsv"

    /// The lexicon terms, in file order.
    public let terms: [String]
    private let termSet: Set<String>
    private let aliases: [String: String]
    /// Terms and aliases, longest first, for containment look-ups.
    private let surfacesByLength: [(surface: String, term: String)]

    public init(lexicon: URL, aliases aliasURL: URL) throws {
        guard let lexiconText = try? String(contentsOf: lexicon, encoding: .utf8) else {
            throw StageError.missingResource(lexicon.path)
        }
        let lines = lexiconText.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard lines.first == "norm" else {
            throw StageError.invalidResource(file: lexicon.lastPathComponent, reason: "expected the header 'norm'")
        }
        terms = lines.dropFirst().filter { !$0.isEmpty }
        termSet = Set(terms)
        var aliases: [String: String] = [:]
        for (number, line) in try ResourceReader.lines(of: aliasURL) {
            let columns = line.split(separator: "\t").map(String.init)
            guard columns.count == 2, termSet.contains(columns[1]) else {
                throw StageError.invalidResource(
                    file: aliasURL.lastPathComponent, reason: "line \(number) does not map a phrase to a lexicon term")
            }
            aliases[columns[0]] = columns[1]
        }
        self.aliases = aliases
        let surfaces = terms.map { ($0, $0) } + aliases.map { ($0.key, $0.value) }
        surfacesByLength = surfaces.sorted { ($0.0.count, $0.0) > ($1.0.count, $1.0) }.map { (surface: $0.0, term: $0.1) }
    }

    /// Whether `term` is one of the lexicon's terms.
    public func contains(_ term: String) -> Bool { termSet.contains(term) }

    /// The lexicon term a mention means, or nil when none fits.
    ///
    /// A temperature decides between 低热, 中等度热, 高热 and 超高热; otherwise the mention itself, its alias,
    /// or the longest term or alias it contains.
    public func normalize(_ mention: String) -> String? {
        if let fever = Self.feverTerm(mention) { return fever }
        if termSet.contains(mention) { return mention }
        if let term = aliases[mention] { return term }
        return surfacesByLength.first { $0.surface.count > 1 && mention.hasSubstring($0.surface) }?.term
            ?? surfacesByLength.first { mention.hasSubstring($0.surface) }?.term
    }

    /// The fever grades, which all are 发热.
    public static let feverGrades: Set<String> = ["低热", "中等度热", "高热", "超高热"]

    /// The endings of the lexicon's disease terms (支气管炎, 病毒感染, 消化不良 …).
    static let diseaseSuffixes = ["炎", "感染", "感冒", "病", "不良", "症", "哮喘", "积食", "紊乱"]

    /// Whether a lexicon term names a disease rather than a symptom.
    public static func isDisease(_ term: String) -> Bool { diseaseSuffixes.contains { term.hasSuffix($0) } }

    /// The general term of a term: 发热 for a fever grade, the term itself otherwise.
    public static func generic(_ term: String) -> String { feverGrades.contains(term) ? "发热" : term }

    /// The fever grade of a temperature mention (`38度5`, `39.2`, `三十八度五`), or nil when it names none.
    static func feverTerm(_ mention: String) -> String? {
        guard var celsius = Temperature.celsius(in: mention), celsius >= 37.3, celsius < 43 else { return nil }
        if mention.hasSubstring("以下") { return "发热" }  // a threshold, not the child's temperature
        if mention.hasSubstring("以上") || mention.hasSubstring("超过") { celsius += 0.1 }
        switch celsius {
        case ...38.0: return "低热"
        case ...39.0: return "中等度热"
        case ...41.0: return "高热"
        default: return "超高热"
        }
    }
}
