import Foundation
import WenzhenCore

/// The learned symptom stage: each Symptom mention normalized by the learned alias table, its status (0 does
/// not have it, 1 has it, 2 undetermined) scored by a softmax classifier over `MentionFeatures`, and one status
/// per term for the dialogue, from the mentions' combined log-probabilities: status is a fact about the
/// patient, so all mentions of a term share it.
public struct LearnedSymptoms: Stage {
    public static let fileName = "sr-status.model"
    public static let kind = "sr-stat"
    static let retrain = "retrain with `wenzhen train sr`"
    static let statuses = SymptomStatus.allCases

    public let model: MentionClassifier

    public init(model: MentionClassifier) { self.model = model }

    public init(normalizer: LearnedNormalizer, classifier: LinearClassifier) throws {
        model = try MentionClassifier(normalizer: normalizer, classifier: classifier, labels: Self.statuses.map(\.rawValue), file: Self.fileName)
    }

    public init(normalizer: LearnedNormalizer, contentsOf url: URL) throws {
        model = try MentionClassifier(normalizer: normalizer, contentsOf: url, kind: Self.kind, labels: Self.statuses.map(\.rawValue), retrain: Self.retrain)
    }

    public func process(_ dialogue: inout Dialogue) throws {
        let classified = model.classify(dialogue)
        var evidence: [String: [Double]] = [:]
        for (mention, p) in classified where !mention.term.isEmpty {
            evidence[mention.term, default: [0, 0, 0]] = zip(evidence[mention.term] ?? [0, 0, 0], p).map { $0 + Foundation.log(max($1, 1e-9)) }
        }
        let overall = evidence.mapValues { Self.statuses[Self.argmax($0)] }
        for index in dialogue.turns.indices {
            dialogue.turns[index].symptomNorm = []
            dialogue.turns[index].symptomType = []
        }
        for (mention, p) in classified {
            dialogue.turns[mention.turn].symptomNorm!.append(mention.term)
            dialogue.turns[mention.turn].symptomType!.append(overall[mention.term] ?? Self.statuses[Self.argmax(p)])
        }
        dialogue.implicitSymptoms = overall
    }

    static func argmax(_ values: [Double]) -> Int { values.indices.max { values[$0] < values[$1] } ?? 0 }

    /// Trains the status classifier on the gold mentions and statuses of labelled dialogues. A term's status is
    /// one fact about the patient, however often the term is mentioned: its mentions share a weight of 1, so a
    /// term said ten times does not count ten times as much as one said once.
    public static func train(_ dialogues: [Dialogue], options: LinearClassifierTrainer.Options) -> LinearClassifier {
        MentionClassifier.train(dialogues, labels: statuses.map(\.rawValue), options: options, labelled: { dialogue in
            let (mentions, statuses) = goldMentions(of: dialogue)
            var mentionsPerTerm: [String: Int] = [:]
            for mention in mentions { mentionsPerTerm[mention.term, default: 0] += 1 }
            return zip(mentions, statuses).map { ($0, Self.statuses.firstIndex(of: $1)!, 1 / Double(mentionsPerTerm[$0.term]!)) }
        }, score: LinearClassifierTrainer.accuracy)
    }

    /// The gold Symptom mentions of a labelled dialogue, with their gold terms, and their gold statuses.
    static func goldMentions(of dialogue: Dialogue) -> ([MentionFeatures.Mention], [SymptomStatus]) {
        var mentions: [MentionFeatures.Mention] = []
        var statuses: [SymptomStatus] = []
        for (index, turn) in dialogue.turns.enumerated() {
            let entities = turn.entities.filter { $0.type == .symptom }
            guard let norms = turn.symptomNorm, let types = turn.symptomType, norms.count == entities.count, types.count == entities.count else { continue }
            for (entity, (norm, type)) in zip(entities, zip(norms, types)) {
                mentions.append(MentionFeatures.Mention(turn: index, entity: entity, term: norm))
                statuses.append(type)
            }
        }
        return (mentions, statuses)
    }

    /// The (mention, term) pairs of labelled dialogues, for the alias table.
    public static func normalizationPairs(_ dialogues: [Dialogue]) -> [(mention: String, term: String)] {
        dialogues.flatMap { dialogue in
            dialogue.turns.flatMap { turn -> [(mention: String, term: String)] in
                let entities = turn.entities.filter { $0.type == .symptom }
                guard let norms = turn.symptomNorm, norms.count == entities.count else { return [] }
                return zip(entities, norms).map { (mention: $0.text(in: turn.characters), term: $1) }
            }
        }
    }

}
