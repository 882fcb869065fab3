import WenzhenCore

/// How one symptom mention reads in its dialogue, from lexical cues: the shared evidence of the baseline
/// status and polarity stages.
enum MentionReading {
    /// The mention is denied for the patient (没有发烧, or a question the patient answers with 没有).
    case denied
    /// The mention holds for the patient.
    case affirmed
    /// A question left open, an uncertain statement.
    case open
    /// A condition, a prevention or general knowledge: no statement about this patient.
    case hypothetical

    /// Reads the mention at `entity` of turn `index`.
    init(turnAt index: Int, in turns: [Turn], entity: Entity) {
        let turn = turns[index]
        let characters = turn.characters
        if turn.speaker == .doctor, ContextCues.isHypothetical(turn.sentence) {
            self = .hypothetical
        } else if ContextCues.isNegated(characters, start: entity.start, end: entity.end) {
            self = .denied
        } else if ContextCues.isUncertain(turn.sentence) {
            self = .open
        } else if turn.speaker == .doctor, ContextCues.isQuestion(turn.sentence) {
            let reply = ReplyLookup.reply(to: index, in: turns)?.sentence ?? ""
            if ContextCues.isDenial(reply) {
                self = .denied
            } else if ContextCues.isConfirmation(reply) {
                self = .affirmed
            } else {
                self = .open
            }
        } else {
            self = .affirmed
        }
    }
}
