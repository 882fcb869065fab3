// swift-tools-version:6.1
// The libFuzzer target for every decoder of outside input: ingest requests, hub–worker messages, dataset and
// JSON Lines files. A package of its own, because its entry point needs libFuzzer's runtime, which only
// `swift build -Xswiftc -sanitize=fuzzer` links. Built and run for a bounded time by `.ci/fuzz`.
import PackageDescription

let package = Package(
    name: "wenzhen-fuzz",
    dependencies: [.package(name: "wenzhen", path: "../..")],
    targets: [
        .executableTarget(name: "WenzhenFuzz", dependencies: [.product(name: "WenzhenDecoders", package: "wenzhen")]),
    ]
)
