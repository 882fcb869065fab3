import Foundation
import WenzhenCore
import WenzhenStore

/// Reprocesses an archive through the staged pipeline, resumably: dialogues are taken into the checkpoint
/// store first, every stage result is checkpointed, and a rerun after an interruption continues where the
/// store stands. The output is written from the store, so each dialogue appears exactly once.
public struct OfflineProcessor: Sendable {
    public let runner: PipelineRunner

    public init(runner: PipelineRunner) { self.runner = runner }

    /// What a run achieved.
    public struct Summary: Sendable {
        public var counts: Counts
        public var failures: [(id: String, error: String)]
        public var newlyTaken: Int
    }

    /// Takes in `dialogues`, runs every pending one through the stages, and reports progress as
    /// (done or failed so far, total).
    public func run(
        _ dialogues: [Dialogue], statePath: String, inputFingerprint: String,
        progress: (@Sendable (_ settled: Int, _ total: Int) -> Void)? = nil
    ) throws -> (store: CheckpointStore, summary: Summary) {
        _ = try runner.makeLocalStages()
        let store = try runner.openStore(path: statePath, input: inputFingerprint)
        var taken = 0
        for start in stride(from: 0, to: dialogues.count, by: 512) {
            let batch = dialogues[start..<min(dialogues.count, start + 512)].map { dialogue in
                (id: dialogue.id, input: DialogueFile.encodeRecord(dialogue.withoutAnnotations, includeID: true))
            }
            taken += try store.insert(batch)
        }
        let before = try store.counts()
        if before.pending > 0 {
            let settledBefore = before.done + before.failed
            try runner.run(store: store, endpoints: runner.inprocEndpoints(), mode: .untilIdle) { finished, failed in
                progress?(settledBefore + finished + failed, before.total)
            }
        }
        let counts = try store.counts()
        progress?(counts.done + counts.failed, counts.total)
        return (store, Summary(counts: counts, failures: try store.failures(), newlyTaken: taken))
    }

    /// Writes the finished documents of `store`, in intake order.
    public static func writeResults(of store: CheckpointStore, to url: URL, format: DialogueFileFormat) throws {
        let dialogues = try store.finishedDocuments().map { try DialogueFile.decodeRecord($0, id: nil).get() }
        try DialogueFile.write(dialogues, to: url, format: format)
    }

    /// A cheap fingerprint of an input file's bytes (FNV-1a, 64 bits) and size.
    public static func fingerprint(_ data: Data) -> String {
        "\(data.count):\(String(FNV1a.hash64(data), radix: 16))"
    }
}
