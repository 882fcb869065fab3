import WenzhenCore

/// The features of one symptom mention read in its dialogue, for its status and its polarity: the term and
/// the mention; the characters around it and the words of its clause; negation, question, hypothetical and
/// uncertainty cues; who says it and with which act; how the other party answers when it is asked about (and
/// the words the answer opens with); the term's other mentions, and
/// what the dialogue says of the term as a whole (the patient says it negated or plainly, the doctor names it
/// in a diagnosis, the self-report names it) — status is one fact about the patient for the whole dialogue.
public struct MentionFeatures: Sendable {
    public static let version = 4
    public let hashBits: Int

    public init(hashBits: Int) { self.hashBits = hashBits }

    /// A symptom mention: its turn, its entity, its term.
    public struct Mention: Sendable {
        public var turn: Int
        public var entity: Entity
        public var term: String

        public init(turn: Int, entity: Entity, term: String) {
            self.turn = turn
            self.entity = entity
            self.term = term
        }
    }

    /// The Symptom mentions of a dialogue with the terms `normalize` gives them, in order.
    public static func mentions(of dialogue: Dialogue, normalize: (String) -> String) -> [Mention] {
        dialogue.turns.enumerated().flatMap { index, turn in
            let characters = turn.characters
            return turn.entities.filter { $0.type == .symptom }.map {
                Mention(turn: index, entity: $0, term: normalize($0.text(in: characters)))
            }
        }
    }

    /// What the features read of one sentence, worked out once for all its mentions.
    struct SentenceCues {
        let scalars: [Unicode.Scalar]
        let characters: [UInt32]
        let question: Bool
        let hypothetical: Bool
        let uncertain: Bool
        let frames: UInt32

        init(_ turn: Turn) {
            scalars = turn.characters
            characters = scalars.map(\.value)
            question = ContextCues.isQuestion(turn.sentence)
            hypothetical = ContextCues.isHypothetical(turn.sentence)
            uncertain = ContextCues.isUncertain(turn.sentence)
            frames = ContextCues.frames(in: turn.sentence)
        }
    }

    /// What the whole dialogue says of one term, gathered over its mentions.
    struct TermEvidence {
        /// The term's code and whether it names a disease, worked out once.
        var code: UInt32 = 0
        var isDisease = false
        var saidByPatient = false
        var saidByDoctor = false
        var count = 0
        /// Whether the patient says it negated (1) and plainly (2) anywhere in the dialogue.
        var patientReadings: UInt32 = 0
        /// Whether the doctor names it in a diagnosis (1) and with its clause unframed (2).
        var diagnosed: UInt32 = 0
    }

