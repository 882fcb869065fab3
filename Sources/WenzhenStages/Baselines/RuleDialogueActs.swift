import WenzhenCore

/// Baseline dialogue acts: keyword and speaker rules, with a short answer inheriting the topic of the
/// question it answers.
public struct RuleDialogueActs: Stage {
    public init() {}

    public func process(_ dialogue: inout Dialogue) throws {
        var previousQuestion: DialogueAct?
        for index in dialogue.turns.indices {
            let turn = dialogue.turns[index]
            let act = Self.act(of: turn, answering: previousQuestion)
            dialogue.turns[index].dialogueAct = act
            if act.isRequest {
                previousQuestion = act
            } else if turn.speaker == .doctor {
                previousQuestion = nil
            }
        }
    }

    static let pleasantries = ["你好", "您好", "谢谢", "感谢", "不客气", "好的", "嗯", "在吗", "在的", "再见", "客气", "明白", "知道了", "好"]

    static func act(of turn: Turn, answering question: DialogueAct?) -> DialogueAct {
        let text = turn.sentence
        let types = Set(turn.entities.map(\.type))
        if text.count <= 6, types.isEmpty, pleasantries.contains(where: text.hasPrefix) { return .other }
        switch turn.speaker {
        case .doctor: return doctorAct(text, types: types)
        case .patient: return patientAct(text, types: types, answering: question)
        }
    }

    private static func has(_ text: String, _ cues: [String]) -> Bool { cues.contains { text.hasSubstring($0) } }

    private static func doctorAct(_ text: String, types: Set<EntityType>) -> DialogueAct {
        if has(text, ["如果", "假如", "要是", "万一"]) { return .other }
        if ContextCues.isQuestion(text) {
            if has(text, ["多大", "几个月", "几岁", "体重", "多重", "过敏", "男孩", "女孩", "饮食", "着凉", "受凉", "家里", "吃饭", "奶粉", "母乳"]) {
                return .requestBasicInformation
            }
            if types.contains(.drug) || types.contains(.medicalExamination) || types.contains(.drugCategory)
                || has(text, ["吃过", "用过", "用药", "吃药", "什么药", "检查", "查过", "化验", "看过", "医院", "治疗"]) {
                return .requestExistingExaminationAndTreatment
            }
            return .requestSymptom
        }
        if has(text, ["考虑", "诊断", "属于", "应该是", "可能是", "就是", "估计是"]) { return .diagnose }
        if has(text, ["引起", "导致", "因为", "原因", "由于", "所致"]) { return .informEtiology }
        if types.contains(.drug) || types.contains(.drugCategory) || has(text, ["口服", "服用", "吃点", "颗粒", "糖浆", "用药"]) {
            return .informDrugRecommendation
        }
        if has(text, ["医院", "就医", "就诊", "复查", "检查", "拍片", "化验", "输液", "住院"]) { return .informMedicalAdvice }
        if has(text, ["注意", "多喝水", "饮食", "清淡", "保暖", "护理", "避免", "不要", "少吃", "多吃", "观察", "休息"]) {
            return .informPrecautions
        }
        if types.contains(.symptom) { return .informSymptom }
        return .other
    }

    private static func patientAct(_ text: String, types: Set<EntityType>, answering question: DialogueAct?) -> DialogueAct {
        if ContextCues.isQuestion(text) || has(text, ["怎么办", "请问"]) {
            if has(text, ["严重吗", "正常吗", "要紧吗", "没事吧", "有事吗"]) { return .other }
            if has(text, ["什么药", "药", "能吃吗", "可以吃吗"]) || types.contains(.drug) { return .requestDrugRecommendation }
            if has(text, ["注意", "饮食", "能吃", "可以吃", "洗澡", "喂"]) { return .requestPrecautions }
            if has(text, ["怎么回事", "为什么", "什么原因", "怎么会", "什么情况"]) { return .requestEtiology }
            if has(text, ["怎么办", "医院", "检查", "输液", "打针", "看医生", "验血"]) { return .requestMedicalAdvice }
            if types.contains(.symptom) { return .requestSymptom }
            return .other
        }
        switch question {
        case .requestBasicInformation?: return .informBasicInformation
        case .requestExistingExaminationAndTreatment?: return .informExistingExaminationAndTreatment
        case .requestSymptom?: return .informSymptom
        default: break
        }
        if types.contains(.drug) || types.contains(.medicalExamination) || types.contains(.drugCategory) {
            return .informExistingExaminationAndTreatment
        }
        if types.contains(.symptom) { return .informSymptom }
        if has(text, ["岁", "个月", "斤", "公斤", "男", "女"]) { return .informBasicInformation }
        return .other
    }
}

extension DialogueAct {
    /// Whether the act asks for something.
    public var isRequest: Bool { rawValue.hasPrefix("Request-") }
}
