import Foundation
import WenzhenCore

/// A multinomial linear classifier over hashed sparse features (softmax regression).
public struct LinearClassifier: Sendable {
    public let labels: [String]
    public let hashBits: Int
    /// `buckets × labels.count` weights.
    public internal(set) var weights: [Float]

    public init(labels: [String], hashBits: Int) {
        self.labels = labels
        self.hashBits = hashBits
        weights = [Float](repeating: 0, count: (1 << hashBits) * labels.count)
    }

    init(labels: [String], hashBits: Int, weights: [Float]) {
        self.labels = labels
        self.hashBits = hashBits
        self.weights = weights
    }

    /// The score of every label for a feature bag (bucket indices; repeats count).
    public func scores(_ features: [Int32]) -> [Float] { Self.sumRows(of: features, in: weights, width: labels.count) }

    /// The sum of the rows of `features` in `table`, `width` floats per feature bucket.
    static func sumRows(of features: [Int32], in table: [Float], width: Int) -> [Float] {
        table.withUnsafeBufferPointer { w in
            // Each feature's row is a cache miss (the table is megabytes): independent loads into register
            // accumulators let the processor wait for many at once.
            let rows = UnsafeRawPointer(w.baseAddress!)
            if width == 16 {
                var sum = SIMD16<Float>()
                for feature in features { sum += rows.loadUnaligned(fromByteOffset: Int(feature) * 64, as: SIMD16<Float>.self) }
                return (0..<16).map { sum[$0] }
            }
            if width == 32 {
                var low = SIMD16<Float>(), high = SIMD16<Float>()
                for feature in features {
                    let offset = Int(feature) * 128
                    low += rows.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
                    high += rows.loadUnaligned(fromByteOffset: offset + 64, as: SIMD16<Float>.self)
                }
                return (0..<16).map { low[$0] } + (0..<16).map { high[$0] }
            }
            var sums = [Float](repeating: 0, count: width)
            sums.withUnsafeMutableBufferPointer { sums in
                for feature in features {
                    let row = w.baseAddress! + Int(feature) * width
                    for k in 0..<width { sums[k] += row[k] }
                }
            }
            return sums
        }
    }

    /// The softmax probabilities of the labels.
    public func probabilities(_ features: [Int32]) -> [Double] {
        let scores = scores(features).map(Double.init)
        let top = scores.max() ?? 0
        let exps = scores.map { Foundation.exp($0 - top) }
        let total = exps.reduce(0, +)
        return exps.map { $0 / total }
    }

    /// The index of the best-scoring label.
    public func predict(_ features: [Int32]) -> Int {
        let scores = scores(features)
        return scores.indices.max { scores[$0] < scores[$1] } ?? 0
    }
}

/// Trains a `LinearClassifier` by SGD on the softmax cross-entropy with L2 regularisation, the same
/// schedule as the CRF (η_t = η₀/(1+λη₀t)), Polyak averaging from the second epoch, and early stopping on a
/// held-out set chosen by the caller (for dialogues: whole dialogues). Deterministic for a seed.
public struct LinearClassifierTrainer {
    public struct Options: Sendable {
        public var hashBits = 18
        public var epochs = 20
        public var l2 = 1e-3
        public var learningRate = 0.2
        public var patience = 3
        public var seed: UInt64 = 42
        /// Weigh each example by (N / (K · n_label))^½, so that rare labels count more: for macro-F1.
        public var balanceClasses = false

        public init() {}
    }

    /// One training example: a feature bag, the index of its label, and how much it counts (its share of the
    /// loss; 1 unless the caller spreads one fact over several examples).
    public struct Example: Sendable {
        public var features: [Int32]
        public var label: Int
        public var weight: Double

        public init(features: [Int32], label: Int, weight: Double = 1) {
            self.features = features
            self.label = label
            self.weight = weight
        }
    }

    public var options: Options

    public init(options: Options = Options()) { self.options = options }