    /// The feature bag of every mention.
    public func features(of mentions: [Mention], in dialogue: Dialogue) -> [[Int32]] {
        var cuesByTurn: [Int: SentenceCues] = [:]
        for turn in Set(mentions.map(\.turn)) { cuesByTurn[turn] = SentenceCues(dialogue.turns[turn]) }
        let clauses = mentions.map { mention in
            ContextCues.clause(of: cuesByTurn[mention.turn]!.scalars, start: mention.entity.start, end: mention.entity.end)
        }
        let negations = clauses.map(ContextCues.isNegated)
        /// The frames of each mention's own clause.
        let clauseFrames = clauses.map { ContextCues.frames(in: $0.before + $0.after) }
        // Terms as small integers: hashing Chinese text is slow, and every mention asks several questions of its term.
        var termIDs: [String: Int] = [:]
        let termOf = mentions.map { mention in
            if let id = termIDs[mention.term] { return id }
            termIDs[mention.term] = termIDs.count
            return termIDs.count - 1
        }
        var evidence = [TermEvidence](repeating: TermEvidence(), count: termIDs.count)
        for (term, id) in termIDs {
            evidence[id].code = Self.code(term.unicodeScalars.map(\.value))
            evidence[id].isDisease = SymptomNormalizer.isDisease(term)
        }
        /// Per turn, the terms mentioned there and whether each mention is negated.
        var negatedByTurn: [Int: [Int: Bool]] = [:]
        for (index, mention) in mentions.enumerated() {
            let term = termOf[index], negated = negations[index]
            let speaker = dialogue.turns[mention.turn].speaker
            if speaker == .patient {
                evidence[term].saidByPatient = true
                evidence[term].patientReadings |= negated ? 1 : 2
            } else {
                evidence[term].saidByDoctor = true
            }
            evidence[term].count += 1
            negatedByTurn[mention.turn, default: [:]][term] = negated
            if dialogue.turns[mention.turn].dialogueAct == .diagnose {
                evidence[term].diagnosed |= clauseFrames[index] == 0 ? 3 : 1
            }
        }
        return mentions.indices.map { index in
            let mention = mentions[index], negated = negations[index], termID = termOf[index], termEvidence = evidence[termID]
            let turn = dialogue.turns[mention.turn]
            let cues = cuesByTurn[mention.turn]!
            let characters = cues.characters
            let speaker: UInt32 = turn.speaker == .doctor ? 1 : 2
            var bag = FeatureBag(bits: hashBits)
            bag.add(1)
            bag.add(2, speaker)
            bag.add(3, termEvidence.code, speaker)
            bag.add(4, Self.code(Array(characters[mention.entity.start..<mention.entity.end])))
            for offset in 1...4 {
                let i = mention.entity.start - offset
                bag.add(5, UInt32(offset), i >= 0 ? characters[i] : 0)
                if offset <= 3 {
                    let j = mention.entity.end + offset - 1
                    bag.add(6, UInt32(offset), j < characters.count ? characters[j] : 0)
                }
            }
            if mention.entity.start >= 2 { bag.add(7, characters[mention.entity.start - 2], characters[mention.entity.start - 1]) }
            if mention.entity.end + 1 < characters.count { bag.add(8, characters[mention.entity.end], characters[mention.entity.end + 1]) }
            let scalars = cues.scalars
            let question = cues.question, hypothetical = cues.hypothetical, uncertain = cues.uncertain
            bag.add(9, negated ? 1 : 0, speaker)
            bag.add(10, question ? 1 : 0, speaker)
            bag.add(11, hypothetical ? 1 : 0, speaker)
            bag.add(12, uncertain ? 1 : 0, speaker)
            bag.add(13, (negated ? 1 : 0) | (question ? 2 : 0) | (hypothetical ? 4 : 0) | (uncertain ? 8 : 0), speaker)
            if let act = turn.dialogueAct { bag.add(14, UInt32(DialogueAct.allCases.firstIndex(of: act)!), speaker) }
            // How the other party answers when the mention is asked about.
            if question, let replyIndex = ReplyLookup.replyIndex(to: mention.turn, in: dialogue.turns) {
                let reply = dialogue.turns[replyIndex]
                let replyCodes = Array(reply.sentence.unicodeScalars.prefix(2).map(\.value))
                bag.add(15, replyCodes.first ?? 0, replyCodes.count > 1 ? replyCodes[1] : 0)
                bag.add(16, ContextCues.isDenial(reply.sentence) ? 1 : (ContextCues.isConfirmation(reply.sentence) ? 2 : 3), speaker)
                bag.add(17, reply.symptomMentionsCount > 0 ? 1 : 0)
                bag.add(26, ContextCues.isUnknowing(reply.sentence) ? 1 : 0, speaker)
                // The answer names the same finding, affirmed or negated (有发烧吗？— 烧到38度 / 不烧).
                let echoed = negatedByTurn[replyIndex]?[termID]
                bag.add(27, echoed.map { $0 ? 2 : 1 } ?? 0, speaker)
                // The words that open the answer (没有，就是有点咳 / 血还好: an answer to something else).
                bag.addBigrams(33, Array(reply.sentence.unicodeScalars.prefix(12).map(\.value)))
            } else {
                bag.add(16, 0, speaker)
            }
            bag.add(18, termEvidence.saidByPatient ? 1 : 0, termEvidence.saidByDoctor ? 1 : 0)
            bag.add(19, UInt32(min(termEvidence.count, 5)))
            bag.add(20, UInt32(min(mention.turn * 4 / max(dialogue.turns.count, 1), 3)))
            bag.add(21, mention.entity.start == 0 ? 1 : 0, speaker)
            // The frame of the sentence and of the mention's own clause, by kind and together.
            let sentenceFrames = cues.frames, clauseFrames = clauseFrames[index]
            bag.add(22, sentenceFrames, speaker)
            bag.add(23, clauseFrames, speaker)
            for frame in ContextCues.Frame.allCases where clauseFrames & (1 << UInt32(frame.rawValue)) != 0 {
                bag.add(24, UInt32(frame.rawValue), speaker)
            }
            // A disease word inside or beside a drug, exam or operation name (小儿感冒颗粒) is no finding.
            for other in turn.entities where other.type != .symptom && other.start <= mention.entity.end && mention.entity.start <= other.end {
                bag.add(25, UInt32(EntityType.allCases.firstIndex(of: other.type)!))
            }
            // Diseases are discussed as possibilities far more than symptoms are.
            let disease: UInt32 = termEvidence.isDisease ? 1 : 0
            bag.add(28, disease, clauseFrames, speaker)
            bag.add(29, disease, question ? 1 : 0, speaker)
            // Status is a fact about the patient for the whole dialogue: what the patient says of the term.
            bag.add(30, termEvidence.patientReadings, speaker)
            bag.add(31, termEvidence.diagnosed, speaker)
            // The patient's own account before the consultation names it (as written, or its term).
            let selfReported = dialogue.selfReport.hasSubstring(mention.entity.text(in: scalars))
                || (!mention.term.isEmpty && dialogue.selfReport.hasSubstring(mention.term))
            bag.add(32, selfReported ? 1 : 0, speaker)
            let clause = clauses[index]
            // The words of the mention's clause, the mention itself left as one gap (没有_了, 如果_加重).
            bag.addBigrams(34, (clause.before + "_" + clause.after).unicodeScalars.map(\.value))
            return bag.buckets
        }
    }

    /// A 32-bit code of a character sequence (FNV-1a over its code points).
    static func code(_ characters: [UInt32]) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for c in characters { hash = (hash ^ c) &* 0x0100_0193 }
        return hash
    }
}

extension Turn {
    /// How many Symptom entities the turn's tags hold.
    var symptomMentionsCount: Int { entities.filter { $0.type == .symptom }.count }
}
