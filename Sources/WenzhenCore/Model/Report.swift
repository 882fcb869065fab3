/// The six-field IMCS-V2 medical report.
public struct Report: Hashable, Sendable {
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

    /// Reads a report object keyed by the Chinese field names; a missing field is empty.
    init(reading reader: inout JSONReader) throws {
        var values = Array(repeating: "", count: Self.fieldNames.count)
        try reader.readObject { reader, name in
            guard let index = Self.fieldNames.firstIndex(of: name) else { return try reader.skipValue() }
            if !reader.readNull() { values[index] = try reader.readString() }
        }
        self.init(
            chiefComplaint: values[0], presentIllness: values[1], auxiliaryExamination: values[2], pastHistory: values[3],
            diagnosis: values[4], suggestion: values[5])
    }

    /// Writes the report as a JSON object keyed by the Chinese field names, in report order.
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        for (name, value) in zip(Self.fieldNames, fields) { writer.member(name, value) }
        writer.endObject()
    }
}