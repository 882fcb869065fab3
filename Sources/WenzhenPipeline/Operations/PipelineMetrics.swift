import Foundation
import WenzhenCore
import WenzhenStore
import WenzhenWire

/// The hub's running figures: per stage, results, failures, hand-out-to-result latency and recent rate;
/// ingest requests accepted and refused. Owned by the hub's thread.
final class PipelineMetrics {
    private let stageNames: [String]
    private let started = Date()
    private var processed: [Int]
    private var failed: [Int]
    private var latencies: [LatencyWindow]
    private var recent: [RateWindow]
    var accepted = 0
    var rejected = 0

    init(stageNames: [String]) {
        self.stageNames = stageNames
        processed = Array(repeating: 0, count: stageNames.count)
        failed = processed
        latencies = Array(repeating: LatencyWindow(), count: stageNames.count)
        recent = Array(repeating: RateWindow(), count: stageNames.count)
    }

    /// Counts a result of stage `index` that took `seconds` from hand-out.
    func recordResult(stage index: Int, seconds: Double, failed didFail: Bool) {
        if didFail { failed[index] += 1 } else { processed[index] += 1 }
        latencies[index].add(seconds)
        recent[index].add(at: Date())
    }

    /// The figures now, with the queue depth of each stage and the store's counts.
    func snapshot(queued: [Int], store: CheckpointStore, storeFault: String?) throws -> PipelineStatus {
        let counts = try store.counts()
        let now = Date()
        return PipelineStatus(
            uptimeSeconds: now.timeIntervalSince(started),
            stages: stageNames.indices.map { index in
                PipelineStatus.Stage(
                    name: stageNames[index], processed: processed[index], failed: failed[index], queued: queued[index],
                    perSecond: recent[index].perSecond(at: now),
                    latencyP50Ms: latencies[index].percentile(0.5).map { $0 * 1000 },
                    latencyP99Ms: latencies[index].percentile(0.99).map { $0 * 1000 })
            },
            accepted: accepted, rejected: rejected, deadLetters: try store.deadLetterCount(),
            dialogues: ["pending": counts.pending, "open": counts.open, "done": counts.done, "failed": counts.failed],
            storeFault: storeFault)
    }
}

/// The last 1,024 latencies, for percentiles.
struct LatencyWindow {
    private var samples: [Double] = []
    private var next = 0
    private let capacity = 1024

    mutating func add(_ seconds: Double) {
        if samples.count < capacity { samples.append(seconds) } else { samples[next] = seconds }
        next = (next + 1) % capacity
    }

    func percentile(_ p: Double) -> Double? { Percentile.of(samples, p) }
}

/// Events per second over the last minute, in one-second buckets.
struct RateWindow {
    private var buckets = [(second: Int, count: Int)](repeating: (-1, 0), count: 60)

    mutating func add(at date: Date) {
        let second = Int(date.timeIntervalSince1970)
        let slot = second % buckets.count
        if buckets[slot].second != second { buckets[slot] = (second, 0) }
        buckets[slot].count += 1
    }

    func perSecond(at date: Date) -> Double {
        let now = Int(date.timeIntervalSince1970)
        let total = buckets.filter { now - $0.second < buckets.count && $0.second <= now }.reduce(0) { $0 + $1.count }
        return Double(total) / Double(buckets.count)
    }
}