    /// Trains on `examples`, keeping the averaged weights of the epoch with the best `score` on `validation`
    /// (all epochs run when `validation` is empty); `progress` receives (epoch, loss, validation score).
    public func train(
        labels: [String], _ examples: [Example], validation: [Example], score: ([Int], [Example]) -> Double,
        progress: (_ epoch: Int, _ loss: Double, _ validationScore: Double?) -> Void = { _, _, _ in }
    ) -> LinearClassifier {
        var generator = SeededGenerator(seed: options.seed)
        var order = Array(examples.indices)
        var model = LinearClassifier(labels: labels, hashBits: options.hashBits)
        var sum = [Float](repeating: 0, count: model.weights.count)
        var samples = 0
        var best = model
        var bestScore = -Double.infinity
        var sinceBest = 0
        var step = 0
        var scale = 1.0
        let K = labels.count
        var probabilities = [Double](repeating: 0, count: K)
        var labelCounts = [Int](repeating: 0, count: K)
        for example in examples { labelCounts[example.label] += 1 }
        let labelWeights = labelCounts.map { count in
            options.balanceClasses && count > 0 ? (Double(examples.count) / Double(K * count)).squareRoot() : 1
        }
        let interval = max(1, examples.count / 10)
        func foldScale() {
            guard scale != 1 else { return }
            let factor = Float(scale)
            model.weights.withUnsafeMutableBufferPointer { w in for k in w.indices { w[k] *= factor } }
            scale = 1
        }
        for epoch in 1...options.epochs {
            order.shuffle(using: &generator)
            var loss = 0.0
            for (position, index) in order.enumerated() {
                let example = examples[index]
                let eta = options.learningRate / (1 + options.l2 * options.learningRate * Double(step))
                step += 1
                let scores = model.scores(example.features)
                let top = Double(scores.max() ?? 0) * scale
                var total = 0.0
                for k in 0..<K {
                    probabilities[k] = Foundation.exp(Double(scores[k]) * scale - top)
                    total += probabilities[k]
                }
                loss -= example.weight * Foundation.log(probabilities[example.label] / total)
                let update = eta * labelWeights[example.label] * example.weight / scale
                model.weights.withUnsafeMutableBufferPointer { w in
                    for feature in example.features {
                        let base = Int(feature) * K
                        for k in 0..<K {
                            w[base + k] += Float(update * ((k == example.label ? 1 : 0) - probabilities[k] / total))
                        }
                    }
                }
                scale *= 1 - eta * options.l2
                if scale < 1e-4 { foldScale() }
                if epoch > 1, (position + 1) % interval == 0 {
                    foldScale()
                    model.weights.withUnsafeBufferPointer { w in for k in w.indices { sum[k] += w[k] } }
                    samples += 1
                }
            }
            foldScale()
            let candidate = samples > 0
                ? LinearClassifier(labels: labels, hashBits: options.hashBits, weights: sum.map { $0 / Float(samples) })
                : model
            guard !validation.isEmpty else {
                best = candidate
                progress(epoch, loss, nil)
                continue
            }
            let value = score(validation.map { candidate.predict($0.features) }, validation)
            progress(epoch, loss, value)
            if value > bestScore {
                bestScore = value
                best = candidate
                sinceBest = 0
            } else {
                sinceBest += 1
                if sinceBest >= options.patience { break }
            }
        }
        return best
    }
}

extension LinearClassifierTrainer {
    /// Trains on the examples of `dialogues`, the first tenth of them held out whole for early stopping
    /// (never single sentences: the sentences of one dialogue are not independent).
    public func train(
        labels: [String], dialogues: [Dialogue], examples: (Dialogue) -> [Example],
        score: ([Int], [Example]) -> Double, progress: (Int, Double, Double?) -> Void = { _, _, _ in }
    ) -> LinearClassifier {
        let held = max(1, dialogues.count / 10)
        return train(
            labels: labels, dialogues.dropFirst(held).flatMap(examples), validation: dialogues.prefix(held).flatMap(examples),
            score: score, progress: progress)
    }
}

extension LinearClassifierTrainer {
    /// The held-out score that weighs every label alike: macro-F1 over `labelCount` labels.
    public static func macroF1(labelCount: Int) -> ([Int], [Example]) -> Double {
        { predictions, examples in
            var scores = ClassificationScores()
            for (prediction, example) in zip(predictions, examples) { scores.add(gold: String(example.label), predicted: String(prediction)) }
            return scores.macroF1(over: (0..<labelCount).map(String.init))
        }
    }

