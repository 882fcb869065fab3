import WenzhenCore

/// The learned NER stage: a character CRF tags every sentence and the self-report.
public struct CRFNER: Stage {
    public let model: CRFModel

    public init(model: CRFModel) { self.model = model }

    public func process(_ dialogue: inout Dialogue) throws {
        var workspace = CRFWorkspace()
        var labels = [UInt8]()
        func tags(_ text: String) -> [String] {
            let codes = text.unicodeScalars.map(\.value)
            if labels.count < codes.count { labels = [UInt8](repeating: 0, count: codes.count) }
            codes.withUnsafeBufferPointer { text in
                labels.withUnsafeMutableBufferPointer { model.decode(text, workspace: &workspace, into: $0) }
            }
            return labels.prefix(codes.count).map { NERLabels.names[Int($0)] }
        }
        for index in dialogue.turns.indices {
            dialogue.turns[index].bioLabel = tags(dialogue.turns[index].sentence)
        }
        dialogue.selfReportBIOLabel = tags(dialogue.selfReport)
    }
}
