import Foundation
import WenzhenLexicons

/// Where stages load their lexicons and models from; loaded files are shared by every stage built from it.
public final class StageResources: @unchecked Sendable {
    public let directory: URL
    private let lock = NSLock()
    private var entityLexiconCache: EntityLexicon?
    private var normalizerCache: SymptomNormalizer?
    private var nerModelCache: CRFModel?
    private var dialogueActsCache: LearnedDialogueActs?
    private var learnedNormalizerCache: LearnedNormalizer?

    /// Resources in `directory`.
    public init(directory: URL) { self.directory = directory }

    /// The resources that ship inside the package.
    public static func bundled() throws -> StageResources {
        guard let directory = BundledResources.directory else {
            throw StageError.missingResource(
                "bundled lexicons not found beside the executable; set \(BundledResources.environmentVariable)")
        }
        return StageResources(directory: directory)
    }

    public func url(_ file: String) -> URL { directory.appendingPathComponent(file) }

    /// The entity dictionary of `entities.tsv` plus the symptom lexicon.
    public func entityLexicon() throws -> EntityLexicon {
        try cached(\.entityLexiconCache) {
            var lexicon = try EntityLexicon(contentsOf: url(EntityLexicon.fileName))
            for term in try symptomNormalizer().terms { lexicon.insert(term, type: .symptom) }
            return lexicon
        }
    }

    /// The 331-term symptom lexicon with its alias table.
    public func symptomNormalizer() throws -> SymptomNormalizer {
        try cached(\.normalizerCache) {
            try SymptomNormalizer(lexicon: url(SymptomNormalizer.lexiconFileName), aliases: url(SymptomNormalizer.aliasFileName))
        }
    }

    /// The trained character CRF of the `crf` NER stage.
    public func nerModel() throws -> CRFModel {
        try cached(\.nerModelCache) { try CRFModelFile.read(contentsOf: url(CRFModelFile.fileName)) }
    }

    /// The bigram clusters `wenzhen train clusters` learned, for training the act classifier (which keeps a copy).
    public func bigramClusters() throws -> BigramClusters {
        try BigramClusters(contentsOf: url(BigramClusters.fileName))
    }

    /// The trained classifier of the `linear` dialogue-act stage.
    public func dialogueActs() throws -> LearnedDialogueActs {
        try cached(\.dialogueActsCache) { try LearnedDialogueActs(contentsOf: url(LearnedDialogueActs.fileName)) }
    }

    /// The alias table learned from labelled dialogues, over the symptom lexicon.
    public func learnedNormalizer() throws -> LearnedNormalizer {
        try cached(\.learnedNormalizerCache) { try LearnedNormalizer(base: symptomNormalizer(), contentsOf: url(LearnedNormalizer.fileName)) }
    }

    private func cached<T>(_ slot: ReferenceWritableKeyPath<StageResources, T?>, load: () throws -> T) throws -> T {
        lock.lock()
        if let value = self[keyPath: slot] {
            lock.unlock()
            return value
        }
        lock.unlock()
        let value = try load()
        lock.lock()
        self[keyPath: slot] = value
        lock.unlock()
        return value
    }
}
