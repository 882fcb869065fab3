import Foundation
import Testing
import WenzhenCore
@testable import WenzhenEval

@Suite("Metrics")
struct EvalTests {
    @Test("character ROUGE: identical is 1, disjoint 0, partial by the formulas")
    func rouge() {
        #expect(RougeScores.score("发热三天", references: ["发热三天"]).mean == 1)
        #expect(RougeScores.score("咳嗽", references: ["发热"]).mean == 0)
        let s = RougeScores.score("发热两天", references: ["发热三天"])
        #expect(abs(s.rouge1 - 0.75) < 1e-9)
        #expect(abs(s.rouge2 - 1.0 / 3) < 1e-9)
        #expect(abs(s.rougeL - 0.75) < 1e-9)
        let two = RougeScores.score("发热", references: ["发热", "咳嗽"])
        #expect(abs(two.rouge1 - 0.5) < 1e-9, "averaged over references")
    }

    @Test("every task scored with the official semantics")
    func evaluator() throws {
        func turn(_ id: String, _ sentence: String, tags: [String], act: DialogueAct, norms: [String], types: [SymptomStatus], findings: [Finding]) -> Turn {
            Turn(sentenceID: id, speaker: .patient, sentence: sentence, bioLabel: tags, dialogueAct: act, symptomNorm: norms, symptomType: types, findings: findings)
        }
        let gold = Dialogue(id: "g", turns: [
            turn("1", "发烧咳嗽", tags: ["B-Symptom", "I-Symptom", "B-Symptom", "I-Symptom"], act: .informSymptom,
                 norms: ["发热", "咳嗽"], types: [.present, .present],
                 findings: [Finding(mention: "发烧", start: 0, end: 2, norm: "发热", attr: .positive), Finding(mention: "咳嗽", start: 2, end: 4, norm: "咳嗽", attr: .positive)]),
            turn("2", "不吐", tags: ["O", "B-Symptom"], act: .informSymptom, norms: ["呕吐"], types: [.absent],
                 findings: [Finding(mention: "吐", start: 1, end: 2, norm: "呕吐", attr: .negative)]),
        ], implicitSymptoms: ["发热": .present, "咳嗽": .present, "呕吐": .absent], referenceReports: [Report(chiefComplaint: "发热")])
        let predicted = Dialogue(id: "g", turns: [
            turn("1", "发烧咳嗽", tags: ["B-Symptom", "I-Symptom", "B-Drug", "I-Drug"], act: .informSymptom,
                 norms: ["发热", "不在词表"], types: [.present, .present],
                 findings: [Finding(mention: "发烧", start: 0, end: 2, norm: "发热", attr: .positive), Finding(mention: "咳嗽", start: 2, end: 4, norm: "咳嗽", attr: .negative)]),
            turn("2", "不吐", tags: ["O", "B-Symptom"], act: .other, norms: ["呕吐"], types: [.present], findings: []),
        ], implicitSymptoms: ["发热": .present, "呕吐": .present], report: Report(chiefComplaint: "发热"))
        let report = Evaluator(vocabulary: ["发热", "咳嗽", "呕吐"]).evaluate(gold: [gold], predicted: [predicted])
        #expect(report.ner.overall == PRF(truePositives: 2, falsePositives: 1, falseNegatives: 1))
        #expect(report.ner.perType["Drug"] == PRF(truePositives: 0, falsePositives: 1, falseNegatives: 0))
        #expect(report.dialogueActs.accuracy == 0.5)
        // Inform-Symptom: tp 1, fn 1 → F1 2/3; Other: fp 1 → F1 0; 14 other acts 0.
        #expect(abs(report.actMacroF1 - (2.0 / 3) / 16) < 1e-9)
        // Utterance: sentence 1 {发热|1} vs gold {发热|1, 咳嗽|1}; sentence 2 {呕吐|1} vs {呕吐|0}.
        #expect(report.symptomsUtterance == PRF(truePositives: 1, falsePositives: 1, falseNegatives: 2))
        #expect(report.symptomsDialogue == PRF(truePositives: 1, falsePositives: 1, falseNegatives: 2))
        #expect(report.polarity.givenMentions.correct == 1)
        #expect(report.polarity.givenMentions.total == 3)
        #expect(report.polarity.endToEnd == PRF(truePositives: 1, falsePositives: 1, falseNegatives: 2))
        #expect(report.report.mean > 0.3)
        #expect(report.missingDialogues == 0)
        #expect(try report.json().contains("\"macro_f1\""))
        #expect(report.table().contains("Dialogue acts: macro-F1"))
    }

    @Test("a gold dialogue with no prediction scores as empty, not skipped")
    func missing() {
        let gold = Dialogue(id: "g", turns: [Turn(sentenceID: "1", speaker: .patient, sentence: "咳", bioLabel: ["B-Symptom"])])
        let report = Evaluator(vocabulary: []).evaluate(gold: [gold], predicted: [])
        #expect(report.missingDialogues == 1)
        #expect(report.ner.overall == PRF(truePositives: 0, falsePositives: 0, falseNegatives: 1))
    }
}
