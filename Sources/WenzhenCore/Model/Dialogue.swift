/// A consultation: the unit of work and the results document that flows through the stages.
///
/// Its JSON form is one record of the IMCS-V2 dataset schema (`self_report`, `dialogue`, `implicit_info`,
/// `report`); the example id is the record's key in a dataset file, or an `id` field in JSON Lines.
public struct Dialogue: Hashable, Sendable {
    public var id: String
    public var selfReport: String
    public var turns: [Turn]
    /// Predicted BIO tags over `selfReport` (not part of the dataset schema; the report stage reads them).
    public var selfReportBIOLabel: [String]?
    /// The dialogue-level symptom statuses, `implicit_info.Symptom` in the dataset.
    public var implicitSymptoms: [String: SymptomStatus]?
    /// The predicted report (an object in the results document).
    public var report: Report?
    /// For each report field, the ids of the sentences its facts come from (`self_report` for the self-report).
    public var reportEvidence: [String: [String]]?
    /// Expert reports (a list in the dataset files).
    public var referenceReports: [Report]

    public init(
        id: String, selfReport: String = "", turns: [Turn], selfReportBIOLabel: [String]? = nil,
        implicitSymptoms: [String: SymptomStatus]? = nil, report: Report? = nil, referenceReports: [Report] = []
    ) {
        self.id = id
        self.selfReport = selfReport
        self.turns = turns
        self.selfReportBIOLabel = selfReportBIOLabel
        self.implicitSymptoms = implicitSymptoms
        self.report = report
        self.referenceReports = referenceReports
    }

    /// The dialogue as a client would send it: text only, with every label and prediction removed.
    public var withoutAnnotations: Dialogue {
        Dialogue(id: id, selfReport: selfReport, turns: turns.map(\.withoutAnnotations))
    }

    /// Whether the sentences carry the extra act / symptom / polarity labels (the labelled dev subset).
    public var hasActLabels: Bool { turns.contains { $0.dialogueAct != nil } }
}

/// The dataset record: a `Dialogue` without its id, which lives outside the record.
public struct DialogueRecord: Sendable {
    public var dialogue: Dialogue

    public init(_ dialogue: Dialogue) { self.dialogue = dialogue }

    enum Key: String, CaseIterable, Sendable {
        case id, selfReport = "self_report", dialogue, selfReportBIOLabel = "self_report_BIO_label"
        case implicitInfo = "implicit_info", report, reportEvidence = "report_evidence"
    }
    static let keys = JSONNames<Key>()

    /// Reads a record; `id` is its key in a dataset file, or nil to take the record's `id` field.
    public init(json: [UInt8], id given: String?) throws {
        var reader = JSONReader(json)
        var id = given, selfReport = "", turns: [Turn]?, selfLabel: [String]?, symptoms: [String: SymptomStatus]?
        var report: Report?, references: [Report] = [], evidence: [String: [String]]?
        try reader.readObject(Self.keys) { reader, key in
            guard !reader.readNull() else { return }
            switch key {
            case .id: if given == nil { id = try reader.readString() } else { try reader.skipValue() }
            case .selfReport: selfReport = try reader.readString()
            case .dialogue:
                var list: [Turn] = []
                try reader.readArray { reader, _ in list.append(try Turn(reading: &reader)) }
                turns = list
            case .selfReportBIOLabel: selfLabel = BIO.tags(try reader.readString())
            case .implicitInfo: symptoms = try Self.readImplicitSymptoms(&reader)
            case .report:
                if reader.atArray() {
                    try reader.readArray { reader, _ in references.append(try Report(reading: &reader)) }
                } else {
                    report = try Report(reading: &reader)
                }
            case .reportEvidence:
                var fields: [String: [String]] = [:]
                try reader.readObject { reader, field in fields[field] = try reader.readStrings() }
                evidence = fields
            case nil: try reader.skipValue()
            }
        }
        try reader.finish()
        guard let id else { throw reader.failure("missing field id") }
        guard let turns else { throw reader.failure("missing field dialogue") }
        if let selfLabel, selfLabel.count != selfReport.unicodeScalars.count {
            throw reader.failure("self_report_BIO_label has \(selfLabel.count) tags for the \(selfReport.unicodeScalars.count) characters of the self-report")
        }
        dialogue = Dialogue(
            id: id, selfReport: selfReport, turns: turns, selfReportBIOLabel: selfLabel, implicitSymptoms: symptoms, report: report,
            referenceReports: references)
        dialogue.reportEvidence = evidence
    }

    /// Reads `implicit_info`: its `Symptom` statuses, nil when it has none.
    static func readImplicitSymptoms(_ reader: inout JSONReader) throws -> [String: SymptomStatus]? {
        var symptoms: [String: SymptomStatus]?
        try reader.readObject { reader, name in
            guard name == "Symptom" else { return try reader.skipValue() }
            guard !reader.readNull() else { return }
            var statuses: [String: SymptomStatus] = [:]
            try reader.readObject { reader, term in statuses[term] = try reader.read(SymptomStatus.jsonNames) }
            symptoms = statuses
        }
        return symptoms
    }

    /// The record as JSON; the id is written inside only when asked (JSON Lines).
    public func json(includeID: Bool) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        if includeID { writer.member(Key.id.rawValue, dialogue.id) }
        writer.member(Key.selfReport.rawValue, dialogue.selfReport)
        writer.key(Key.dialogue.rawValue)
        writer.beginArray()
        for turn in dialogue.turns { turn.write(to: &writer) }
        writer.endArray()
        if let label = dialogue.selfReportBIOLabel { writer.member(Key.selfReportBIOLabel.rawValue, joining: label, separator: BIO.separator) }
        if let symptoms = dialogue.implicitSymptoms {
            writer.key(Key.implicitInfo.rawValue)
            writer.beginObject()
            writer.key("Symptom")
            writer.beginObject()
            for term in symptoms.keys.sorted() { writer.member(term, symptoms[term]!.rawValue) }
            writer.endObject()
            writer.endObject()
        }
        if let report = dialogue.report {
            writer.key(Key.report.rawValue)
            report.write(to: &writer)
            if let evidence = dialogue.reportEvidence {
                writer.key(Key.reportEvidence.rawValue)
                writer.beginObject()
                for field in evidence.keys.sorted() { writer.member(field, evidence[field]!) }
                writer.endObject()
            }
        } else if !dialogue.referenceReports.isEmpty {
            writer.key(Key.report.rawValue)
            writer.beginArray()
            for report in dialogue.referenceReports { report.write(to: &writer) }
            writer.endArray()
        }
        writer.endObject()
        return writer.bytes
    }
}

