/// One annotation of a live dialogue that a new revision set or changed: a sentence's act, a sentence's
/// status for a symptom, a mention's polarity, or the dialogue-level status of a symptom. Its JSON form is what
/// `show` with `changes` and the `changes` publication carry.
public struct AnnotationChange: Hashable, Sendable, Decodable {
    /// What kind of annotation changed.
    public enum Kind: String, Sendable, CaseIterable, Decodable {
        /// `dialogue_act` of a sentence; subject is empty.
        case act
        /// A sentence's status for one lexicon term (`symptom_norm` / `symptom_type`); subject is the term.
        case sentenceStatus = "sentence_status"
        /// The polarity of one finding; subject is `start-end mention`.
        case polarity
        /// The dialogue-level status (`implicit_info.Symptom`); subject is the term.
        case dialogueStatus = "dialogue_status"
    }

    /// The revision whose results made the change.
    public var revision: Int
    public var kind: Kind
    /// The sentence the annotation belongs to; nil for dialogue-level annotations.
    public var sentenceID: String?
    public var subject: String
    /// The value before this revision, nil when there was none.
    public var previous: String?
    /// The value after this revision, nil when it is gone (its sentence or mention changed).
    public var value: String?

    public init(revision: Int, kind: Kind, sentenceID: String?, subject: String, previous: String?, value: String?) {
        self.revision = revision
        self.kind = kind
        self.sentenceID = sentenceID
        self.subject = subject
        self.previous = previous
        self.value = value
    }

    enum CodingKeys: String, CodingKey {
        case revision, kind, sentenceID = "sentence_id", subject, previous, value
    }

    /// A list of changes as the JSON array that is published and shown (what `Decodable` reads), written
    /// directly: the hub publishes one with every revision of every live dialogue. Every member is written,
    /// with null for a missing value.
    public static func json(_ changes: [AnnotationChange]) -> [UInt8] {
        var writer = JSONWriter(capacity: 128 * changes.count + 2)
        func member(_ key: CodingKeys, _ value: String?) {
            writer.key(key.rawValue)
            if let value { writer.string(value) } else { writer.null() }
        }
        writer.beginArray()
        for change in changes {
            writer.beginObject()
            writer.key(CodingKeys.revision.rawValue)
            writer.int(change.revision)
            member(.kind, change.kind.rawValue)
            member(.sentenceID, change.sentenceID)
            member(.subject, change.subject)
            member(.previous, change.previous)
            member(.value, change.value)
            writer.endObject()
        }
        writer.endArray()
        return writer.bytes
    }
}

extension Dialogue {
    /// The annotations that differ between `previous` (an earlier revision's results, nil for none) and this
    /// document, which is `revision`'s: sentence by sentence in dialogue order, then the dialogue-level
    /// statuses by term.
    public func annotationChanges(since previous: Dialogue?, revision: Int) -> [AnnotationChange] {
        let earlier = Dictionary((previous?.turns ?? []).map { ($0.sentenceID, $0) }, uniquingKeysWith: { first, _ in first })
        var changes: [AnnotationChange] = []
        for turn in turns {
            let before = earlier[turn.sentenceID]
            // Most sentences keep their annotations from one revision to the next: compared whole first.
            if let before, before.hasSameAnnotations(as: turn) { continue }
            func compare(_ kind: AnnotationChange.Kind, _ old: [String: String], _ new: [String: String]) {
                for subject in Set(old.keys).union(new.keys).sorted() where old[subject] != new[subject] {
                    changes.append(AnnotationChange(revision: revision, kind: kind, sentenceID: turn.sentenceID, subject: subject, previous: old[subject], value: new[subject]))
                }
            }
            compare(.act, before?.dialogueAct.map { ["": $0.rawValue] } ?? [:], turn.dialogueAct.map { ["": $0.rawValue] } ?? [:])
            compare(.sentenceStatus, before?.statusesByTerm ?? [:], turn.statusesByTerm)
            compare(.polarity, before?.polaritiesByMention ?? [:], turn.polaritiesByMention)
        }
        let old = previous?.implicitSymptoms ?? [:], new = implicitSymptoms ?? [:]
        for term in Set(old.keys).union(new.keys).sorted() where old[term] != new[term] {
            changes.append(AnnotationChange(revision: revision, kind: .dialogueStatus, sentenceID: nil, subject: term, previous: old[term]?.rawValue, value: new[term]?.rawValue))
        }
        return changes
    }
}

