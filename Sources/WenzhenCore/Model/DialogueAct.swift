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
}
