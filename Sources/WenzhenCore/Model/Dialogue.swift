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
public struct DialogueRecord: Decodable, Sendable {
    public var dialogue: Dialogue

    public init(_ dialogue: Dialogue) { self.dialogue = dialogue }

    enum CodingKeys: String, CodingKey {
        case id, selfReport = "self_report", dialogue, selfReportBIOLabel = "self_report_BIO_label"
        case implicitInfo = "implicit_info", report, reportEvidence = "report_evidence"
    }

    struct ImplicitInfo: Decodable {
        var Symptom: [String: SymptomStatus]
    }

    /// Decodes a record; `id` comes from the record's `id` field unless the caller provides it.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let id = try decoder.userInfo[.dialogueID] as? String ?? c.decodeIfPresent(String.self, forKey: .id)
        guard let id else {
            throw DecodingError.keyNotFound(
                CodingKeys.id, .init(codingPath: c.codingPath, debugDescription: "a dialogue needs an id"))
        }
        var reports: [Report] = []
        var predicted: Report?
        if let list = try? c.decodeIfPresent([Report].self, forKey: .report) {
            reports = list
        } else {
            predicted = try c.decodeIfPresent(Report.self, forKey: .report)
        }
        let selfLabel = try c.decodeIfPresent(String.self, forKey: .selfReportBIOLabel).map(BIO.tags)
        dialogue = Dialogue(
            id: id,
            selfReport: try c.decodeIfPresent(String.self, forKey: .selfReport) ?? "",
            turns: try c.decode([Turn].self, forKey: .dialogue),
            selfReportBIOLabel: selfLabel,
            implicitSymptoms: try c.decodeIfPresent(ImplicitInfo.self, forKey: .implicitInfo)?.Symptom,
            report: predicted,
            referenceReports: reports
        )
        dialogue.reportEvidence = try c.decodeIfPresent([String: [String]].self, forKey: .reportEvidence)
    }

    /// The record as JSON; the id is written inside only when asked (JSON Lines).
    public func json(includeID: Bool) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        if includeID { writer.member(CodingKeys.id.rawValue, dialogue.id) }
        writer.member(CodingKeys.selfReport.rawValue, dialogue.selfReport)
        writer.key(CodingKeys.dialogue.rawValue)
        writer.beginArray()
        for turn in dialogue.turns { turn.write(to: &writer) }
        writer.endArray()
        if let label = dialogue.selfReportBIOLabel { writer.member(CodingKeys.selfReportBIOLabel.rawValue, BIO.label(label)) }
        if let symptoms = dialogue.implicitSymptoms {
            writer.key(CodingKeys.implicitInfo.rawValue)
            writer.beginObject()
            writer.key("Symptom")
            writer.beginObject()
            for term in symptoms.keys.sorted() { writer.member(term, symptoms[term]!.rawValue) }
            writer.endObject()
            writer.endObject()
        }
        if let report = dialogue.report {
            writer.key(CodingKeys.report.rawValue)
            report.write(to: &writer)
            if let evidence = dialogue.reportEvidence {
                writer.key(CodingKeys.reportEvidence.rawValue)
                writer.beginObject()
                for field in evidence.keys.sorted() { writer.member(field, evidence[field]!) }
                writer.endObject()
            }
        } else if !dialogue.referenceReports.isEmpty {
            writer.key(CodingKeys.report.rawValue)
            writer.beginArray()
            for report in dialogue.referenceReports { report.write(to: &writer) }
            writer.endArray()
        }
        writer.endObject()
        return writer.bytes
    }
}

extension CodingUserInfoKey {
    /// The id of the record being decoded, when it is the record's key in a dataset file.
    public static let dialogueID = CodingUserInfoKey(rawValue: "wenzhen.dialogueID")!
}