extension AnnotationChange {
    /// The changes between two encoded results documents (`previous` nil for none), as
    /// `Dialogue.annotationChanges(since:revision:)` finds them. Only the sentences whose JSON differs are
    /// decoded: from one revision to the next most sentences keep theirs byte for byte, and the hub compares
    /// every revision of every live dialogue.
    public static func between(previous: [UInt8]?, current: [UInt8], revision: Int) throws -> [AnnotationChange] {
        let now = try AnnotationSketch(json: current)
        let before = try previous.map { try AnnotationSketch(json: $0) }
        // Two partial dialogues of the sentences that differ; the rest cannot contribute a change.
        var changed = Dialogue(id: "", turns: [], implicitSymptoms: now.implicitSymptoms)
        var earlier = before.map { Dialogue(id: "", turns: [], implicitSymptoms: $0.implicitSymptoms) }
        let earlierTurns = before?.turns ?? []
        for index in 0..<max(now.turns.count, earlierTurns.count) {
            let new = index < now.turns.count ? now.turns[index] : nil
            let old = index < earlierTurns.count ? earlierTurns[index] : nil
            if let new, let old, new == old { continue }
            if let new { changed.turns.append(try AnnotationSketch.decode(new)) }
            if let old { earlier?.turns.append(try AnnotationSketch.decode(old)) }
        }
        return changed.annotationChanges(since: earlier, revision: revision)
    }
}

/// A results document read only as far as the change log needs: each sentence's JSON, undecoded, and the
/// dialogue-level statuses.
private struct AnnotationSketch {
    var turns: [ArraySlice<UInt8>] = []
    var implicitSymptoms: [String: SymptomStatus]?

    init(json: [UInt8]) throws {
        var reader = JSONReader(json)
        var turns: [ArraySlice<UInt8>] = []
        var symptoms: [String: SymptomStatus]?
        try reader.readObject(DialogueRecord.keys) { reader, key in
            switch key {
            case .dialogue?: try reader.readArray { reader, _ in turns.append(try reader.readRawValue()) }
            case .implicitInfo?: if !reader.readNull() { symptoms = try DialogueRecord.readImplicitSymptoms(&reader) }
            default: try reader.skipValue()
            }
        }
        self.turns = turns
        implicitSymptoms = symptoms
    }

    static func decode(_ turn: ArraySlice<UInt8>) throws -> Turn {
        var reader = JSONReader(Array(turn))
        return try Turn(reading: &reader)
    }
}

extension Turn {
    /// Whether the act, statuses and polarities are those of `other`.
    func hasSameAnnotations(as other: Turn) -> Bool {
        dialogueAct == other.dialogueAct && symptomType == other.symptomType && symptomNorm == other.symptomNorm && findings == other.findings
    }

    /// The sentence's status per normalized term (mentions with no term left out).
    var statusesByTerm: [String: String] {
        guard let norms = symptomNorm, let types = symptomType else { return [:] }
        var statuses: [String: String] = [:]
        for (norm, type) in zip(norms, types) where !norm.isEmpty { statuses[norm] = type.rawValue }
        return statuses
    }

    /// The polarity of each finding, keyed by its place and text.
    var polaritiesByMention: [String: String] {
        var polarities: [String: String] = [:]
        for finding in findings ?? [] { polarities["\(finding.start)-\(finding.end) \(finding.mention)"] = finding.attr.rawValue }
        return polarities
    }
}
