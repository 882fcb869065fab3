import Foundation
import WenzhenStages

/// The example consultations that ship in the package (written for the project, no corpus data).
enum BundledExamples {
    /// Three short consultations (10–13 sentences), for trying the tools.
    static var consultations: URL {
        get throws { try StageResources.bundled().url("examples/consultations.json") }
    }

    /// Two consultations of 40 sentences, the length of a typical IMCS-V2 dialogue, which the benchmarks replicate.
    static var fullLengthConsultations: URL {
        get throws { try StageResources.bundled().url("examples/full-length-consultations.json") }
    }
}
