import WenzhenCore

/// A linear-chain CRF over character BIO labels: hashed observation weights per label, label-to-label
/// transitions (with the transitions that would break BIO fixed at −∞), and Viterbi decoding.
public struct CRFModel: Sendable {
    /// Eleven: `O` and B/I of the five entity types (`score` is unrolled for that count).
    public static let labelCount = NERLabels.count
    /// Row `labelCount` of `transitions` holds the scores of starting a sentence with each label.
    static let startRow = NERLabels.count

    public let features: CharacterFeatures
    /// `buckets × labelCount` observation weights.
    public internal(set) var emission: [Float]
    /// `(labelCount + 1) × labelCount` transition weights, −∞ where BIO forbids the transition.
    public internal(set) var transitions: [Float]

    /// A model with every weight zero.
    public init(features: CharacterFeatures) {
        self.features = features
        emission = [Float](repeating: 0, count: (1 << features.hashBits) * Self.labelCount)
        transitions = (0...Self.labelCount).flatMap { from in
            (0..<Self.labelCount).map { to in
                NERLabels.allowed(from: from == Self.startRow ? nil : from, to: to) ? Float(0) : -.infinity
            }
        }
    }

    init(features: CharacterFeatures, emission: [Float], transitions: [Float]) {
        self.features = features
        self.emission = emission
        self.transitions = transitions
    }

    /// The BIO tags of `text`, reusing `workspace` (the hot path, on code buffers, is `decode`).
    public func tags(_ text: String, workspace: inout CRFWorkspace) -> [String] {
        let codes = text.unicodeScalars.map(\.value)
        workspace.reserve(codes.count)
        var labels: [UInt8] = []
        swap(&labels, &workspace.labels)  // moved out, not copied, while `decode` borrows the workspace
        codes.withUnsafeBufferPointer { text in
            labels.withUnsafeMutableBufferPointer { decode(text, workspace: &workspace, into: $0) }
        }
        swap(&labels, &workspace.labels)
        return workspace.labels.prefix(codes.count).map { NERLabels.names[Int($0)] }
    }

    /// The BIO tags of `text`.
    public func tags(_ text: String) -> [String] {
        var workspace = CRFWorkspace()
        return tags(text, workspace: &workspace)
    }

    /// Writes the best label sequence of `text` into `labels`; reuses `workspace`, allocating only to grow it.
    public func decode(_ text: UnsafeBufferPointer<UInt32>, workspace: inout CRFWorkspace, into labels: UnsafeMutableBufferPointer<UInt8>) {
        let n = text.count
        guard n > 0 else { return }
        workspace.reserve(n)
        let L = Self.labelCount
        workspace.withBuffers { featureBuffer, lexiconTags, scores, back in
            features.extract(text, into: featureBuffer, lexiconTags: lexiconTags)
            score(featureBuffer, count: n, into: scores)
            transitions.withUnsafeBufferPointer { trans in
                // scores[i*L + y] becomes the best score of a path ending in y at i.
                for y in 0..<L { scores[y] += trans[Self.startRow * L + y] }
                for i in 1..<max(n, 1) {
                    let previous = (i - 1) * L, current = i * L
                    for y in 0..<L {
                        var best = -Float.infinity
                        var arg = 0
                        for a in 0..<L {
                            let candidate = scores[previous + a] + trans[a * L + y]
                            if candidate > best {
                                best = candidate
                                arg = a
                            }
                        }
                        scores[current + y] += best
                        back[current + y] = UInt8(arg)
                    }
                }
                var best = 0
                for y in 1..<L where scores[(n - 1) * L + y] > scores[(n - 1) * L + best] { best = y }
                labels[n - 1] = UInt8(best)
                var i = n - 1
                while i > 0 {
                    best = Int(back[i * L + best])
                    labels[i - 1] = UInt8(best)
                    i -= 1
                }
            }
        }
    }

    /// The observation score of every label at every position: `scores[i*L + y]`.
    func score(_ features: UnsafeMutableBufferPointer<Int32>, count n: Int, into scores: UnsafeMutableBufferPointer<Float>, scale: Float = 1) {
        // The rows are cache misses (the table is tens of megabytes): summed in a register, they are loaded
        // independently and the processor waits for many at once. The label count is a literal so that the
        // loops over labels unroll (with a variable count, lane access makes it 4× slower).
        let L = 11, F = CharacterFeatures.perCharacter
        precondition(Self.labelCount == L, "CRFModel.score is unrolled for 11 labels")
        emission.withUnsafeBufferPointer { weights in
            for i in 0..<n {
                var sum = SIMD16<Float>()
                for f in 0..<F {
                    let row = weights.baseAddress! + Int(features[i * F + f]) * L
                    for y in 0..<L { sum[y] += row[y] }
                }
                for y in 0..<L { scores[i * L + y] = sum[y] * scale }
            }
        }
    }
}

/// Reusable buffers for tagging one sentence after another without allocating.
public struct CRFWorkspace {
    var features: [Int32] = []
    var lexiconTags: [UInt32] = []
    var scores: [Float] = []
    var backpointers: [UInt8] = []
    var labels: [UInt8] = []

    public init() {}

    /// Grows the buffers to hold a sentence of `n` characters.
    mutating func reserve(_ n: Int) {
        guard lexiconTags.count < n else { return }
        let size = max(n, 2 * lexiconTags.count, 64)
        features = [Int32](repeating: 0, count: size * CharacterFeatures.perCharacter)
        lexiconTags = [UInt32](repeating: 0, count: size)
        scores = [Float](repeating: 0, count: size * CRFModel.labelCount)
        backpointers = [UInt8](repeating: 0, count: size * CRFModel.labelCount)
        labels = [UInt8](repeating: 0, count: size)
    }

    mutating func withBuffers<R>(
        _ body: (UnsafeMutableBufferPointer<Int32>, UnsafeMutableBufferPointer<UInt32>, UnsafeMutableBufferPointer<Float>, UnsafeMutableBufferPointer<UInt8>) -> R
    ) -> R {
        features.withUnsafeMutableBufferPointer { f in
            lexiconTags.withUnsafeMutableBufferPointer { l in
                scores.withUnsafeMutableBufferPointer { s in
                    backpointers.withUnsafeMutableBufferPointer { b in body(f, l, s, b) }
                }
            }
        }
    }
}
