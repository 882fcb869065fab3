/// The standard name of a treatment mention (an NER Operation), as a clinician writes it in a record: 挂水, 打了水,
/// 打点滴, 输了液 → 输液; 雾化吸入 → 雾化; 打针, 打了一针, 退烧针 → 打针; other treatments keep their words, less a
/// verb before them or 治疗 after them (照蓝光, 蓝光治疗 → 蓝光). Vaccinations, blood sampling and skin tests are
/// not treatments: nil.
public enum TreatmentNames {
    static let notTreatments: CueList = ["疫苗", "预防针", "卡介苗", "抽", "采血", "验血", "皮试"]
    static let infusion: CueList = ["输", "水", "点滴", "吊瓶", "吊针", "静脉"]
    static let nebulization: CueList = ["雾化"]
    static let injection: CueList = ["针", "注射"]
    /// The verbs a mention may begin with (照蓝光, 做了推拿), longest first.
    static let verbs = ["做了", "打了", "照了", "照", "做", "打"]

    /// The standard name of `mention`, or nil when it names no treatment.
    public static func standard(_ mention: String) -> String? {
        if notTreatments.occurs(in: mention) { return nil }
        if infusion.occurs(in: mention) { return "输液" }
        if nebulization.occurs(in: mention) { return "雾化" }
        if injection.occurs(in: mention) { return "打针" }
        let treatment = mention.hasSuffix("治疗") && mention.unicodeScalars.count > 3 ? String(mention.unicodeScalars.dropLast(2)) : mention
        return treatment.withoutLeadingVerb(verbs)
    }
}
