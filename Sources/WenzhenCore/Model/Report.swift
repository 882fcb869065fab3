/// The six-field IMCS-V2 medical report.
public struct Report: Hashable, Sendable, Decodable {
    public var chiefComplaint: String
    public var presentIllness: String
    public var auxiliaryExamination: String
    public var pastHistory: String
    public var diagnosis: String
    public var suggestion: String

    public init(
        chiefComplaint: String = "", presentIllness: String = "", auxiliaryExamination: String = "",
        pastHistory: String = "", diagnosis: String = "", suggestion: String = ""
    ) {
        self.chiefComplaint = chiefComplaint
        self.presentIllness = presentIllness
        self.auxiliaryExamination = auxiliaryExamination
        self.pastHistory = pastHistory
        self.diagnosis = diagnosis
        self.suggestion = suggestion
    }

    /// The field names in report order, as keys of the dataset.
    public static let fieldNames = ["主诉", "现病史", "辅助检查", "既往史", "诊断", "建议"]

    /// The fields in report order.
    public var fields: [String] {
        [chiefComplaint, presentIllness, auxiliaryExamination, pastHistory, diagnosis, suggestion]
    }

    /// The report as one text `主诉：…现病史：…辅助检查：…既往史：…诊断：…建议：…`, as the metric reads it.
    public var text: String {
        zip(Self.fieldNames, fields).map { "\($0)：\($1)" }.joined()
    }

    enum CodingKeys: String, CodingKey {
        case chiefComplaint = "主诉"
        case presentIllness = "现病史"
        case auxiliaryExamination = "辅助检查"
        case pastHistory = "既往史"
        case diagnosis = "诊断"
        case suggestion = "建议"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            chiefComplaint: try c.decodeIfPresent(String.self, forKey: .chiefComplaint) ?? "",
            presentIllness: try c.decodeIfPresent(String.self, forKey: .presentIllness) ?? "",
            auxiliaryExamination: try c.decodeIfPresent(String.self, forKey: .auxiliaryExamination) ?? "",
            pastHistory: try c.decodeIfPresent(String.self, forKey: .pastHistory) ?? "",
            diagnosis: try c.decodeIfPresent(String.self, forKey: .diagnosis) ?? "",
            suggestion: try c.decodeIfPresent(String.self, forKey: .suggestion) ?? ""
        )
    }

    /// Writes the report as a JSON object keyed by the Chinese field names, in report order.
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        for (name, value) in zip(Self.fieldNames, fields) { writer.member(name, value) }
        writer.endObject()
    }
}