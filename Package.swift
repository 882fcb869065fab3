// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "wenzhen",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "wenzhen", targets: ["wenzhen"]),
        // The decoders of everything that arrives from outside, for the fuzz package in Tests/Fuzz.
        .library(name: "WenzhenDecoders", targets: ["WenzhenCore", "WenzhenWire"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        // The C library libzmq (Debian: libzmq3-dev), seen through pkg-config.
        .systemLibrary(
            name: "CZeroMQ",
            pkgConfig: "libzmq",
            providers: [.apt(["libzmq3-dev"])]
        ),
        // A thin Swift binding over libzmq: contexts, sockets, multipart messages, polling. Knows nothing of NLP.
        .target(name: "ZeroMQ", dependencies: ["CZeroMQ"]),
        // The domain model and data formats: dialogues, the results document, IMCS-V2 / JSONL / CHIP-MDCFNPC codecs.
        .target(name: "WenzhenCore"),
        // Lexicons and trained models bundled as package resources.
        .target(
            name: "WenzhenLexicons",
            path: "Lexicons",
            exclude: ["README.md"],
            resources: [.copy("data")]
        ),
        // The SQLite checkpoint store (GRDB over the system SQLite).
        .target(
            name: "WenzhenStore",
            dependencies: ["WenzhenCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The NLP stages behind one `Stage` protocol, registered by name.
        .target(name: "WenzhenStages", dependencies: ["WenzhenCore", "WenzhenLexicons"]),
        // The wire protocol: ingest requests and replies, hub–worker messages. Knows nothing of sockets or NLP.
        .target(name: "WenzhenWire", dependencies: ["WenzhenCore"]),
        // The metrics of the CBLUE / IMCS-V2 scorers.
        .target(name: "WenzhenEval", dependencies: ["WenzhenCore"]),
        // The staged pipeline runtime: configuration, hub, stage workers, daemon service.
        .target(
            name: "WenzhenPipeline",
            dependencies: [
                "WenzhenCore", "WenzhenStages", "WenzhenStore", "WenzhenWire", "ZeroMQ", "Yams",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The `wenzhen` command-line tool.
        .executableTarget(
            name: "wenzhen",
            dependencies: [
                "WenzhenCore", "WenzhenStages", "WenzhenPipeline", "WenzhenEval", "WenzhenStore", "WenzhenWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "WenzhenTests",
            dependencies: ["WenzhenCore", "WenzhenStages", "WenzhenPipeline", "WenzhenEval", "WenzhenStore", "WenzhenWire", "ZeroMQ"],
            exclude: ["Fixtures"]
        ),
    ]
)
