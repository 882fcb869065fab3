import Foundation
import WenzhenCore

/// How a trained `CRFModel` is stored: a `ModelContainer` of kind `ner-crf` whose JSON header holds the hash
/// bits, labels, feature version, the lexicon the features were trained with and training notes, with the
/// transitions as Float32 and the observation weights as Float16.
public enum CRFModelFile {
    public static let fileName = "ner-crf.model"
    public static let kind = "ner-crf"
    public static let formatVersion: UInt32 = 1
    static let retrain = "retrain with `wenzhen train ner`"

    struct Header: Codable {
        var hashBits: Int
        var labels: [String]
        var featureVersion: Int
        var lexicon: [[String]]
        var notes: [String: String]
    }

    /// Writes `model`, with free-form `notes` (how it was trained) in the header.
    public static func write(_ model: CRFModel, notes: [String: String], to url: URL) throws {
        let header = Header(
            hashBits: model.features.hashBits, labels: NERLabels.names, featureVersion: CharacterFeatures.version,
            lexicon: (model.features.lexicon?.entries ?? []).map { [$0.surface, $0.type.rawValue] }, notes: notes)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try ModelContainer(
            kind: kind, version: formatVersion, header: try encoder.encode(header),
            sections: [(.float32, model.transitions), (.float16, model.emission)]
        ).write(to: url)
    }

    /// Reads a model; a missing, truncated, corrupt or other-version file is an error that says which.
    public static func read(contentsOf url: URL) throws -> CRFModel {
        let container = try ModelContainer.read(contentsOf: url, kind: kind, version: formatVersion, retrain: retrain)
        func invalid(_ reason: String) -> StageError { .invalidResource(file: url.lastPathComponent, reason: reason) }
        guard let header = try? JSONDecoder().decode(Header.self, from: container.header) else { throw invalid("unreadable header") }
        guard header.labels == NERLabels.names, header.featureVersion == CharacterFeatures.version, (8...26).contains(header.hashBits) else {
            throw invalid("labels or feature layout differ from this build's (\(retrain))")
        }
        let L = NERLabels.count
        guard container.sections.count == 2, container.sections[0].values.count == (L + 1) * L,
              container.sections[1].values.count == (1 << header.hashBits) * L else {
            throw invalid("weights have the wrong size")
        }
        var lexicon = EntityLexicon()
        for entry in header.lexicon {
            guard entry.count == 2, let type = EntityType(rawValue: entry[1]) else { throw invalid("bad lexicon entry") }
            lexicon.insert(entry[0], type: type)
        }
        return CRFModel(
            features: CharacterFeatures(hashBits: header.hashBits, lexicon: header.lexicon.isEmpty ? nil : lexicon),
            emission: container.sections[1].values, transitions: container.sections[0].values)
    }

    /// The training notes stored in a model file's header.
    public static func notes(contentsOf url: URL) throws -> [String: String] {
        let container = try ModelContainer.read(contentsOf: url, kind: kind, version: formatVersion, retrain: retrain)
        return (try? JSONDecoder().decode(Header.self, from: container.header))?.notes ?? [:]
    }
}
