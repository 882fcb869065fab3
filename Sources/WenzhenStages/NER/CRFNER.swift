import WenzhenCore

/// The learned NER stage: a character CRF tags every sentence and the self-report.
public struct CRFNER: Stage {
    public let model: CRFModel

    public init(model: CRFModel) { self.model = model }

    public func process(_ dialogue: inout Dialogue) throws {
        var workspace = CRFWorkspace()
        for index in dialogue.turns.indices {
            dialogue.turns[index].bioLabel = model.tags(dialogue.turns[index].sentence, workspace: &workspace)
        }
        dialogue.selfReportBIOLabel = model.tags(dialogue.selfReport, workspace: &workspace)
    }
}
