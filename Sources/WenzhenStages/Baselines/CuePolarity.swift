import WenzhenCore

/// Baseline polarity: each Symptom entity is a clinical finding, labelled from negation, question,
/// uncertainty and hypothetical cues.
public struct CuePolarity: Stage {
    let normalizer: SymptomNormalizer

    public init(normalizer: SymptomNormalizer) { self.normalizer = normalizer }

    public func process(_ dialogue: inout Dialogue) throws {
        for index in dialogue.turns.indices {
            let turn = dialogue.turns[index]
            let characters = turn.characters
            let symptoms = turn.entities.filter { $0.type == .symptom }
            let norms = turn.symptomNorm.flatMap { $0.count == symptoms.count ? $0 : nil }
            dialogue.turns[index].findings = symptoms.enumerated().map { offset, entity in
                let mention = entity.text(in: characters)
                return Finding(
                    mention: mention, start: entity.start, end: entity.end,
                    norm: norms?[offset] ?? normalizer.normalize(mention) ?? "",
                    attr: Self.polarity(MentionReading(turnAt: index, in: dialogue.turns, entity: entity)))
            }
        }
    }

    static func polarity(_ reading: MentionReading) -> Polarity {
        switch reading {
        case .affirmed: .positive
        case .denied: .negative
        case .open: .other
        case .hypothetical: .notAnnotated
        }
    }
}
