/// A growing bag of hashed features (bucket indices; repeats count).
struct FeatureBag {
    let bits: Int
    var buckets: [Int32] = []

    init(bits: Int) {
        self.bits = bits
        buckets.reserveCapacity(256)
    }

    mutating func add(_ template: UInt64, _ a: UInt32 = 0, _ b: UInt32 = 0, _ c: UInt32 = 0) {
        buckets.append(FeatureHashing.bucket(FeatureHashing.key(template, a, b, c), bits: bits))
    }

    /// Unigrams, bigrams, trigrams (also paired with the speaker), the first and last one and two characters.
    mutating func addCharacters(_ template: UInt64, _ text: [UInt32], speaker: UInt32) {
        let boundary: UInt32 = 0x11_0000
        let padded = [boundary] + text + [boundary]
        for i in 1..<(padded.count - 1) { add(template, padded[i]) }
        for i in 0..<(padded.count - 1) {
            add(template + 1, padded[i], padded[i + 1])
            add(template + 2, padded[i], padded[i + 1], speaker)
        }
        if padded.count >= 3 { for i in 0..<(padded.count - 2) { add(template + 3, padded[i], padded[i + 1], padded[i + 2]) } }
        guard let first = text.first, let last = text.last else { return }
        add(template + 4, first, speaker)
        add(template + 5, last, speaker)
        if text.count >= 2 {
            add(template + 6, first, text[1], speaker)
            add(template + 6, text[text.count - 2], last, speaker + 10)
        }
    }

    mutating func addBigrams(_ template: UInt64, _ text: [UInt32]) {
        guard !text.isEmpty else { return }
        for i in 0..<(text.count - 1) { add(template, text[i], text[i + 1]) }
        add(template, text[text.count - 1], 0x11_0000)
    }
}
