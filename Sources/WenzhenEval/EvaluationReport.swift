import Foundation
import WenzhenCore

/// Entity-level NER scores, overall and per type.
public struct EntityScores: Codable, Equatable, Sendable {
    public var overall = PRF()
    public var perType: [String: PRF] = [:]
}

/// Polarity scores: on the gold mentions (label of the prediction at the same span) and end to end.
public struct PolarityScores: Codable, Equatable, Sendable {
    public var givenMentions = ClassificationScores()
    public var endToEnd = PRF()

    public var macroF1: Double { givenMentions.macroF1(over: Polarity.allCases.map(\.rawValue)) }
}

/// Every metric of the five tasks.
public struct EvaluationReport: Sendable {
    public var dialogues = 0
    public var missingDialogues = 0
    public var labelledDialogues = 0
    public var reportDialogues = 0
    public var ner = EntityScores()
    public var dialogueActs = ClassificationScores()
    public var symptomsUtterance = PRF()
    public var symptomsDialogue = PRF()
    public var polarity = PolarityScores()
    public var report = RougeScores()
    public var reportFields: [String: RougeScores] = [:]

    public init() {}

    public var actMacroF1: Double { dialogueActs.macroF1(over: DialogueAct.allCases.map(\.rawValue)) }
}

extension EvaluationReport {
    /// The report as one JSON object (`wenzhen eval --json`).
    public func json() throws -> String {
        struct Output: Encodable {
            var dialogues: Int, missing_predictions: Int, labelled_dialogues: Int, report_dialogues: Int
            var ner: EntityScores
            var dialogue_acts: Acts
            var symptoms: Symptoms
            var polarity: Pol
            var report: RougeScores
            var report_fields: [String: RougeScores]
        }
        struct Acts: Encodable { var macro_f1: Double, accuracy: Double, sentences: Int, per_act: [String: PRF], confusion: [String: [String: Int]] }
        struct Symptoms: Encodable { var utterance: PRF, dialogue: PRF }
        struct Pol: Encodable { var macro_f1: Double, accuracy: Double, mentions: Int, per_label: [String: PRF], end_to_end: PRF }
        let output = Output(
            dialogues: dialogues, missing_predictions: missingDialogues, labelled_dialogues: labelledDialogues,
            report_dialogues: reportDialogues, ner: ner,
            dialogue_acts: Acts(
                macro_f1: actMacroF1, accuracy: dialogueActs.accuracy, sentences: dialogueActs.total,
                per_act: dialogueActs.perLabel, confusion: dialogueActs.confusion),
            symptoms: Symptoms(utterance: symptomsUtterance, dialogue: symptomsDialogue),
            polarity: Pol(
                macro_f1: polarity.macroF1, accuracy: polarity.givenMentions.accuracy, mentions: polarity.givenMentions.total,
                per_label: polarity.givenMentions.perLabel, end_to_end: polarity.endToEnd),
            report: report, report_fields: reportFields)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(output), as: UTF8.self)
    }

    /// The report as readable tables (`wenzhen eval`).
    private func f(_ x: Double) -> String { String(format: "%.4f", x) }

    private func row(_ name: String, _ s: PRF) -> String {
        name.padding(toLength: 44, withPad: " ", startingAt: 0) + "  P \(f(s.precision))  R \(f(s.recall))  F1 \(f(s.f1))  (n=\(s.support))"
    }

    public func table() -> String {
        var lines: [String] = []
        lines.append("dialogues scored: \(dialogues) (no prediction: \(missingDialogues); with act/symptom/polarity labels: \(labelledDialogues))")
        lines.append("")
        lines.append("NER (entity level, micro)")
        lines.append(row("  overall", ner.overall))
        for type in EntityType.allCases { lines.append(row("  \(type.rawValue)", ner.perType[type.rawValue] ?? PRF())) }
        lines.append("")
        lines.append(actTable())
        lines.append("")
        lines.append("Symptom recognition (norm, status)")
        lines.append(row("  utterance level", symptomsUtterance))
        lines.append(row("  dialogue level", symptomsDialogue))
        lines.append("")
        lines.append("Polarity: macro-F1 \(f(polarity.macroF1)) on gold mentions  accuracy \(f(polarity.givenMentions.accuracy))  (mentions \(polarity.givenMentions.total))")
        for label in Polarity.allCases { lines.append(row("  \(label.rawValue)", polarity.givenMentions.perLabel[label.rawValue] ?? PRF())) }
        lines.append(row("  end to end (span, label)", polarity.endToEnd))
        lines.append("")
        lines.append("Report: ROUGE-1 \(f(report.rouge1))  ROUGE-2 \(f(report.rouge2))  ROUGE-L \(f(report.rougeL))  mean \(f(report.mean))  (dialogues \(reportDialogues))")
        for name in Report.fieldNames {
            let s = reportFields[name] ?? RougeScores()
            lines.append("  \(name)\t R-1 \(f(s.rouge1))  R-2 \(f(s.rouge2))  R-L \(f(s.rougeL))  mean \(f(s.mean))")
        }
        return lines.joined(separator: "\n")
    }

    /// The dialogue-act figures: macro-F1, accuracy, the per-act table and the confusion matrix.
    public func actTable() -> String {
        var lines: [String] = []
        lines.append("Dialogue acts: macro-F1 \(f(actMacroF1))  accuracy \(f(dialogueActs.accuracy))  (sentences \(dialogueActs.total))")
        for act in DialogueAct.allCases { lines.append(row("  \(act.rawValue)", dialogueActs.perLabel[act.rawValue] ?? PRF())) }
        lines.append("Dialogue-act confusion (rows gold, columns predicted; codes in order of the table above)")
        let acts = DialogueAct.allCases.map(\.rawValue) + ["(none)"]
        lines.append("      " + acts.indices.map { String(format: "%5d", $0) }.joined())
        for (index, gold) in DialogueAct.allCases.map(\.rawValue).enumerated() {
            let counts = acts.map { dialogueActs.confusion[gold]?[$0] ?? 0 }
            lines.append(String(format: "%5d ", index) + counts.map { String(format: "%5d", $0) }.joined())
        }
        return lines.joined(separator: "\n")
    }
}
