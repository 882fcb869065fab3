/// The standard name of a colloquial examination mention, as a clinician writes it in a record: 验血, 查下血,
/// 血象 → 血常规; 化验大便, 大便检查 → 大便常规; 验尿, 查小便 → 尿常规; 拍片, 拍个片子 → 胸片; 听一下肺部 → 肺部听诊;
/// 听一下气管 → 听诊.
/// A mention that names another exam (支原体, 微量元素, 彩超 …), one item of a panel (白细胞: of blood or of
/// stool?) or several samples at once keeps its own words, less a verb before them (查个支原体 → 支原体).
public enum ExamNames {
    static let bloodCount: CueList = ["血常规", "血象", "血项", "血相", "血细胞"]
    static let samplingVerbs: CueList = ["验", "抽", "查", "测", "采", "检", "指尖", "手指", "末梢"]
    /// Other exams of blood, stool or urine: named for themselves.
    static let specificTests: CueList = [
        "支原体", "衣原体", "微量元素", "过敏原", "血型", "血糖", "肝功", "肾功", "心肌酶", "反应蛋白", "CRP", "crp", "降钙素", "病毒", "铅",
        "胆红素", "黄疸", "培养", "抗体", "电解质", "血气", "凝血", "甲功", "轮状", "潜血", "隐血", "病原",
    ]
    static let blood: CueList = ["血"]
    static let stool: CueList = ["大便", "粪", "大小便"]
    static let urine: CueList = ["尿", "小便"]
    static let testing: CueList = ["常规", "化验", "检查", "查", "验", "检测"]
    static let chestFilm: CueList = ["胸片", "拍片", "拍个片", "片子", "胸透", "X光", "x光", "X线", "x线"]
    /// The verbs a mention may begin with (查个支原体, 化验一下电解质), longest first.
    static let verbs = ["化验一下", "检查一下", "化验下", "检查下", "查一下", "验一下", "做一下", "测一下", "化验", "检查", "查下", "查个", "验个", "做个", "查", "验", "做", "测"]

    /// The standard name of `mention`, or the exam it names without a verb before it (查个支原体 → 支原体).
    public static func standard(_ mention: String) -> String {
        let ofStool = stool.occurs(in: mention) || mention.hasSubstring("便常规") && !urine.occurs(in: mention)
        let samples = [blood.occurs(in: mention), ofStool, urine.occurs(in: mention)].filter { $0 }.count
        if specificTests.occurs(in: mention) || samples > 1 { return mention.withoutLeadingVerb(verbs) }
        if bloodCount.occurs(in: mention) { return "血常规" }
        if mention.unicodeScalars.count <= 6, blood.occurs(in: mention), samplingVerbs.occurs(in: mention) { return "血常规" }
        if urine.occurs(in: mention), testing.occurs(in: mention) { return "尿常规" }
        if ofStool, testing.occurs(in: mention) { return "大便常规" }
        if chestFilm.occurs(in: mention) { return "胸片" }
        if mention.hasSubstring("听") { return mention.hasSubstring("肺") ? "肺部听诊" : "听诊" }
        return mention.withoutLeadingVerb(verbs)
    }
}
