/// Counts of true positives, false positives and false negatives, and the figures derived from them.
public struct PRF: Codable, Equatable, Sendable {
    public var truePositives = 0
    public var falsePositives = 0
    public var falseNegatives = 0

    public init(truePositives: Int = 0, falsePositives: Int = 0, falseNegatives: Int = 0) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.falseNegatives = falseNegatives
    }

    public var precision: Double { ratio(truePositives, truePositives + falsePositives) }
    public var recall: Double { ratio(truePositives, truePositives + falseNegatives) }
    public var f1: Double {
        let p = precision, r = recall
        return p + r == 0 ? 0 : 2 * p * r / (p + r)
    }
    /// How many gold units there are.
    public var support: Int { truePositives + falseNegatives }

    /// Adds the comparison of one predicted set with its gold set.
    public mutating func add<T: Hashable>(predicted: Set<T>, gold: Set<T>) {
        let hits = predicted.intersection(gold).count
        truePositives += hits
        falsePositives += predicted.count - hits
        falseNegatives += gold.count - hits
    }

    private func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }

    enum CodingKeys: String, CodingKey { case precision, recall, f1, truePositives = "tp", falsePositives = "fp", falseNegatives = "fn" }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(precision, forKey: .precision)
        try c.encode(recall, forKey: .recall)
        try c.encode(f1, forKey: .f1)
        try c.encode(truePositives, forKey: .truePositives)
        try c.encode(falsePositives, forKey: .falsePositives)
        try c.encode(falseNegatives, forKey: .falseNegatives)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        truePositives = try c.decode(Int.self, forKey: .truePositives)
        falsePositives = try c.decode(Int.self, forKey: .falsePositives)
        falseNegatives = try c.decode(Int.self, forKey: .falseNegatives)
    }
}

/// Single-label classification scores: per-label PRF, macro-F1 over the labels, accuracy, confusion counts.
public struct ClassificationScores: Codable, Equatable, Sendable {
    public var perLabel: [String: PRF] = [:]
    public var correct = 0
    public var total = 0
    /// gold label → predicted label → count.
    public var confusion: [String: [String: Int]] = [:]

    public init() {}

    /// Adds one decision; `predicted` nil means the system gave no label.
    public mutating func add(gold: String, predicted: String?) {
        total += 1
        let guess = predicted ?? "(none)"
        confusion[gold, default: [:]][guess, default: 0] += 1
        if guess == gold {
            correct += 1
            perLabel[gold, default: PRF()].truePositives += 1
        } else {
            perLabel[gold, default: PRF()].falseNegatives += 1
            if let predicted { perLabel[predicted, default: PRF()].falsePositives += 1 }
        }
    }

    public var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }

    /// The mean F1 over `labels` (every label of the task, whether or not it occurs).
    public func macroF1(over labels: [String]) -> Double {
        labels.isEmpty ? 0 : labels.map { perLabel[$0]?.f1 ?? 0 }.reduce(0, +) / Double(labels.count)
    }
}
