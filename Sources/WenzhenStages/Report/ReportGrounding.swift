import WenzhenCore

/// Checks that every symptom, drug, exam, operation or disease a report names can be traced to its dialogue:
/// the report's entities (found by the NER model) must occur in the dialogue or self-report as written, or
/// share their lexicon term with a mention there (a fever grade there grounds 发热).
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
        var workspace = CRFWorkspace()
        for text in texts {
            let characters = Array(text.unicodeScalars)
            for entity in BIO.entities(model.tags(text, workspace: &workspace)) {
                let term = normalize(entity.text(in: characters))
                if !term.isEmpty { terms.formUnion([term, SymptomNormalizer.generic(term)]) }
            }
        }
        var result = Result()
        for field in report.fields {
            let characters = Array(field.unicodeScalars)
            for entity in BIO.entities(model.tags(field, workspace: &workspace)) {
                let mention = entity.text(in: characters)
                result.entities += 1
                let term = normalize(mention)
                if texts.contains(where: { $0.hasSubstring(mention) }) || (!term.isEmpty && terms.contains(term)) {
                    result.grounded += 1
                } else {
                    result.ungrounded.append(mention)
                }
            }
        }
        return result
    }
}
