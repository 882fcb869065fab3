import WenzhenCore

/// Baseline symptom recognition: alias-table normalization of each Symptom entity, a status read from
/// negation and question cues, and a dialogue-level status per term (has it > does not > undetermined).
public struct AliasSymptomRecognizer: Stage {
    let normalizer: SymptomNormalizer

    public init(normalizer: SymptomNormalizer) { self.normalizer = normalizer }

    public func process(_ dialogue: inout Dialogue) throws {
        var local: [[(norm: String, status: SymptomStatus)]] = []
        var overall: [String: SymptomStatus] = [:]
        for index in dialogue.turns.indices {
            let turn = dialogue.turns[index]
            let characters = turn.characters
            let mentions = turn.entities.filter { $0.type == .symptom }.map { entity in
                let norm = normalizer.normalize(entity.text(in: characters)) ?? ""
                return (norm: norm, status: Self.status(MentionReading(turnAt: index, in: dialogue.turns, entity: entity)))
            }
            for mention in mentions where !mention.norm.isEmpty {
                overall[mention.norm] = Self.merge(overall[mention.norm], mention.status)
            }
            local.append(mentions)
        }
        for index in dialogue.turns.indices {
            dialogue.turns[index].symptomNorm = local[index].map(\.norm)
            dialogue.turns[index].symptomType = local[index].map { overall[$0.norm] ?? $0.status }
        }
        dialogue.implicitSymptoms = overall
    }

    static func status(_ reading: MentionReading) -> SymptomStatus {
        switch reading {
        case .affirmed: .present
        case .denied: .absent
        case .open, .hypothetical: .undetermined
        }
    }

    /// The dialogue-level status of a term seen with `current` so far and now `next`.
    static func merge(_ current: SymptomStatus?, _ next: SymptomStatus) -> SymptomStatus {
        guard let current else { return next }
        if current == .present || next == .present { return .present }
        if current == .absent || next == .absent { return .absent }
        return .undetermined
    }
}
