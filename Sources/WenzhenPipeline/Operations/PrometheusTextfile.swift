import Foundation
import WenzhenWire

/// The daemon's figures in the Prometheus text exposition format, written for node-exporter's textfile
/// collector: atomically (a temporary file renamed), so that the collector never reads half a file.
enum PrometheusTextfile {
    static func render(_ status: PipelineStatus) -> String {
        var lines: [String] = []
        func metric(_ name: String, _ type: String, _ help: String, _ samples: [(labels: String, value: Double)]) {
            lines.append("# HELP wenzhen_\(name) \(help)")
            lines.append("# TYPE wenzhen_\(name) \(type)")
            for sample in samples { lines.append("wenzhen_\(name)\(sample.labels) \(format(sample.value))") }
        }
        let stages = status.stages
        metric("stage_processed_total", "counter", "Stage results recorded.", stages.map { ("{stage=\"\($0.name)\"}", Double($0.processed)) })
        metric("stage_failed_total", "counter", "Dialogues a stage could not process.", stages.map { ("{stage=\"\($0.name)\"}", Double($0.failed)) })
        metric("stage_queue_depth", "gauge", "Dialogues handed to a stage and not yet returned.", stages.map { ("{stage=\"\($0.name)\"}", Double($0.queued)) })
        metric("stage_results_per_second", "gauge", "Stage results per second over the last minute.", stages.map { ("{stage=\"\($0.name)\"}", $0.perSecond) })
        metric("stage_latency_seconds", "summary", "Time from hand-out to result, last 1024 results.", stages.flatMap { stage in
            [("0.5", stage.latencyP50Ms), ("0.99", stage.latencyP99Ms)].compactMap { quantile, ms in
                ms.map { ("{stage=\"\(stage.name)\",quantile=\"\(quantile)\"}", $0 / 1000) }
            }
        })
        metric("ingest_requests_total", "counter", "Ingest requests by outcome.", [
            ("{outcome=\"accepted\"}", Double(status.accepted)), ("{outcome=\"rejected\"}", Double(status.rejected)),
        ])
        metric("dead_letters", "gauge", "Messages kept in the dead-letter table.", [("", Double(status.deadLetters))])
        metric("dialogues", "gauge", "Dialogues in the store by state.", status.dialogues.keys.sorted().map { ("{state=\"\($0)\"}", Double(status.dialogues[$0]!)) })
        metric("store_writable", "gauge", "1 while the store takes writes, 0 during a store fault.", [("", status.storeFault == nil ? 1 : 0)])
        metric("uptime_seconds", "gauge", "Seconds since the daemon started.", [("", status.uptimeSeconds)])
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the figures to `path` atomically.
    static func write(_ status: PipelineStatus, to path: String) throws {
        try Data(render(status).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
