/// Lexical cues around a mention: negation, questions and hypotheticals, read within the mention's clause.
public enum ContextCues {
    static let clauseBreaks: Set<Unicode.Scalar> = ["，", "。", "？", "！", "；", ",", ".", "?", "!", ";", "\n", " "]
    static let negations: CueList = ["没有", "没", "不", "无", "未", "否认", "别", "木有"]
    static let negatedAfter: CueList = ["没有了", "没了", "好了", "退了", "消失"]
    static let questionMarkers: CueList = ["？", "?", "吗", "么", "有没有", "是不是", "会不会", "多少", "几天", "怎么样", "如何"]
    static let hypotheticals: CueList = ["如果", "假如", "要是", "万一", "若", "预防", "以免", "避免", "防止", "排除", "一般", "容易"]
    static let uncertainty: CueList = ["不知道", "不清楚", "不确定", "好像", "可能", "也可能", "不排除"]
    static let unknowing: CueList = ["不知道", "不清楚", "不确定", "没注意", "没太注意", "说不好", "不好说"]
    static let denials: CueList = ["没有", "没", "不", "无", "否"]
    static let confirmations: CueList = ["有", "是", "嗯", "对", "会", "一直", "还"]

    /// The clause (between punctuation) around `start..<end` of `characters`.
    public static func clause(of characters: [Unicode.Scalar], start: Int, end: Int) -> (before: String, after: String) {
        var from = start
        while from > 0, !clauseBreaks.contains(characters[from - 1]) { from -= 1 }
        var to = end
        while to < characters.count, !clauseBreaks.contains(characters[to]) { to += 1 }
        return (String(scalars: characters[from..<start]), String(scalars: characters[end..<to]))
    }

    /// Whether the mention at `start..<end` is negated in its clause (没有发烧, 不咳, 发烧已经退了).
    public static func isNegated(_ characters: [Unicode.Scalar], start: Int, end: Int) -> Bool {
        let (before, after) = clause(of: characters, start: start, end: end)
        return isNegated(before: before, after: after)
    }

    /// The same, given the mention's clause around it.
    public static func isNegated(before: String, after: String) -> Bool {
        negations.occurs(in: String(before.suffix(4))) || negatedAfter.begins(after)
    }

    /// Whether a sentence asks something.
    public static func isQuestion(_ sentence: String) -> Bool { questionMarkers.occurs(in: sentence) }

    /// Whether a sentence is built on a condition, a prevention or general knowledge.
    public static func isHypothetical(_ sentence: String) -> Bool { hypotheticals.occurs(in: sentence) }

    /// Whether a sentence expresses not knowing or an open possibility.
    public static func isUncertain(_ sentence: String) -> Bool { uncertainty.occurs(in: sentence) }

    /// Kinds of context that decide whether a finding is about this patient now (the CHIP-MDCFNPC readings).
    public enum Frame: Int, CaseIterable {
        case conditional, prevention, rulingOut, knowledge, uncommitted, otherPerson, past

        var cues: [String] {
            switch self {
            case .conditional: ["如果", "假如", "要是", "万一", "若是", "的话"]
            case .prevention: ["预防", "以免", "避免", "防止", "以防"]
            case .rulingOut: ["排除", "排查"]
            case .knowledge: ["一般", "通常", "容易", "引起", "导致", "说明", "属于", "常见"]
            case .uncommitted: ["不排除", "可能", "或者", "还是", "也有可能", "注意", "怕", "担心", "会不会", "看看是", "明确", "鉴别"]
            case .otherPerson: ["爸爸", "妈妈", "哥哥", "姐姐", "弟弟", "妹妹", "家里", "别人", "大人", "奶奶", "爷爷", "姥姥", "姥爷", "同学", "其他孩子", "我也"]
            case .past: ["已经", "之前", "以前", "刚才", "昨天", "前天", "前几天", "当时"]
            }
        }
    }

    /// Every frame cue with the bits of the frames it signals, for one pass over a text.
    static let frameCues: ScalarTrie<UInt32> = {
        var bitsByCue: [String: UInt32] = [:]
        for frame in Frame.allCases {
            for cue in frame.cues { bitsByCue[cue, default: 0] |= 1 << UInt32(frame.rawValue) }
        }
        var trie = ScalarTrie<UInt32>()
        for (cue, bits) in bitsByCue { trie.insert(cue.unicodeScalars, bits) }
        return trie
    }()

    /// The frames whose cues occur in `text`, as bits (1 << frame).
    public static func frames(in text: String) -> UInt32 {
        let scalars = Array(text.unicodeScalars)
        var bits: UInt32 = 0
        for start in scalars.indices {
            frameCues.forEachMatch(in: scalars, from: start) { _, cueBits in bits |= cueBits }
        }
        return bits
    }

    /// Whether a reply says the speaker does not know (不知道, 不清楚, 没注意).
    public static func isUnknowing(_ reply: String) -> Bool { unknowing.occurs(in: reply) }

    /// Whether a short reply denies (没有, 不是, 没) rather than confirms.
    public static func isDenial(_ reply: String) -> Bool { denials.begins(reply) }

    /// Whether a reply confirms (有, 是, 嗯, 对).
    public static func isConfirmation(_ reply: String) -> Bool { confirmations.begins(reply) }
}
