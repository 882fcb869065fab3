import Foundation
import WenzhenCore

/// Trains a `CRFModel` by stochastic gradient descent on the conditional log-likelihood with L2
/// regularisation (Bottou's schedule η_t = η₀ / (1 + λη₀t), weight decay through a global scale factor so that
/// each update touches only the features that fire), and Polyak averaging of the weights from the second
/// epoch on (sampled ten times an epoch), which removes most of SGD's last-step noise. Deterministic for a
/// given seed: one thread, seeded shuffles. Early stopping keeps the averaged weights of the epoch with the
/// best entity F1 on a held-out split.
public struct CRFTrainer {
    public struct Options: Sendable {
        public var hashBits = 20
        public var epochs = 30
        /// L2 strength per example (λ).
        public var l2 = 1e-4
        public var learningRate = 0.1
        /// Epochs without improvement on the validation split before stopping.
        public var patience = 4
        /// Share of the training sentences held out for early stopping.
        public var validationShare = 0.05
        public var seed: UInt64 = 42

        public init() {}
    }

    /// One sentence as character codes and label indices.
    public struct Sentence: Sendable {
        public var text: [UInt32]
        public var labels: [UInt8]

        public init(text: [UInt32], labels: [UInt8]) {
            self.text = text
            self.labels = labels
        }

        /// A sentence from its characters and BIO tags.
        public init(characters: [Unicode.Scalar], tags: [String]) {
            self.init(text: characters.map(\.value), labels: tags.map { UInt8(NERLabels.index(of: $0)) })
        }
    }

    /// What one epoch achieved.
    public struct EpochReport: Sendable {
        public var epoch: Int
        public var loss: Double
        public var validationF1: Double
        public var devF1: Double?
        public var sentencesPerSecond: Double
        public var isBest: Bool
    }

    public var options: Options

    public init(options: Options = Options()) { self.options = options }

    /// Trains on `sentences` (a validation share held out), reporting each epoch; `dev` is only scored.
    public func train(
        _ sentences: [Sentence], lexicon: EntityLexicon?, dev: [Sentence] = [], progress: (EpochReport) -> Void
    ) -> CRFModel {
        var generator = SeededGenerator(seed: options.seed)
        let shuffled = sentences.filter { !$0.text.isEmpty }.shuffled(using: &generator)
        let validationCount = Int(Double(shuffled.count) * options.validationShare)
        let validation = Array(shuffled.prefix(validationCount))
        var training = Array(shuffled.dropFirst(validationCount))

        var model = CRFModel(features: CharacterFeatures(hashBits: options.hashBits, lexicon: lexicon))
        var average = WeightAverage(like: model)
        var best = model
        var bestF1 = -1.0
        var sinceBest = 0
        var state = SGDState(labelCount: CRFModel.labelCount)
        let samplingInterval = max(1, training.count / 10)
        for epoch in 1...options.epochs {
            let start = Date()
            training.shuffle(using: &generator)
            var loss = 0.0
            for (index, sentence) in training.enumerated() {
                loss += state.step(sentence, model: &model, options: options)
                if epoch > 1, (index + 1) % samplingInterval == 0 {
                    state.foldScale(into: &model)
                    average.add(model)
                }
            }
            state.foldScale(into: &model)
            let seconds = Date().timeIntervalSince(start)
            let candidate = epoch > 1 ? average.mean(of: model) : model
            let validationF1 = Self.entityF1(candidate, validation)
            let isBest = validationF1 > bestF1
            if isBest {
                bestF1 = validationF1
                best = candidate
                sinceBest = 0
            } else {
                sinceBest += 1
            }
            progress(EpochReport(
                epoch: epoch, loss: loss, validationF1: validationF1, devF1: dev.isEmpty ? nil : Self.entityF1(candidate, dev),
                sentencesPerSecond: Double(training.count) / max(seconds, 1e-9), isBest: isBest))
            if sinceBest >= options.patience { break }
        }
        return best
    }

    /// Micro entity F1 of `model` on `sentences`.
    public static func entityF1(_ model: CRFModel, _ sentences: [Sentence]) -> Double {
        var scores = PRF()
        var workspace = CRFWorkspace()
        var predicted = [UInt8](repeating: 0, count: 256)
        for sentence in sentences where !sentence.text.isEmpty {
            if predicted.count < sentence.text.count { predicted = [UInt8](repeating: 0, count: sentence.text.count) }
            sentence.text.withUnsafeBufferPointer { text in
                predicted.withUnsafeMutableBufferPointer { model.decode(text, workspace: &workspace, into: $0) }
            }
            let guess = BIO.entities(predicted.prefix(sentence.text.count).map { NERLabels.names[Int($0)] })
            let gold = BIO.entities(sentence.labels.map { NERLabels.names[Int($0)] })
            scores.add(predicted: Set(guess), gold: Set(gold))
        }
        return scores.f1
    }
}

/// The running sum of weight snapshots, for Polyak averaging.
struct WeightAverage {
    var emission: [Float]
    var transitions: [Float]
    var count = 0

    init(like model: CRFModel) {
        emission = [Float](repeating: 0, count: model.emission.count)
        transitions = [Float](repeating: 0, count: model.transitions.count)
    }

    mutating func add(_ model: CRFModel) {
        emission.withUnsafeMutableBufferPointer { sum in
            model.emission.withUnsafeBufferPointer { weights in
                for k in sum.indices { sum[k] += weights[k] }
            }
        }
        for k in transitions.indices { transitions[k] += model.transitions[k] }
        count += 1
    }

