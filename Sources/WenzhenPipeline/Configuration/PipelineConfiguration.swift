import Foundation
import WenzhenStages
import WenzhenStore
import Yams

/// Everything `wenzhen serve`, `process` and `stage` need to know: where the state lives, which endpoints to
/// use, which implementation runs each stage, and the limits. Read from YAML (`Config/wenzhen.yaml`); every
/// key has a default, so an empty file is a valid configuration.
public struct PipelineConfiguration: Equatable, Sendable {
    public var database = DatabaseSettings()
    public var endpoints = Endpoints()
    public var stages: [StageSettings] = StageKind.allCases.map { StageSettings(kind: $0) }
    public var limits = Limits()
    public var security = SecuritySettings()
    public var metrics = MetricsSettings()
    /// A directory of lexicons and models to use instead of the bundled ones.
    public var resources: String?

    public init() {}

    public struct DatabaseSettings: Equatable, Sendable {
        /// The SQLite file, relative to the working directory unless absolute.
        public var path = "wenzhen.sqlite"
        public var synchronous = "full"
    }

    public struct Endpoints: Equatable, Sendable {
        /// Where clients submit dialogues (ROUTER; REQ or DEALER clients).
        public var ingest = "ipc://wenzhen-ingest.ipc"
        /// Where finished results are published (PUB; topic = dialogue id).
        public var publish = "ipc://wenzhen-publish.ipc"
        /// Where stage workers send their results (PULL).
        public var results = "ipc://wenzhen-results.ipc"
    }

    public struct StageSettings: Equatable, Sendable {
        public var kind: StageKind
        /// The registered implementation name (`ner: lexicon`).
        public var implementation: String
        /// Worker threads the daemon runs itself; 0 leaves the stage to external `wenzhen stage` processes.
        public var workers = 1
        /// Where the hub hands this stage its work (PUSH); workers connect here.
        public var endpoint: String

        public init(kind: StageKind, implementation: String? = nil, workers: Int = 1, endpoint: String? = nil) {
            self.kind = kind
            self.implementation = implementation ?? Self.defaultImplementation[kind]!
            self.workers = workers
            self.endpoint = endpoint ?? "ipc://wenzhen-\(kind.rawValue).ipc"
        }

        public static let defaultImplementation: [StageKind: String] = [
            .ner: "crf", .dac: "linear", .symptoms: "learned", .polarity: "learned", .report: "template",
        ]
    }

    public struct Limits: Equatable, Sendable {
        /// The largest message the daemon accepts on any endpoint.
        public var maxMessageBytes = 4 << 20
        /// How many dialogues may be between stages at once.
        public var maxInFlight = 1024
        /// How long a stage may hold a dialogue before it is handed out again.
        public var stageTimeoutSeconds = 30.0
        /// How long a graceful shutdown waits for dialogues in flight.
        public var drainTimeoutSeconds = 10.0
        /// How long a live dialogue may go without a turn before it is closed.
        public var idleTimeoutSeconds = 900.0
    }

    /// Where the daemon writes its figures for Prometheus (node-exporter's textfile collector).
    public struct MetricsSettings: Equatable, Sendable {
        /// The `.prom` file to write; nil writes none (`wenzhen status` still reports).
        public var textfile: String?
        public var intervalSeconds = 15.0
    }

    /// Who may connect over tcp, and how. Plain tcp is refused unless allowed, and then on loopback only.
    public struct SecuritySettings: Equatable, Sendable {
        /// This process's CURVE key pair, a file written by `wenzhen keys`. The daemon serves every tcp endpoint
        /// with it; clients and remote stage workers prove who they are with theirs.
        public var keyFile: String?
        /// The daemon's public key (Z85 text or a `.pub` file), for connecting processes. Default: the public
        /// half of `keyFile`, for commands on the daemon's own host.
        public var serverPublicKey: String?
        /// Public keys (Z85 text or `.pub` files) of the clients and workers let in, besides this process's own.
        public var authorizedKeys: [String] = []
        /// Allows unencrypted tcp, on loopback addresses only (127.0.0.0/8, ::1, localhost).
        public var allowPlainLoopback = false
    }

    /// The settings of one stage, if the pipeline runs it.
    public func settings(for kind: StageKind) -> StageSettings? { stages.first { $0.kind == kind } }
}

// MARK: - Loading

extension PipelineConfiguration {
    /// Reads and validates a YAML configuration file.
    public static func load(contentsOf url: URL) throws(ConfigurationError) -> PipelineConfiguration {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw .unreadable(path: url.path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .invalid(path: url.path, reason: "not UTF-8 text")
        }
        return try parse(text, path: url.path)
    }

    /// Parses and validates YAML configuration text; `path` names it in errors.
    public static func parse(_ text: String, path: String = "configuration") throws(ConfigurationError) -> PipelineConfiguration {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw .invalid(path: path, reason: "not valid YAML: \(error)")
        }
        var configuration = PipelineConfiguration()
        guard let node else { return configuration }
        guard let root = node.mapping else { throw .invalid(path: path, reason: "the top level must be a mapping") }
        let reader = ConfigurationReader(path: path)
        try reader.read(root, into: &configuration)
        try configuration.validate(path: path)
        return configuration
    }

    /// Checks what a well-formed file can still get wrong.
    func validate(path: String) throws(ConfigurationError) {
        let kinds = stages.map(\.kind)
        guard !kinds.isEmpty else { throw .invalid(path: path, reason: "stages: at least one stage is needed") }
        guard Set(kinds).count == kinds.count else { throw .invalid(path: path, reason: "stages: a stage is listed twice") }
        let order = StageKind.allCases
        guard kinds == order.filter(kinds.contains) else {
            throw .invalid(path: path, reason: "stages: must follow the order \(order.map(\.rawValue).joined(separator: ", "))")
        }
        guard CheckpointStore.Synchronous(rawValue: database.synchronous) != nil else {
            throw .invalid(path: path, reason: "database.synchronous: must be full or normal")
        }
        let endpoints = [endpoints.ingest, endpoints.publish, endpoints.results] + stages.map(\.endpoint)
        for endpoint in endpoints where !Endpoint.isValid(endpoint) {
            throw .invalid(path: path, reason: "endpoint '\(endpoint)' is not tcp://HOST:PORT, ipc://PATH or inproc://NAME")
        }
        guard Set(endpoints).count == endpoints.count else {
            throw .invalid(path: path, reason: "endpoints: each endpoint must be different")
        }
        guard limits.maxMessageBytes > 0, limits.maxInFlight > 0, limits.stageTimeoutSeconds > 0, limits.drainTimeoutSeconds >= 0,
              limits.idleTimeoutSeconds > 0, metrics.intervalSeconds > 0 else {
            throw .invalid(path: path, reason: "limits and metrics.interval_seconds: must be positive")
        }
        for stage in stages where stage.workers < 0 {
            throw .invalid(path: path, reason: "stages.\(stage.kind.rawValue).workers: must be 0 or more")
        }
    }
}

/// Why a configuration cannot be used: one line naming the file and the key.
public enum ConfigurationError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String)
    case invalid(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path): "cannot read configuration \(path)"
        case let .invalid(path, reason): "configuration \(path): \(reason)"
        }
    }
}
