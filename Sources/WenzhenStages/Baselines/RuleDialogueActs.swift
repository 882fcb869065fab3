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

    static let pleasantries: CueList = ["你好", "您好", "谢谢", "感谢", "不客气", "好的", "嗯", "在吗", "在的", "再见", "客气", "明白", "知道了", "好"]

    static func act(of turn: Turn, answering question: DialogueAct?) -> DialogueAct {
        let text = turn.sentence
        let types = Set(turn.entities.map(\.type))
        if text.count <= 6, types.isEmpty, pleasantries.begins(text) { return .other }
        switch turn.speaker {
        case .doctor: return doctorAct(text, types: types)
        case .patient: return patientAct(text, types: types, answering: question)
        }
    }

    // The keyword cues of each act.
    static let conditionals: CueList = ["如果", "假如", "要是", "万一"]
    static let basicInformation: CueList = ["多大", "几个月", "几岁", "体重", "多重", "过敏", "男孩", "女孩", "饮食", "着凉", "受凉", "家里", "吃饭", "奶粉", "母乳"]
    static let existingTreatment: CueList = ["吃过", "用过", "用药", "吃药", "什么药", "检查", "查过", "化验", "看过", "医院", "治疗"]
    static let diagnoses: CueList = ["考虑", "诊断", "属于", "应该是", "可能是", "就是", "估计是"]
    static let causes: CueList = ["引起", "导致", "因为", "原因", "由于", "所致"]
    static let drugAdvice: CueList = ["口服", "服用", "吃点", "颗粒", "糖浆", "用药"]
    static let medicalAdvice: CueList = ["医院", "就医", "就诊", "复查", "检查", "拍片", "化验", "输液", "住院"]
    static let precautions: CueList = ["注意", "多喝水", "饮食", "清淡", "保暖", "护理", "避免", "不要", "少吃", "多吃", "观察", "休息"]
    static let patientQuestions: CueList = ["怎么办", "请问"]
    static let seriousness: CueList = ["严重吗", "正常吗", "要紧吗", "没事吧", "有事吗"]
    static let drugQuestions: CueList = ["什么药", "药", "能吃吗", "可以吃吗"]
    static let careQuestions: CueList = ["注意", "饮食", "能吃", "可以吃", "洗澡", "喂"]
    static let whyQuestions: CueList = ["怎么回事", "为什么", "什么原因", "怎么会", "什么情况"]
    static let adviceQuestions: CueList = ["怎么办", "医院", "检查", "输液", "打针", "看医生", "验血"]
    static let basicAnswers: CueList = ["岁", "个月", "斤", "公斤", "男", "女"]

    private static func doctorAct(_ text: String, types: Set<EntityType>) -> DialogueAct {
        if conditionals.occurs(in: text) { return .other }
        if ContextCues.isQuestion(text) {
            if basicInformation.occurs(in: text) {
                return .requestBasicInformation
            }
            if types.contains(.drug) || types.contains(.medicalExamination) || types.contains(.drugCategory)
                || existingTreatment.occurs(in: text) {
                return .requestExistingExaminationAndTreatment
            }
            return .requestSymptom
        }
        if diagnoses.occurs(in: text) { return .diagnose }
        if causes.occurs(in: text) { return .informEtiology }
        if types.contains(.drug) || types.contains(.drugCategory) || drugAdvice.occurs(in: text) {
            return .informDrugRecommendation
        }
        if medicalAdvice.occurs(in: text) { return .informMedicalAdvice }
        if precautions.occurs(in: text) {
            return .informPrecautions
        }
        if types.contains(.symptom) { return .informSymptom }
        return .other
    }

    private static func patientAct(_ text: String, types: Set<EntityType>, answering question: DialogueAct?) -> DialogueAct {
        if ContextCues.isQuestion(text) || patientQuestions.occurs(in: text) {
            if seriousness.occurs(in: text) { return .other }
            if drugQuestions.occurs(in: text) || types.contains(.drug) { return .requestDrugRecommendation }
            if careQuestions.occurs(in: text) { return .requestPrecautions }
            if whyQuestions.occurs(in: text) { return .requestEtiology }
            if adviceQuestions.occurs(in: text) { return .requestMedicalAdvice }
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
        if basicAnswers.occurs(in: text) { return .informBasicInformation }
        return .other
    }
}

extension DialogueAct {
    /// Whether the act asks for something.
    public var isRequest: Bool { rawValue.hasPrefix("Request-") }
}
