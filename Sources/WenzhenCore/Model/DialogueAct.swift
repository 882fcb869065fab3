/// The 16 IMCS-V2 dialogue acts (intents), with their dataset names as raw values.
public enum DialogueAct: String, Codable, Sendable, CaseIterable {
    case requestSymptom = "Request-Symptom"
    case informSymptom = "Inform-Symptom"
    case requestEtiology = "Request-Etiology"
    case informEtiology = "Inform-Etiology"
    case requestBasicInformation = "Request-Basic_Information"
    case informBasicInformation = "Inform-Basic_Information"
    case requestExistingExaminationAndTreatment = "Request-Existing_Examination_and_Treatment"
    case informExistingExaminationAndTreatment = "Inform-Existing_Examination_and_Treatment"
    case requestDrugRecommendation = "Request-Drug_Recommendation"
    case informDrugRecommendation = "Inform-Drug_Recommendation"
    case requestMedicalAdvice = "Request-Medical_Advice"
    case informMedicalAdvice = "Inform-Medical_Advice"
    case requestPrecautions = "Request-Precautions"
    case informPrecautions = "Inform-Precautions"
    case diagnose = "Diagnose"
    case other = "Other"

    /// What the sentence does: the first half of the act's name (Request, Inform), or the whole name (Diagnose,
    /// Other).
    public var function: String { rawValue.split(separator: "-").first.map(String.init) ?? rawValue }

    /// What the sentence is about: the second half of the act's name (Symptom, Etiology …), or the whole name
    /// (Diagnose, Other).
    public var topic: String { rawValue.split(separator: "-").last.map(String.init) ?? rawValue }
}
