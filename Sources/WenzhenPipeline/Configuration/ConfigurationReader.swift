import Yams
import WenzhenStages

/// Reads the YAML tree of a configuration file into `PipelineConfiguration`, refusing unknown keys and
/// values of the wrong type with the key's path in the message.
struct ConfigurationReader {
    let path: String

    func read(_ root: Node.Mapping, into configuration: inout PipelineConfiguration) throws(ConfigurationError) {
        for (key, value) in try entries(root, allowed: ["database", "endpoints", "stages", "limits", "security", "metrics", "resources"], at: "") {
            switch key {
            case "database":
                for (field, node) in try entries(try mapping(value, at: key), allowed: ["path", "synchronous"], at: key) {
                    switch field {
                    case "path": configuration.database.path = try string(node, at: "database.path")
                    default: configuration.database.synchronous = try string(node, at: "database.synchronous")
                    }
                }
            case "endpoints":
                for (field, node) in try entries(try mapping(value, at: key), allowed: ["ingest", "publish", "results"], at: key) {
                    let endpoint = try string(node, at: "endpoints.\(field)")
                    switch field {
                    case "ingest": configuration.endpoints.ingest = endpoint
                    case "publish": configuration.endpoints.publish = endpoint
                    default: configuration.endpoints.results = endpoint
                    }
                }
            case "stages":
                configuration.stages = try stages(try mapping(value, at: key))
            case "limits":
                try readLimits(try mapping(value, at: key), into: &configuration.limits)
            case "security":
                try readSecurity(try mapping(value, at: key), into: &configuration.security)
            case "metrics":
                for (field, node) in try entries(try mapping(value, at: key), allowed: ["textfile", "interval_seconds"], at: key) {
                    switch field {
                    case "textfile": configuration.metrics.textfile = try optionalString(node, at: "metrics.textfile")
                    default: configuration.metrics.intervalSeconds = try number(node, at: "metrics.interval_seconds")
                    }
                }
            default:
                configuration.resources = try string(value, at: "resources")
            }
        }
    }

    private func stages(_ node: Node.Mapping) throws(ConfigurationError) -> [PipelineConfiguration.StageSettings] {
        var result: [PipelineConfiguration.StageSettings] = []
        for (name, value) in node {
            guard let key = name.string, let kind = StageKind(rawValue: key) else {
                throw .invalid(path: path, reason: "stages: \(StageError.unknownStage(name.string ?? "?"))")
            }
            var stage = PipelineConfiguration.StageSettings(kind: kind)
            if let implementation = value.string {
                stage.implementation = implementation
            } else {
                let at = "stages.\(key)"
                for (field, node) in try entries(try mapping(value, at: at), allowed: ["implementation", "workers", "endpoint"], at: at) {
                    switch field {
                    case "implementation": stage.implementation = try string(node, at: "\(at).implementation")
                    case "workers": stage.workers = try integer(node, at: "\(at).workers")
                    default: stage.endpoint = try string(node, at: "\(at).endpoint")
                    }
                }
            }
            result.append(stage)
        }
        return result
    }

    private func readLimits(_ node: Node.Mapping, into limits: inout PipelineConfiguration.Limits) throws(ConfigurationError) {
        let allowed = ["max_message_bytes", "max_in_flight", "stage_timeout_seconds", "drain_timeout_seconds", "idle_timeout_seconds"]
        for (field, value) in try entries(node, allowed: allowed, at: "limits") {
            let at = "limits.\(field)"
            switch field {
            case "max_message_bytes": limits.maxMessageBytes = try integer(value, at: at)
            case "max_in_flight": limits.maxInFlight = try integer(value, at: at)
            case "stage_timeout_seconds": limits.stageTimeoutSeconds = try number(value, at: at)
            case "idle_timeout_seconds": limits.idleTimeoutSeconds = try number(value, at: at)
            default: limits.drainTimeoutSeconds = try number(value, at: at)
            }
        }
    }

    private func readSecurity(_ node: Node.Mapping, into security: inout PipelineConfiguration.SecuritySettings) throws(ConfigurationError) {
        let allowed = ["key_file", "server_public_key", "authorized_keys", "allow_plain_loopback"]
        for (field, value) in try entries(node, allowed: allowed, at: "security") {
            let at = "security.\(field)"
            switch field {
            case "key_file": security.keyFile = try optionalString(value, at: at)
            case "server_public_key": security.serverPublicKey = try optionalString(value, at: at)
            case "authorized_keys": security.authorizedKeys = try strings(value, at: at)
            default: security.allowPlainLoopback = try boolean(value, at: at)
            }
        }
    }

    // MARK: Typed access

    private func entries(_ node: Node.Mapping, allowed: [String], at location: String) throws(ConfigurationError) -> [(String, Node)] {
        var result: [(String, Node)] = []
        for (key, value) in node {
            guard let name = key.string, allowed.contains(name) else {
                let prefix = location.isEmpty ? "" : "\(location)."
                throw .invalid(path: path, reason: "unknown key '\(prefix)\(key.string ?? "?")' (known: \(allowed.joined(separator: ", ")))")
            }
            result.append((name, value))
        }
        return result
    }

    private func mapping(_ node: Node, at location: String) throws(ConfigurationError) -> Node.Mapping {
        guard let mapping = node.mapping else { throw .invalid(path: path, reason: "\(location): expected a mapping") }
        return mapping
    }

    private func string(_ node: Node, at location: String) throws(ConfigurationError) -> String {
        guard let value = node.scalar?.string, !value.isEmpty else { throw .invalid(path: path, reason: "\(location): expected text") }
        return value
    }

    /// Text, or nil for YAML's null (`~`, `null`, nothing).
    private func optionalString(_ node: Node, at location: String) throws(ConfigurationError) -> String? {
        node.null != nil ? nil : try string(node, at: location)
    }

    private func strings(_ node: Node, at location: String) throws(ConfigurationError) -> [String] {
        guard let sequence = node.sequence else { throw .invalid(path: path, reason: "\(location): expected a list") }
        var result: [String] = []
        for item in sequence { result.append(try string(item, at: location)) }
        return result
    }

    private func boolean(_ node: Node, at location: String) throws(ConfigurationError) -> Bool {
        guard let value = node.bool else { throw .invalid(path: path, reason: "\(location): expected true or false") }
        return value
    }

    private func integer(_ node: Node, at location: String) throws(ConfigurationError) -> Int {
        guard let value = node.int else { throw .invalid(path: path, reason: "\(location): expected a whole number") }
        return value
    }

    private func number(_ node: Node, at location: String) throws(ConfigurationError) -> Double {
        guard let value = node.float else { throw .invalid(path: path, reason: "\(location): expected a number") }
        return value
    }
}