    /// The share of predictions that are right.
    public static func accuracy(_ predictions: [Int], _ examples: [Example]) -> Double {
        Double(zip(predictions, examples).filter { $0 == $1.label }.count) / Double(max(examples.count, 1))
    }
}

/// How a `LinearClassifier` is stored: a `ModelContainer` whose header names the labels, the hash bits, the
/// feature layout version, the bigram clusters the features read (if they read any) and training notes; the
/// weights are Float16.
public enum LinearClassifierFile {
    public static let formatVersion: UInt32 = 1

    struct Header: Codable {
        var labels: [String]
        var hashBits: Int
        var featureVersion: Int
        var notes: [String: String]
        /// The labels of further classifiers over the same feature buckets, stored after the first (the coarser
        /// views of a `FactoredClassifier`); absent for a single classifier.
        var moreLabels: [[String]]?
        /// Each bigram's cluster, for features that read `BigramClusters`; absent for those that do not.
        var bigramClusters: [String: Int]?
    }

    /// What a file holds: its classifiers, in order, and the bigram clusters their features read.
    public struct Contents {
        public var classifiers: [LinearClassifier]
        public var bigramClusters: BigramClusters?
    }

    public static func write(_ model: LinearClassifier, kind: String, featureVersion: Int, notes: [String: String], to url: URL) throws {
        try write([model], kind: kind, featureVersion: featureVersion, notes: notes, to: url)
    }

    /// Writes classifiers over the same feature buckets into one file, in order, with the bigram clusters their
    /// features read.
    public static func write(
        _ models: [LinearClassifier], kind: String, featureVersion: Int, notes: [String: String], bigramClusters: BigramClusters? = nil,
        to url: URL
    ) throws {
        precondition(!models.isEmpty && Set(models.map(\.hashBits)).count == 1, "classifiers of one file share their feature buckets")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let header = Header(
            labels: models[0].labels, hashBits: models[0].hashBits, featureVersion: featureVersion, notes: notes,
            moreLabels: models.count > 1 ? models.dropFirst().map(\.labels) : nil, bigramClusters: bigramClusters?.clusters)
        try ModelContainer(kind: kind, version: formatVersion, header: try encoder.encode(header), sections: models.map { (.float16, $0.weights) })
            .write(to: url)
    }

    /// Reads the one classifier of `kind` in `url`, whose features follow `featureVersion`.
    public static func read(contentsOf url: URL, kind: String, featureVersion: Int, retrain: String) throws -> LinearClassifier {
        let models = try readAll(contentsOf: url, kind: kind, featureVersion: featureVersion, retrain: retrain).classifiers
        guard models.count == 1 else { throw StageError.invalidResource(file: url.lastPathComponent, reason: "holds \(models.count) classifiers, not one") }
        return models[0]
    }

    /// Reads every classifier of `kind` in `url`, whose features follow `featureVersion`, and their bigram clusters.
    public static func readAll(contentsOf url: URL, kind: String, featureVersion: Int, retrain: String) throws -> Contents {
        let container = try ModelContainer.read(contentsOf: url, kind: kind, version: formatVersion, retrain: retrain)
        func invalid(_ reason: String) -> StageError { .invalidResource(file: url.lastPathComponent, reason: reason) }
        guard let header = try? JSONDecoder().decode(Header.self, from: container.header) else { throw invalid("unreadable header") }
        let labels = [header.labels] + (header.moreLabels ?? [])
        guard header.featureVersion == featureVersion, (8...24).contains(header.hashBits), labels.allSatisfy({ !$0.isEmpty }) else {
            throw invalid("feature layout differs from this build's (\(retrain))")
        }
        guard container.sections.count == labels.count,
              zip(container.sections, labels).allSatisfy({ $0.values.count == (1 << header.hashBits) * $1.count })
        else { throw invalid("weights have the wrong size") }
        let clusters = try header.bigramClusters.map { table in
            guard table.allSatisfy({ $0.key.unicodeScalars.count == 2 && $0.value >= 0 }) else { throw invalid("bad bigram cluster entry") }
            return BigramClusters(table)
        }
        return Contents(
            classifiers: zip(labels, container.sections).map { LinearClassifier(labels: $0, hashBits: header.hashBits, weights: $1.values) },
            bigramClusters: clusters)
    }
}
