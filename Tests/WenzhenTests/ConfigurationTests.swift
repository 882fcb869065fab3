import Foundation
import Testing
import WenzhenPipeline
import WenzhenStages

@Suite("Configuration")
struct ConfigurationTests {
    @Test("Config/wenzhen.yaml states exactly the built-in defaults; an empty file is valid")
    func shippedFileMatchesDefaults() throws {
        #expect(try PipelineConfiguration.load(contentsOf: TestSupport.configFile) == PipelineConfiguration())
        #expect(try PipelineConfiguration.parse("") == PipelineConfiguration())
    }

    @Test("stages pick implementations by name, in short or long form")
    func stageSelection() throws {
        let configuration = try PipelineConfiguration.parse("""
            stages:
              ner: lexicon
              dac: {implementation: rules, workers: 0, endpoint: tcp://127.0.0.1:6001}
            """)
        #expect(configuration.stages.map(\.kind) == [.ner, .dac])
        #expect(configuration.settings(for: .dac)?.workers == 0)
        #expect(configuration.settings(for: .dac)?.endpoint == "tcp://127.0.0.1:6001")
    }

    @Test("invalid configurations are refused with the key at fault", arguments: [
        ("stages:\n  nre: lexicon", "unknown stage 'nre'"),
        ("databse:\n  path: x", "unknown key 'databse'"),
        ("limits:\n  max_in_flight: lots", "limits.max_in_flight: expected a whole number"),
        ("endpoints:\n  ingest: http://x", "is not tcp://HOST:PORT"),
        ("stages:\n  dac: rules\n  ner: lexicon", "must follow the order"),
        ("database:\n  synchronous: sometimes", "database.synchronous"),
        ("security:\n  allow_plain_loopback: maybe", "security.allow_plain_loopback: expected true or false"),
        ("security:\n  authorized_keys: somekey", "security.authorized_keys: expected a list"),
        ("a: [b", "not valid YAML"),
        ("- 1", "top level must be a mapping"),
    ])
    func invalid(_ text: String, _ expected: String) {
        #expect {
            _ = try PipelineConfiguration.parse(text)
        } throws: { error in
            "\(error)".contains(expected)
        }
    }

    @Test("a missing file and an unknown implementation are clear errors")
    func missingAndUnknown() throws {
        #expect(throws: ConfigurationError.unreadable(path: "/nonexistent/wenzhen.yaml")) {
            try PipelineConfiguration.load(contentsOf: URL(fileURLWithPath: "/nonexistent/wenzhen.yaml"))
        }
        #expect {
            _ = try StageRegistry.standard.makeStage(.ner, implementation: "bert", resources: StageResources.bundled())
        } throws: { error in
            "\(error)" == "unknown implementation 'bert' for stage ner (available: crf, lexicon)"
        }
    }
}
