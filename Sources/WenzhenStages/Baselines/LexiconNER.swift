import WenzhenCore

/// Baseline NER: greedy longest match against the entity dictionary built from the training sentences, and
/// body temperatures (`38.5`, `39度多`) as Symptom mentions where the dictionary found nothing.
public struct LexiconNER: Stage {
    let lexicon: EntityLexicon

    public init(lexicon: EntityLexicon) { self.lexicon = lexicon }

    public func process(_ dialogue: inout Dialogue) throws {
        for index in dialogue.turns.indices {
            dialogue.turns[index].bioLabel = tags(dialogue.turns[index].sentence)
        }
        dialogue.selfReportBIOLabel = tags(dialogue.selfReport)
    }

    func tags(_ text: String) -> [String] {
        let characters = Array(text.unicodeScalars)
        var entities = lexicon.entities(in: characters)
        for temperature in Temperature.mentions(in: characters)
        where !entities.contains(where: { $0.start < temperature.range.upperBound && temperature.range.lowerBound < $0.end }) {
            entities.append(Entity(type: .symptom, start: temperature.range.lowerBound, end: temperature.range.upperBound))
        }
        return BIO.tags(for: entities, count: characters.count)
    }
}
