/// Whether a drug named in a dialogue is taken by mouth, read from its dosage form: a report may write 口服 only
/// for those. Patches, ointments, sprays, drops, suppositories, enemas, injections, infusion fluids and
/// inhalations are not (通气鼻贴, 红霉素软膏, 开塞露, 生理盐水, 布地奈德吸入); a name with no such form is taken to be
/// oral, as nearly all drugs advised for children at home are. Syrups named 露 or 膏 (枇杷露, 枇杷膏) stay oral.
public enum DrugRoutes {
    static let notByMouth: CueList = [
        "贴", "软膏", "乳膏", "药膏", "眼膏", "凝胶", "喷雾", "喷剂", "滴鼻", "滴眼", "滴耳", "眼药水", "栓", "洗剂", "洗液",
        "搽剂", "擦剂", "开塞露", "灌肠", "注射", "针", "氯化钠", "盐水", "吸入", "雾化",
    ]

    /// Whether `drug` is taken by mouth.
    public static func isTakenByMouth(_ drug: String) -> Bool { !notByMouth.occurs(in: drug) }
}
