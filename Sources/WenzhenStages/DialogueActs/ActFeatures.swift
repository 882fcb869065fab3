import WenzhenCore

/// The features of one sentence for dialogue-act classification, read with the dialogue around it: its own
/// characters (n-grams, beginning and end) and speaker; the entities NER found in it; the act the keyword
/// rules give it; the previous sentence, the question of the other party it may answer, and the next sentence;
/// its position in the dialogue; conditional, preventive or general framing; words of diet and care (a question
/// about 鸡蛋 or 洗澡 asks for precautions, one about a drug for a recommendation); the clusters of its bigrams,
/// learned from unlabelled text (多久 reads like 几天).
public struct ActFeatures: Sendable {
    /// The feature layout's version, stored in model files.
    public static let version = 4
    public let hashBits: Int
    public let clusters: BigramClusters

    public init(hashBits: Int, clusters: BigramClusters) {
        self.hashBits = hashBits
        self.clusters = clusters
    }

    /// The feature bag of every sentence of `dialogue` (its turns must carry BIO labels for entity features).
    public func features(of dialogue: Dialogue) -> [[Int32]] {
        let turns = dialogue.turns
        var ruled = dialogue
        try? RuleDialogueActs().process(&ruled)
        let ruleActs = ruled.turns.map { UInt32(DialogueAct.allCases.firstIndex(of: $0.dialogueAct ?? .other)!) }
        return turns.indices.map { index in
            var bag = FeatureBag(bits: hashBits)
            let turn = turns[index]
            let speaker = turn.speaker == .doctor ? UInt32(1) : 2
            let text = Self.content(turn.sentence)
            bag.add(1)
            bag.add(2, speaker)
            bag.addCharacters(3, text, speaker: speaker)
            bag.add(10, turn.sentence.hasSubstring("？") || turn.sentence.hasSubstring("?") ? 1 : 0, speaker)
            bag.add(11, UInt32(min(text.count, 40) / 4), speaker)
            for type in Set(turn.entities.map(\.type)).sorted() {
                let code = UInt32(EntityType.allCases.firstIndex(of: type)!)
                bag.add(12, code)
                bag.add(13, code, speaker)
            }
            bag.add(14, ruleActs[index])
            bag.add(15, ruleActs[index], speaker)
            if index > 0 {
                let previous = turns[index - 1]
                let relation: UInt32 = previous.speaker == turn.speaker ? 1 : 2
                bag.add(16, relation, speaker)
                bag.add(17, ruleActs[index - 1], relation)
                bag.addBigrams(18, Self.content(previous.sentence))
            } else {
                bag.add(16, 0, speaker)
            }
            if let asked = Self.question(answeredBy: index, in: turns) {
                bag.add(20, ruleActs[asked], speaker)
                bag.addBigrams(21, Self.content(turns[asked].sentence))
            } else {
                bag.add(20, 99, speaker)
            }
            if index + 1 < turns.count {
                let next = turns[index + 1]
                let relation: UInt32 = next.speaker == turn.speaker ? 1 : 2
                bag.add(23, relation, speaker)
                bag.add(24, ruleActs[index + 1], relation)
                bag.addBigrams(25, Self.content(next.sentence))
            } else {
                bag.add(23, 0, speaker)
            }
            let position: UInt32 = index == 0 ? 0 : (index == turns.count - 1 ? 3 : (index * 3 < turns.count ? 1 : 2))
            bag.add(26, position, speaker)
            // Conditional, preventive or general sentences are Other for the annotators, even with advice in them.
            let frames = ContextCues.frames(in: turn.sentence)
            bag.add(27, frames, speaker)
            for frame in ContextCues.Frame.allCases where frames & (1 << UInt32(frame.rawValue)) != 0 {
                bag.add(28, UInt32(frame.rawValue), speaker)
            }
            // Questions about diet or care ask for precautions (能吃鸡蛋吗？能洗澡吗？), not for a drug.
            let diet: UInt32 = Self.diet.occurs(in: turn.sentence) ? 1 : 0
            let care: UInt32 = Self.care.occurs(in: turn.sentence) ? 1 : 0
            let asks: UInt32 = ContextCues.isQuestion(turn.sentence) ? 1 : 0
            bag.add(30, diet | care << 1 | asks << 2, speaker)
            // Each bigram's cluster, alone and with the speaker, and the clusters of neighbouring bigrams together.
            var previousCluster: UInt32?
            for i in text.indices.dropLast() {
                let cluster = clusters.cluster(text[i], text[i + 1])
                if let cluster {
                    bag.add(40, cluster)
                    bag.add(41, cluster, speaker)
                    if let previousCluster { bag.add(42, previousCluster, cluster) }
                }
                previousCluster = cluster
            }
            return bag.buckets
        }
    }

    /// Food and feeding.
    static let diet: CueList = [
        "奶粉", "母乳", "牛奶", "酸奶", "水果", "苹果", "香蕉", "鸡蛋", "肉", "鱼", "虾", "粥", "米汤", "面条", "辅食", "零食", "饮料", "油腻",
        "辛辣", "冷饮", "海鲜", "蔬菜", "吃饭", "喝水", "喂奶", "吃奶",
    ]
    /// Daily care and what to mind.
    static let care: CueList = [
        "洗澡", "出门", "疫苗", "睡觉", "穿", "衣服", "空调", "游泳", "上学", "幼儿园", "晒太阳", "护理", "注意什么", "注意些什么", "忌口", "能吃什么",
        "吃什么好",
    ]

    /// The other speaker's most recent sentence within three turns back, which `index` may answer.
    static func question(answeredBy index: Int, in turns: [Turn]) -> Int? {
        var candidate = index - 1
        while candidate >= 0, index - candidate <= 3 {
            if turns[candidate].speaker != turns[index].speaker { return candidate }
            candidate -= 1
        }
        return nil
    }

    /// The sentence as characters, with trailing spaces removed.
    static func content(_ sentence: String) -> [UInt32] {
        var codes = sentence.unicodeScalars.map(\.value)
        while let last = codes.last, last == 0x20 || last == 0x3000 { codes.removeLast() }
        return codes
    }
}
