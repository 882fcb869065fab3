import Foundation
import WenzhenCore

/// The binary file of a trained `CRFModel`: versioned, checksummed, self-contained (it carries the lexicon
/// its features were trained with).
///
/// Layout (little-endian): magic `WZNERCRF`; format version (UInt32); header length (UInt32) and JSON header
/// (hash bits, labels, feature version, lexicon, training notes); transitions as Float32; observation weights
/// as Float16; an FNV-1a 64-bit checksum of everything before it.
public enum CRFModelFile {
    public static let fileName = "ner-crf.model"
    public static let formatVersion: UInt32 = 1
    static let magic = Array("WZNERCRF".utf8)

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
        let json = try encoder.encode(header)
        var data = Data(magic)
        append(formatVersion, to: &data)
        append(UInt32(json.count), to: &data)
        data.append(json)
        for weight in model.transitions { append(weight.bitPattern, to: &data) }
        for weight in model.emission { append(Float16(weight).bitPattern, to: &data) }
        append(checksum(data), to: &data)
        try data.write(to: url, options: .atomic)
    }

    /// Reads a model; a missing, truncated, corrupt or other-version file is an error that says which.
    public static func read(contentsOf url: URL) throws -> CRFModel {
        let name = url.lastPathComponent
        guard let data = FileManager.default.contents(atPath: url.path) else { throw StageError.missingResource(url.path) }
        func invalid(_ reason: String) -> StageError { .invalidResource(file: name, reason: reason) }
        guard data.count >= magic.count + 16, Array(data.prefix(magic.count)) == magic else {
            throw invalid("not a Wenzhen CRF model file")
        }
        var reader = Reader(data: data, offset: magic.count)
        let version: UInt32 = reader.read()
        guard version == formatVersion else {
            throw invalid("model format version \(version); this build reads version \(formatVersion) (retrain with `wenzhen train ner`)")
        }
        var tail = Reader(data: data, offset: data.count - 8)
        let stored: UInt64 = tail.read()
        guard stored == checksum(data.prefix(data.count - 8)) else { throw invalid("checksum mismatch: the file is corrupt or truncated") }
        let headerLength = Int(reader.read() as UInt32)
        guard reader.offset + headerLength <= data.count - 8,
              let header = try? JSONDecoder().decode(Header.self, from: data.subdata(in: reader.offset..<(reader.offset + headerLength))) else {
            throw invalid("unreadable header")
        }
        reader.offset += headerLength
        guard header.labels == NERLabels.names, header.featureVersion == CharacterFeatures.version, (8...26).contains(header.hashBits) else {
            throw invalid("labels or feature layout differ from this build's (retrain with `wenzhen train ner`)")
        }
        let L = NERLabels.count
        let transitionCount = (L + 1) * L, emissionCount = (1 << header.hashBits) * L
        guard data.count - 8 - reader.offset == transitionCount * 4 + emissionCount * 2 else { throw invalid("weights have the wrong size") }
        let transitions = (0..<transitionCount).map { _ in Float(bitPattern: reader.read()) }
        var emission = [Float](repeating: 0, count: emissionCount)
        data.withUnsafeBytes { raw in
            let base = reader.offset
            for k in 0..<emissionCount {
                emission[k] = Float(Float16(bitPattern: raw.loadUnaligned(fromByteOffset: base + 2 * k, as: UInt16.self).littleEndian))
            }
        }
        var lexicon = EntityLexicon()
        for entry in header.lexicon {
            guard entry.count == 2, let type = EntityType(rawValue: entry[1]) else { throw invalid("bad lexicon entry") }
            lexicon.insert(entry[0], type: type)
        }
        return CRFModel(
            features: CharacterFeatures(hashBits: header.hashBits, lexicon: header.lexicon.isEmpty ? nil : lexicon),
            emission: emission, transitions: transitions)
    }

    /// The training notes stored in a model file's header.
    public static func notes(contentsOf url: URL) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: url.path), data.count > magic.count + 8 else { return [:] }
        var reader = Reader(data: data, offset: magic.count + 4)
        let length = Int(reader.read() as UInt32)
        guard reader.offset + length <= data.count else { return [:] }
        return (try? JSONDecoder().decode(Header.self, from: data.subdata(in: reader.offset..<(reader.offset + length))))?.notes ?? [:]
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to data: inout Data) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }

    static func checksum(_ data: Data) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        data.withUnsafeBytes { raw in
            for byte in raw {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
        }
        return hash
    }

    private struct Reader {
        let data: Data
        var offset: Int

        mutating func read<T: FixedWidthInteger>() -> T {
            let value = data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
            offset += MemoryLayout<T>.size
            return T(littleEndian: value)
        }
    }
}
