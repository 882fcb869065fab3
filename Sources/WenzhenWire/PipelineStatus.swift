/// What a running daemon reports of itself (`{"kind": "status"}`, `wenzhen status`, the Prometheus textfile).
public struct PipelineStatus: Codable, Equatable, Sendable {
    /// One stage's figures since the daemon started.
    public struct Stage: Codable, Equatable, Sendable {
        public var name: String
        /// Results recorded.
        public var processed: Int
        /// Dialogues the stage could not process.
        public var failed: Int
        /// Dialogues handed to the stage (or waiting to be) whose result has not come back.
        public var queued: Int
        /// Results per second over the last minute.
        public var perSecond: Double
        /// Time from hand-out to result, over the last 1,024 results.
        public var latencyP50Ms: Double?
        public var latencyP99Ms: Double?

        public init(name: String, processed: Int, failed: Int, queued: Int, perSecond: Double, latencyP50Ms: Double?, latencyP99Ms: Double?) {
            self.name = name
            self.processed = processed
            self.failed = failed
            self.queued = queued
            self.perSecond = perSecond
            self.latencyP50Ms = latencyP50Ms
            self.latencyP99Ms = latencyP99Ms
        }
    }

    public var uptimeSeconds: Double
    public var stages: [Stage]
    /// Ingest requests answered ok, and refused.
    public var accepted: Int
    public var rejected: Int
    /// Messages kept in the dead-letter table (all time).
    public var deadLetters: Int
    /// Dialogues in the store by state: pending, open, done, failed.
    public var dialogues: [String: Int]
    /// Why the store cannot be written, while it cannot.
    public var storeFault: String?

    public init(
        uptimeSeconds: Double, stages: [Stage], accepted: Int, rejected: Int, deadLetters: Int, dialogues: [String: Int], storeFault: String?
    ) {
        self.uptimeSeconds = uptimeSeconds
        self.stages = stages
        self.accepted = accepted
        self.rejected = rejected
        self.deadLetters = deadLetters
        self.dialogues = dialogues
        self.storeFault = storeFault
    }
}
