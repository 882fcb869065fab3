/// Who says a sentence in a consultation.
public enum Speaker: String, Codable, Sendable, CaseIterable {
    case doctor = "医生"
    case patient = "患者"
}
