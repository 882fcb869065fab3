import WenzhenCore

/// Checks that every symptom, drug, exam, operation or disease a report names can be traced to its dialogue:
/// the report's entities (found by the NER model, each item of a 、-list on its own) must occur in the dialogue
/// or self-report as written, or share their lexicon term with a mention there (a fever grade there grounds
/// 发热), or, for an exam or a treatment, its standard name (验血 there grounds 血常规, 挂水 grounds 输液).
public struct ReportGrounding: Sendable {
    let model: CRFModel
    let normalize: @Sendable (String) -> String

    public init(model: CRFModel, normalize: @escaping @Sendable (String) -> String) {
        self.model = model
        self.normalize = normalize
    }

    /// What the check found in one report.
    public struct Result: Sendable {
        public var entities = 0
        public var grounded = 0
        public var ungrounded: [String] = []
    }

    public func check(_ dialogue: Dialogue) -> Result {
        guard let report = dialogue.report else { return Result() }
        let texts = [dialogue.selfReport] + dialogue.turns.map(\.sentence)
        var terms = Set<String>()
        var standardNames = Set<String>()
        var workspace = CRFWorkspace()
        for text in texts {
            let characters = Array(text.unicodeScalars)
            for entity in BIO.entities(model.tags(text, workspace: &workspace)) {
                let mention = entity.text(in: characters)
                let term = normalize(mention)
                if !term.isEmpty { terms.formUnion([term, SymptomNormalizer.generic(term)]) }
                if let name = Self.standardName(entity.type, mention) { standardNames.insert(name) }
            }
        }
        var result = Result()
        for field in report.fields {
            let characters = Array(field.unicodeScalars)
            // The report lists terms with 、; the NER model sometimes tags such a list as one entity.
            let mentions = BIO.entities(model.tags(field, workspace: &workspace)).flatMap { entity in
                entity.text(in: characters).split(separator: "、").map { (type: entity.type, text: String($0)) }
            }
            for (type, mention) in mentions {
                result.entities += 1
                let term = normalize(mention)
                if texts.contains(where: { $0.hasSubstring(mention) }) || (!term.isEmpty && terms.contains(term))
                    || Self.standardName(type, mention).map(standardNames.contains) == true {
                    result.grounded += 1
                } else {
                    result.ungrounded.append(mention)
                }
            }
        }
        return result
    }

    /// The name a report writes for an exam or a treatment mention (`ExamNames`, `TreatmentNames`); nil for others.
    static func standardName(_ type: EntityType, _ mention: String) -> String? {
        switch type {
        case .medicalExamination: ExamNames.standard(mention)
        case .operation: TreatmentNames.standard(mention)
        case .symptom, .drug, .drugCategory: nil
        }
    }
}
