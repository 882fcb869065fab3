import Foundation
import WenzhenStages

/// The example consultations that ship in the package (written for the project, no corpus data).
enum BundledExamples {
    static var consultations: URL {
        get throws { try StageResources.bundled().url("examples/consultations.json") }
    }
}
