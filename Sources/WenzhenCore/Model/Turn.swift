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

extension Turn: Decodable {
    enum CodingKeys: String, CodingKey {
        case sentenceID = "sentence_id", speaker, sentence, bioLabel = "BIO_label", dialogueAct = "dialogue_act"
        case symptomNorm = "symptom_norm", symptomType = "symptom_type", findings
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let text = try? c.decode(String.self, forKey: .sentenceID) {
            sentenceID = text
        } else {
            sentenceID = String(try c.decode(Int.self, forKey: .sentenceID))
        }
        speaker = try c.decode(Speaker.self, forKey: .speaker)
        sentence = try c.decode(String.self, forKey: .sentence)
        if let label = try c.decodeIfPresent(String.self, forKey: .bioLabel) {
            let tags = BIO.tags(label)
            let length = sentence.unicodeScalars.count
            guard tags.count == length else {
                throw DecodingError.dataCorruptedError(
                    forKey: .bioLabel, in: c,
                    debugDescription: "BIO_label has \(tags.count) tags for the \(length) characters of sentence \(sentenceID)")
            }
            bioLabel = tags
        }
        dialogueAct = try c.decodeIfPresent(DialogueAct.self, forKey: .dialogueAct)
        symptomNorm = try c.decodeIfPresent([String].self, forKey: .symptomNorm)
        symptomType = try c.decodeIfPresent([SymptomStatus].self, forKey: .symptomType)
        findings = try c.decodeIfPresent([Finding].self, forKey: .findings)
    }

    /// Writes the turn as a JSON object, with the keys of the dataset.
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member(CodingKeys.sentenceID.rawValue, sentenceID)
        writer.member(CodingKeys.speaker.rawValue, speaker.rawValue)
        writer.member(CodingKeys.sentence.rawValue, sentence)
        if let bioLabel { writer.member(CodingKeys.bioLabel.rawValue, BIO.label(bioLabel)) }
        if let dialogueAct { writer.member(CodingKeys.dialogueAct.rawValue, dialogueAct.rawValue) }
        if let symptomNorm { writer.member(CodingKeys.symptomNorm.rawValue, symptomNorm) }
        if let symptomType { writer.member(CodingKeys.symptomType.rawValue, symptomType.map(\.rawValue)) }
        if let findings {
            writer.key(CodingKeys.findings.rawValue)
            writer.beginArray()
            for finding in findings {
                writer.beginObject()
                writer.member("mention", finding.mention)
                writer.key("range")
                writer.beginArray()
                for offset in finding.range { writer.int(offset) }
                writer.endArray()
                writer.member("norm", finding.norm)
                writer.member("attr", finding.attr.rawValue)
                writer.endObject()
            }
            writer.endArray()
        }
        writer.endObject()
    }
}
