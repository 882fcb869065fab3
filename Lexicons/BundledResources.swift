import Foundation

/// Finds the lexicons and models that ship inside the package as resources.
public enum BundledResources {
    /// The environment variable that points at another resource directory (e.g. for an installed binary).
    public static let environmentVariable = "WENZHEN_RESOURCES"

    /// The directory holding the bundled lexicon and model files, or nil when none can be found.
    ///
    /// Looks, in order, at `$WENZHEN_RESOURCES`, the resource bundle beside the running executable (as SwiftPM
    /// lays out a build or an install), and the package's own `Lexicons/data` when run from a checkout.
    public static var directory: URL? {
        candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent(marker).path) }
    }

    /// A file every resource directory holds.
    static let marker = "symptom_norm.csv"
    static let bundleName = "wenzhen_WenzhenLexicons.resources"

    static var candidates: [URL] {
        var urls: [URL] = []
        if let path = ProcessInfo.processInfo.environment[environmentVariable] {
            urls.append(URL(fileURLWithPath: path))
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        for base in [executable.deletingLastPathComponent(), Bundle.main.bundleURL] {
            urls.append(base.appendingPathComponent(bundleName).appendingPathComponent("data"))
        }
        urls.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("data"))
        return urls
    }
}
