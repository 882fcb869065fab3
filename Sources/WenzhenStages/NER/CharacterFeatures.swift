import WenzhenCore

/// The observation features of character tagging, hashed into a fixed number of buckets.
///
/// For each character: a bias; character unigrams in a ±2 window, bigrams and trigrams around it; the
/// character classes of the window; and where the entity lexicon's longest-match segmentation puts it, which
/// entry types start and end there. Each feature is a 64-bit key (template and characters) mapped to a bucket;
/// extraction writes bucket indices into a caller's buffer and allocates nothing per character.
public struct CharacterFeatures: Sendable {
    /// Features per character.
    public static let perCharacter = 18
    /// The feature layout's version, stored in model files.
    public static let version = 1

    public let hashBits: Int
    let lexicon: EntityLexicon?

    public init(hashBits: Int, lexicon: EntityLexicon?) {
        self.hashBits = hashBits
        self.lexicon = lexicon
    }

    static let beginOfSentence: UInt32 = 0x11_0001
    static let endOfSentence: UInt32 = 0x11_0002

    /// Writes `perCharacter` bucket indices for every character of `text` into `features`, which must hold
    /// `text.count * perCharacter` values; `lexiconTags` is scratch space for `text.count` values.
    public func extract(
        _ text: UnsafeBufferPointer<UInt32>, into features: UnsafeMutableBufferPointer<Int32>,
        lexiconTags: UnsafeMutableBufferPointer<UInt32>
    ) {
        let n = text.count
        let starts = lexiconTags
        markLexicon(text, tags: starts)
        @inline(__always) func char(_ i: Int) -> UInt32 {
            i < 0 ? Self.beginOfSentence : (i >= n ? Self.endOfSentence : text[i])
        }
        for i in 0..<n {
            let (c0, c1, c2, c3, c4) = (char(i - 2), char(i - 1), char(i), char(i + 1), char(i + 2))
            let lexicon = starts[i]
            let base = i * Self.perCharacter
            @inline(__always) func put(_ slot: Int, _ key: UInt64) {
                features[base + slot] = FeatureHashing.bucket(key, bits: hashBits)
            }
            put(0, FeatureHashing.key(0))
            put(1, FeatureHashing.key(1, c0)); put(2, FeatureHashing.key(2, c1)); put(3, FeatureHashing.key(3, c2)); put(4, FeatureHashing.key(4, c3)); put(5, FeatureHashing.key(5, c4))
            put(6, FeatureHashing.key(6, c0, c1)); put(7, FeatureHashing.key(7, c1, c2)); put(8, FeatureHashing.key(8, c2, c3)); put(9, FeatureHashing.key(9, c3, c4))
            put(10, FeatureHashing.key(10, c0, c1, c2)); put(11, FeatureHashing.key(11, c1, c2, c3)); put(12, FeatureHashing.key(12, c2, c3, c4))
            put(13, FeatureHashing.key(13, Self.characterClass(c1), Self.characterClass(c2), Self.characterClass(c3)))
            put(14, FeatureHashing.key(14, Self.characterClass(c2), c2))
            put(15, FeatureHashing.key(15, lexicon & 0xFF))
            put(16, FeatureHashing.key(16, lexicon & 0xFF, c2))
            put(17, FeatureHashing.key(17, lexicon >> 16))
        }
    }

    /// Packs, per character: the longest-match BIO label (bits 0–7), and where an entry starts, its type and
    /// length class (bits 16+).
    private func markLexicon(_ text: UnsafeBufferPointer<UInt32>, tags: UnsafeMutableBufferPointer<UInt32>) {
        for i in 0..<text.count { tags[i] = 0 }
        guard let lexicon else { return }
        var i = 0
        while i < text.count {
            guard let match = lexicon.longestMatch(in: text, from: i) else {
                i += 1
                continue
            }
            let type = UInt32(EntityType.allCases.firstIndex(of: match.type)!)
            let begin = 1 + 2 * type, inside = 2 + 2 * type
            tags[i] = begin | (type + 1) << 16 | UInt32(min(match.end - i, 6)) << 20
            for j in (i + 1)..<match.end { tags[j] = inside }
            i = match.end
        }
    }

    /// 1 digit, 2 Chinese numeral, 3 Latin letter, 4 Han, 5 punctuation, 6 sentence boundary, 0 other.
    @inline(__always) static func characterClass(_ c: UInt32) -> UInt32 {
        switch c {
        case 0x30...0x39, 0xFF10...0xFF19: return 1
        case 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341, 0x4E24, 0x534A, 0x767E, 0x96F6:
            return 2  // 一 二 三 四 五 六 七 八 九 十 两 半 百 零
        case 0x41...0x5A, 0x61...0x7A, 0xFF21...0xFF3A, 0xFF41...0xFF5A: return 3
        case 0x4E00...0x9FFF: return 4
        case 0x21...0x2F, 0x3A...0x40, 0x3000...0x303F, 0xFF01...0xFF0F, 0xFF1A...0xFF20: return 5
        case beginOfSentence, endOfSentence: return 6
        default: return 0
        }
    }
}
