import WenzhenCore

/// Scores a results document against gold dialogues with the semantics of the official CBLUE / IMCS-V2 and
/// CHIP-MDCFNPC scorers (see METRICS in the README). Each task is scored on the gold dialogues that carry its
/// labels; a gold dialogue or sentence with no prediction counts as predicted empty.
public struct Evaluator: Sendable {
    /// The 331 lexicon terms: symptom names outside it are dropped from SR units.
    public let vocabulary: Set<String>

    public init(vocabulary: Set<String>) { self.vocabulary = vocabulary }

    public func evaluate(gold: [Dialogue], predicted: [Dialogue]) -> EvaluationReport {
        let predictions = Dictionary(predicted.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var report = EvaluationReport()
        var rouge: [RougeScores] = []
        var fieldRouge: [[RougeScores]] = Array(repeating: [], count: Report.fieldNames.count)
        for goldDialogue in gold {
            let prediction = predictions[goldDialogue.id]
            if prediction == nil { report.missingDialogues += 1 }
            let predictedTurns = Dictionary(
                (prediction?.turns ?? []).map { ($0.sentenceID, $0) }, uniquingKeysWith: { first, _ in first })
            let labelled = goldDialogue.hasActLabels
            for turn in goldDialogue.turns {
                let guess = predictedTurns[turn.sentenceID]
                if turn.bioLabel != nil { scoreEntities(gold: turn, predicted: guess, into: &report.ner) }
                guard labelled else { continue }
                if let act = turn.dialogueAct { report.dialogueActs.add(gold: act.rawValue, predicted: guess?.dialogueAct?.rawValue) }
                report.symptomsUtterance.add(predicted: symptomUnits(guess), gold: symptomUnits(turn))
                scoreFindings(gold: turn.findings ?? [], predicted: guess?.findings ?? [], into: &report.polarity)
            }
            if labelled {
                report.labelledDialogues += 1
                report.symptomsDialogue.add(
                    predicted: dialogueUnits(prediction?.implicitSymptoms), gold: dialogueUnits(goldDialogue.implicitSymptoms))
            }
            if !goldDialogue.referenceReports.isEmpty {
                let candidate = prediction?.report ?? Report()
                rouge.append(RougeScores.score(candidate.text, references: goldDialogue.referenceReports.map(\.text)))
                for (index, field) in candidate.fields.enumerated() {
                    fieldRouge[index].append(RougeScores.score(field, references: goldDialogue.referenceReports.map { $0.fields[index] }))
                }
            }
            report.dialogues += 1
        }
        report.report = RougeScores.mean(rouge)
        report.reportFields = Dictionary(uniqueKeysWithValues: zip(Report.fieldNames, fieldRouge.map(RougeScores.mean)))
        report.reportDialogues = rouge.count
        return report
    }

    private func scoreEntities(gold: Turn, predicted: Turn?, into scores: inout EntityScores) {
        let goldEntities = Set(gold.entities)
        let predictedEntities = Set(predicted?.entities ?? [])
        scores.overall.add(predicted: predictedEntities, gold: goldEntities)
        for type in EntityType.allCases {
            scores.perType[type.rawValue, default: PRF()].add(
                predicted: predictedEntities.filter { $0.type == type }, gold: goldEntities.filter { $0.type == type })
        }
    }

    /// The (term, status) units of one sentence, inside the lexicon.
    private func symptomUnits(_ turn: Turn?) -> Set<String> {
        guard let turn, let norms = turn.symptomNorm, let types = turn.symptomType else { return [] }
        return Set(zip(norms, types).filter { vocabulary.contains($0.0) }.map { "\($0.0)|\($0.1.rawValue)" })
    }

    private func dialogueUnits(_ statuses: [String: SymptomStatus]?) -> Set<String> {
        Set((statuses ?? [:]).filter { vocabulary.contains($0.key) }.map { "\($0.key)|\($0.value.rawValue)" })
    }

    private func scoreFindings(gold: [Finding], predicted: [Finding], into scores: inout PolarityScores) {
        let byRange = Dictionary(predicted.map { ($0.range, $0.attr) }, uniquingKeysWith: { first, _ in first })
        for finding in gold { scores.givenMentions.add(gold: finding.attr.rawValue, predicted: byRange[finding.range]?.rawValue) }
        scores.endToEnd.add(
            predicted: Set(predicted.map { "\($0.start)-\($0.end)|\($0.attr.rawValue)" }),
            gold: Set(gold.map { "\($0.start)-\($0.end)|\($0.attr.rawValue)" }))
    }
}
