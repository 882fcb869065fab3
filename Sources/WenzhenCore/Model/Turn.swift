/// One sentence of a consultation with the annotations the stages add to it.
///
/// Every annotation is optional: an input dialogue may carry none, gold files carry expert labels, and the
/// results document carries predictions.
public struct Turn: Hashable, Sendable {
    public var sentenceID: String
    public var speaker: Speaker
    public var sentence: String
    /// One BIO tag per Unicode scalar of `sentence`.
    public var bioLabel: [String]?
    public var dialogueAct: DialogueAct?
    /// One lexicon term per symptom mention, in order ("" when none fits).
    public var symptomNorm: [String]?
    /// The dialogue-level status of each of those mentions, in the same order.
    public var symptomType: [SymptomStatus]?
    public var findings: [Finding]?

    public init(
        sentenceID: String, speaker: Speaker, sentence: String, bioLabel: [String]? = nil,
        dialogueAct: DialogueAct? = nil, symptomNorm: [String]? = nil, symptomType: [SymptomStatus]? = nil,
        findings: [Finding]? = nil
    ) {
        self.sentenceID = sentenceID
        self.speaker = speaker
        self.sentence = sentence
        self.bioLabel = bioLabel
        self.dialogueAct = dialogueAct
        self.symptomNorm = symptomNorm
        self.symptomType = symptomType
        self.findings = findings
    }

    /// The sentence as the character sequence that tags and offsets index.
    public var characters: [Unicode.Scalar] { Array(sentence.unicodeScalars) }

    /// The entities of `bioLabel`, or none when the turn is untagged.
    public var entities: [Entity] { bioLabel.map(BIO.entities) ?? [] }

    /// The turn as it arrives from a client, with every annotation removed.
    public var withoutAnnotations: Turn { Turn(sentenceID: sentenceID, speaker: speaker, sentence: sentence) }
}

extension Turn {
    enum Key: String, CaseIterable, Sendable {
        case sentenceID = "sentence_id", speaker, sentence, bioLabel = "BIO_label", dialogueAct = "dialogue_act"
        case symptomNorm = "symptom_norm", symptomType = "symptom_type", findings
    }
    static let keys = JSONNames<Key>()

    /// Reads a turn object; its sentence id may be a string or a whole number.
    init(reading reader: inout JSONReader) throws {
        var sentenceID: String?, speaker: Speaker?, sentence: String?, label: String?
        var act: DialogueAct?, norms: [String]?, types: [SymptomStatus]?, findings: [Finding]?
        try reader.readObject(Self.keys) { reader, key in
            guard !reader.readNull() else { return }
            switch key {
            case .sentenceID: sentenceID = reader.atString() ? try reader.readString() : String(try reader.readInt())
            case .speaker: speaker = try reader.read(Speaker.jsonNames)
            case .sentence: sentence = try reader.readString()
            case .bioLabel: label = try reader.readString()
            case .dialogueAct: act = try reader.read(DialogueAct.jsonNames)
            case .symptomNorm: norms = try reader.readStrings()
            case .symptomType:
                var statuses: [SymptomStatus] = []
                try reader.readArray { reader, _ in statuses.append(try reader.read(SymptomStatus.jsonNames)) }
                types = statuses
            case .findings:
                var list: [Finding] = []
                try reader.readArray { reader, _ in list.append(try Finding(reading: &reader)) }
                findings = list
            case nil: try reader.skipValue()
            }
        }
        guard let sentenceID else { throw reader.failure("missing field sentence_id") }
        guard let speaker else { throw reader.failure("missing field speaker") }
        guard let sentence else { throw reader.failure("missing field sentence") }
        self.init(sentenceID: sentenceID, speaker: speaker, sentence: sentence, dialogueAct: act, symptomNorm: norms, symptomType: types, findings: findings)
        let length = sentence.unicodeScalars.count
        if let label {
            let tags = BIO.tags(label)
            guard tags.count == length else {
                throw reader.failure("BIO_label has \(tags.count) tags for the \(length) characters of sentence \(sentenceID)")
            }
            bioLabel = tags
        }
        if let outside = findings?.first(where: { !$0.lies(within: length) }) {
            throw reader.failure("finding \(outside.mention) at \(outside.range) lies outside the \(length) characters of sentence \(sentenceID)")
        }
    }

    /// Writes the turn as a JSON object, with the keys of the dataset.
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member(Key.sentenceID.rawValue, sentenceID)
        writer.member(Key.speaker.rawValue, speaker.rawValue)
        writer.member(Key.sentence.rawValue, sentence)
        if let bioLabel { writer.member(Key.bioLabel.rawValue, joining: bioLabel, separator: BIO.separator) }
        if let dialogueAct { writer.member(Key.dialogueAct.rawValue, dialogueAct.rawValue) }
        if let symptomNorm { writer.member(Key.symptomNorm.rawValue, symptomNorm) }
        if let symptomType { writer.member(Key.symptomType.rawValue, symptomType.map(\.rawValue)) }
        if let findings {
            writer.key(Key.findings.rawValue)
            writer.beginArray()
            for finding in findings { finding.write(to: &writer) }
            writer.endArray()
        }
        writer.endObject()
    }
}
