/// Stage implementations registered by name, so that a configuration file picks them (`ner: lexicon`).
public struct StageRegistry: Sendable {
    public typealias Factory = @Sendable (StageResources) throws -> any Stage

    private var factories: [StageKind: [String: Factory]] = [:]

    public init() {}

    /// Registers `factory` as implementation `name` of stage `kind`, replacing any earlier one of that name.
    public mutating func register(_ kind: StageKind, _ name: String, factory: @escaping Factory) {
        factories[kind, default: [:]][name] = factory
    }

    /// The implementation names registered for `kind`, sorted.
    public func implementations(of kind: StageKind) -> [String] { (factories[kind] ?? [:]).keys.sorted() }

    /// Builds implementation `name` of stage `kind`.
    public func makeStage(_ kind: StageKind, implementation name: String, resources: StageResources) throws -> any Stage {
        guard let factory = factories[kind]?[name] else {
            throw StageError.unknownImplementation(stage: kind, name: name, available: implementations(of: kind))
        }
        return try factory(resources)
    }

    /// Every implementation that ships with Wenzhen.
    public static let standard: StageRegistry = {
        var registry = StageRegistry()
        registry.register(.ner, "lexicon") { try LexiconNER(lexicon: $0.entityLexicon()) }
        registry.register(.ner, "crf") { try CRFNER(model: $0.nerModel()) }
        registry.register(.dac, "rules") { _ in RuleDialogueActs() }
        registry.register(.dac, "linear") { try $0.dialogueActs() }
        registry.register(.symptoms, "alias") { try AliasSymptomRecognizer(normalizer: $0.symptomNormalizer()) }
        registry.register(.symptoms, "learned") { try LearnedSymptoms(normalizer: $0.learnedNormalizer(), contentsOf: $0.url(LearnedSymptoms.fileName)) }
        registry.register(.polarity, "cues") { try CuePolarity(normalizer: $0.symptomNormalizer()) }
        registry.register(.polarity, "learned") { try LearnedPolarity(normalizer: $0.learnedNormalizer(), contentsOf: $0.url(LearnedPolarity.fileName)) }
        registry.register(.report, "template") { resources in
            let normalizer = try resources.learnedNormalizer()
            return TemplateReport(normalize: { normalizer.normalize($0) })
        }
        return registry
    }()
}
