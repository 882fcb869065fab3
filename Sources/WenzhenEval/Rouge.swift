import WenzhenCore
/// ROUGE-1, ROUGE-2 and ROUGE-L F-scores over single characters, as the IMCS-V2 MRG scorer computes them.
public struct RougeScores: Codable, Equatable, Sendable {
    public var rouge1 = 0.0
    public var rouge2 = 0.0
    public var rougeL = 0.0

    public init(rouge1: Double = 0, rouge2: Double = 0, rougeL: Double = 0) {
        self.rouge1 = rouge1
        self.rouge2 = rouge2
        self.rougeL = rougeL
    }

    /// The headline: the mean of the three.
    public var mean: Double { (rouge1 + rouge2 + rougeL) / 3 }

    /// Scores `candidate` against each reference and averages over the references.
    public static func score(_ candidate: String, references: [String]) -> RougeScores {
        guard !references.isEmpty else { return RougeScores() }
        let c = Array(candidate.unicodeScalars)
        var total = RougeScores()
        for reference in references {
            let r = Array(reference.unicodeScalars)
            total.rouge1 += overlapF(ngrams(c, 1), ngrams(r, 1))
            total.rouge2 += overlapF(ngrams(c, 2), ngrams(r, 2))
            total.rougeL += fScore(hits: lcs(c, r), candidate: c.count, reference: r.count)
        }
        let n = Double(references.count)
        return RougeScores(rouge1: total.rouge1 / n, rouge2: total.rouge2 / n, rougeL: total.rougeL / n)
    }

    /// The average of several scores.
    public static func mean(_ scores: [RougeScores]) -> RougeScores {
        guard !scores.isEmpty else { return RougeScores() }
        let n = Double(scores.count)
        return RougeScores(
            rouge1: scores.map(\.rouge1).reduce(0, +) / n, rouge2: scores.map(\.rouge2).reduce(0, +) / n,
            rougeL: scores.map(\.rougeL).reduce(0, +) / n)
    }

    enum CodingKeys: String, CodingKey { case rouge1 = "rouge_1", rouge2 = "rouge_2", rougeL = "rouge_l", mean }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rouge1, forKey: .rouge1)
        try c.encode(rouge2, forKey: .rouge2)
        try c.encode(rougeL, forKey: .rougeL)
        try c.encode(mean, forKey: .mean)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rouge1 = try c.decode(Double.self, forKey: .rouge1)
        rouge2 = try c.decode(Double.self, forKey: .rouge2)
        rougeL = try c.decode(Double.self, forKey: .rougeL)
    }

    private static func ngrams(_ s: [Unicode.Scalar], _ n: Int) -> [String: Int] {
        guard s.count >= n else { return [:] }
        var counts: [String: Int] = [:]
        for start in 0...(s.count - n) {
            counts[String(scalars: s[start..<(start + n)]), default: 0] += 1
        }
        return counts
    }

    private static func overlapF(_ candidate: [String: Int], _ reference: [String: Int]) -> Double {
        let hits = candidate.reduce(0) { $0 + min($1.value, reference[$1.key] ?? 0) }
        return fScore(hits: hits, candidate: candidate.values.reduce(0, +), reference: reference.values.reduce(0, +))
    }

    private static func fScore(hits: Int, candidate: Int, reference: Int) -> Double {
        guard hits > 0, candidate > 0, reference > 0 else { return 0 }
        let p = Double(hits) / Double(candidate), r = Double(hits) / Double(reference)
        return 2 * p * r / (p + r)
    }

    /// The length of the longest common subsequence.
    static func lcs(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        var previous = [Int](repeating: 0, count: b.count + 1)
        var current = previous
        for x in a {
            for (j, y) in b.enumerated() {
                current[j + 1] = x == y ? previous[j] + 1 : max(previous[j + 1], current[j])
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
