import WenzhenCore

/// Baseline report: fills the six fields from the earlier stages' entities, acts and statuses with the
/// clause templates the IMCS-V2 reference reports use most.
public struct TemplateReport: Stage {
    let normalizer: SymptomNormalizer

    public init(normalizer: SymptomNormalizer) { self.normalizer = normalizer }

    public func process(_ dialogue: inout Dialogue) throws {
        let facts = Facts(dialogue, normalizer: normalizer)
        let symptoms = facts.presentSymptoms.prefix(3)
        let complaint = symptoms.isEmpty ? "不适" : symptoms.joined(separator: "伴")
        let duration = facts.duration ?? ""
        var history = "\(duration.isEmpty ? "" : duration + "前")患儿无明显诱因下出现\(complaint)情况，"
        if !facts.absentSymptoms.isEmpty { history += "无\(facts.absentSymptoms.prefix(3).joined(separator: "、"))，" }
        history += "无其他明显不适症状。"
        if !facts.drugsUsed.isEmpty { history += "自服\(facts.drugsUsed.prefix(3).joined(separator: "、"))。" }
        history += "精神状态一般，胃纳一般，余如常。"
        var advice: [String] = []
        if !facts.drugsAdvised.isEmpty { advice.append("予\(facts.drugsAdvised.prefix(3).joined(separator: "、"))服用") }
        if !facts.examsAdvised.isEmpty { advice.append("查\(facts.examsAdvised.prefix(2).joined(separator: "、"))") }
        if facts.hasPrecautions { advice.append("清淡饮食，注意观察") }
        dialogue.report = Report(
            chiefComplaint: "\(complaint)\(duration)。",
            presentIllness: history,
            auxiliaryExamination: facts.examsDone.isEmpty ? "暂缺。" : facts.examsDone.prefix(3).joined(separator: "、") + "。",
            pastHistory: "不详。",
            diagnosis: (facts.diagnoses.first ?? "暂缺") + "。",
            suggestion: advice.isEmpty ? "密切观察，必要时及时就医。" : advice.joined(separator: "，") + "。"
        )
    }

    /// What the earlier stages established about one dialogue, in order of first mention.
    struct Facts {
        var presentSymptoms: [String] = []
        var absentSymptoms: [String] = []
        var diagnoses: [String] = []
        var drugsUsed: [String] = []
        var drugsAdvised: [String] = []
        var examsDone: [String] = []
        var examsAdvised: [String] = []
        var hasPrecautions = false
        var duration: String?

        static let diseaseSuffixes = ["炎", "感染", "感冒", "病", "不良", "症", "哮喘", "积食", "紊乱"]

        static func isDisease(_ term: String) -> Bool { diseaseSuffixes.contains { term.hasSuffix($0) } }

        init(_ dialogue: Dialogue, normalizer: SymptomNormalizer) {
            let statuses = dialogue.implicitSymptoms ?? [:]
            duration = Duration.first(in: dialogue.selfReport)
            let selfCharacters = Array(dialogue.selfReport.unicodeScalars)
            for entity in BIO.entities(dialogue.selfReportBIOLabel ?? []) {
                let text = entity.text(in: selfCharacters)
                switch entity.type {
                case .symptom:
                    if let norm = normalizer.normalize(text), !Self.isDisease(norm), statuses[norm] != .absent {
                        Self.add(norm, to: &presentSymptoms)
                    }
                case .drug: Self.add(text, to: &drugsUsed)
                case .medicalExamination: Self.add(text, to: &examsDone)
                case .drugCategory, .operation: break
                }
            }
            for turn in dialogue.turns {
                let characters = turn.characters
                let symptoms = turn.entities.filter { $0.type == .symptom }
                for (offset, norm) in (turn.symptomNorm ?? []).enumerated() where !norm.isEmpty {
                    if Self.isDisease(norm) {
                        if turn.speaker == .doctor, turn.dialogueAct == .diagnose, statuses[norm] == .present {
                            Self.add(norm, to: &diagnoses)
                        }
                    } else if statuses[norm] == .present, turn.speaker == .patient {
                        Self.add(norm, to: &presentSymptoms)
                    } else if statuses[norm] == .absent, offset < symptoms.count {
                        Self.add(norm, to: &absentSymptoms)
                    }
                }
                for entity in turn.entities {
                    let text = entity.text(in: characters)
                    switch (entity.type, turn.speaker, turn.dialogueAct) {
                    case (.drug, .patient, _): Self.add(text, to: &drugsUsed)
                    case (.drug, .doctor, .informDrugRecommendation?): Self.add(text, to: &drugsAdvised)
                    case (.medicalExamination, .patient, _): Self.add(text, to: &examsDone)
                    case (.medicalExamination, .doctor, .informMedicalAdvice?): Self.add(text, to: &examsAdvised)
                    default: break
                    }
                }
                if turn.dialogueAct == .informPrecautions { hasPrecautions = true }
            }
        }

        private static func add(_ value: String, to list: inout [String]) {
            if !list.contains(value) { list.append(value) }
        }
    }
}
