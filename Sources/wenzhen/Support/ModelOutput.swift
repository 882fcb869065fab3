import ArgumentParser
import Foundation

/// Where every `wenzhen train` command writes what it trains: a directory, by default the package's own
/// resources (then rebuild to ship them).
struct ModelOutput: ParsableArguments {
    @Option(help: "Directory to write the trained files into.")
    var output: String = "Lexicons/data"

    /// The path of the trained file `fileName`.
    func url(_ fileName: String) -> URL { URL(fileURLWithPath: output).appendingPathComponent(fileName) }
}