    /// The mean of the snapshots, as a model with `model`'s features.
    func mean(of model: CRFModel) -> CRFModel {
        let factor = 1 / Float(max(count, 1))
        return CRFModel(features: model.features, emission: emission.map { $0 * factor }, transitions: transitions.map { $0 * factor })
    }
}

/// The optimiser's state between sentences: the step count, the weight scale and scratch buffers.
struct SGDState {
    let L: Int
    var step = 0
    /// The true weights are `scale × emission` (L2 decay without touching every weight).
    var scale = 1.0
    var workspace = CRFWorkspace()
    var alpha: [Double] = []
    var beta: [Double] = []
    var psi: [Double] = []
    var norm: [Double] = []
    var expTransitions: [Double]
    var transitionGradient: [Double]

    init(labelCount: Int) {
        L = labelCount
        expTransitions = [Double](repeating: 0, count: (labelCount + 1) * labelCount)
        transitionGradient = expTransitions
    }

    /// One SGD step on one sentence; returns its negative log-likelihood before the step.
    mutating func step(_ sentence: CRFTrainer.Sentence, model: inout CRFModel, options: CRFTrainer.Options) -> Double {
        let n = sentence.text.count
        let eta = options.learningRate / (1 + options.l2 * options.learningRate * Double(step))
        step += 1
        workspace.reserve(n)
        if alpha.count < n * L {
            alpha = [Double](repeating: 0, count: max(n, 64) * L * 2)
            beta = alpha
            psi = alpha
            norm = [Double](repeating: 0, count: max(n, 64) * 2)
        }
        let start = CRFModel.startRow
        for k in 0..<expTransitions.count { expTransitions[k] = Foundation.exp(Double(model.transitions[k])) }
        var logZ = 0.0
        var goldScore = 0.0
        let scale = Float(self.scale)
        let L = self.L
        workspace.withBuffers { features, lexiconTags, scores, _ in
            sentence.text.withUnsafeBufferPointer { text in
                model.features.extract(text, into: features, lexiconTags: lexiconTags)
            }
            model.score(features, count: n, into: scores, scale: scale)
            // Potentials ψ_i(y) = exp(score − max), scaled forward–backward.
            for i in 0..<n {
                var top = -Double.infinity
                for y in 0..<L { top = max(top, Double(scores[i * L + y])) }
                for y in 0..<L { psi[i * L + y] = Foundation.exp(Double(scores[i * L + y]) - top) }
                logZ += top
            }
            var total = 0.0
            for y in 0..<L {
                alpha[y] = expTransitions[start * L + y] * psi[y]
                total += alpha[y]
            }
            norm[0] = total
            for y in 0..<L { alpha[y] /= total }
            for i in 1..<max(n, 1) {
                total = 0
                for y in 0..<L {
                    var sum = 0.0
                    for a in 0..<L { sum += alpha[(i - 1) * L + a] * expTransitions[a * L + y] }
                    alpha[i * L + y] = sum * psi[i * L + y]
                    total += alpha[i * L + y]
                }
                norm[i] = total
                for y in 0..<L { alpha[i * L + y] /= total }
            }
            for y in 0..<L { beta[(n - 1) * L + y] = 1 }
            var i = n - 2
            while i >= 0 {
                for a in 0..<L {
                    var sum = 0.0
                    for y in 0..<L { sum += expTransitions[a * L + y] * psi[(i + 1) * L + y] * beta[(i + 1) * L + y] }
                    beta[i * L + a] = sum / norm[i + 1]
                }
                i -= 1
            }
            for i in 0..<n { logZ += Foundation.log(norm[i]) }
            // The gold path's score.
            var previous = start
            for i in 0..<n {
                let y = Int(sentence.labels[i])
                goldScore += Double(scores[i * L + y]) + Double(model.transitions[previous * L + y])
                previous = y
            }
            // Gradient of the log-likelihood: observed − expected counts.
            let step = Float(eta / self.scale)
            let F = CharacterFeatures.perCharacter
            model.emission.withUnsafeMutableBufferPointer { weights in
                for i in 0..<n {
                    let gold = Int(sentence.labels[i])
                    for f in 0..<F {
                        let base = Int(features[i * F + f]) * L
                        for y in 0..<L {
                            let expected = Float(alpha[i * L + y] * beta[i * L + y])
                            weights[base + y] += step * ((y == gold ? 1 : 0) - expected)
                        }
                    }
                }
            }
            for k in 0..<transitionGradient.count { transitionGradient[k] = 0 }
            previous = start
            for i in 0..<n {
                let y = Int(sentence.labels[i])
                transitionGradient[previous * L + y] += 1
                previous = y
            }
            for y in 0..<L { transitionGradient[start * L + y] -= alpha[y] * beta[y] }
            for i in 1..<max(n, 1) {
                for a in 0..<L {
                    let left = alpha[(i - 1) * L + a]
                    for y in 0..<L {
                        transitionGradient[a * L + y] -= left * expTransitions[a * L + y] * psi[i * L + y] * beta[i * L + y] / norm[i]
                    }
                }
            }
        }
        for k in 0..<transitionGradient.count where model.transitions[k].isFinite {
            model.transitions[k] += Float(eta * transitionGradient[k])
        }
        self.scale *= 1 - eta * options.l2
        if self.scale < 1e-4 { foldScale(into: &model) }
        return logZ - goldScore
    }

    /// Multiplies the scale into the weights, so that the model can be used (and copied) as it is.
    mutating func foldScale(into model: inout CRFModel) {
        guard scale != 1 else { return }
        let factor = Float(scale)
        model.emission.withUnsafeMutableBufferPointer { weights in
            for k in weights.indices { weights[k] *= factor }
        }
        scale = 1
    }
}
