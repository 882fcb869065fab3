import ArgumentParser
import Foundation

/// Where every `wenzhen train` command writes what it trains: a directory, by default the package's own
/// resources (then rebuild to ship them).
struct ModelOutput: ParsableArguments {
    @Option(help: "Directory to write the trained files into (made if missing).")
    var output: String = "Lexicons/data"

    /// Makes the directory before any training starts, so that a path that cannot be written fails at once
    /// rather than after the training.
    func validate() throws {
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        } catch {
            throw ValidationError("cannot write into \(output): \((error as NSError).localizedFailureReason ?? "not a directory")")
        }
        guard FileManager.default.isWritableFile(atPath: output) else {
            throw ValidationError("cannot write into \(output): permission denied")
        }
    }

    /// The path of the trained file `fileName`.
    func url(_ fileName: String) -> URL { URL(fileURLWithPath: output).appendingPathComponent(fileName) }
}
