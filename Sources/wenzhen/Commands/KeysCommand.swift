import ArgumentParser
import Foundation
import WenzhenPipeline
import ZeroMQ

/// `wenzhen keys NAME`: a new CURVE key pair for the daemon, a client or a remote stage worker.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Write a new CURVE key pair: NAME.key (secret, mode 0600) and NAME.pub (public).",
        discussion: """
            The daemon names its NAME.key in security.key_file and the .pub files of its clients in \
            security.authorized_keys; a client or remote worker names its own NAME.key in security.key_file and the \
            daemon's .pub in security.server_public_key. Existing key files are never overwritten.
            """)

    @Argument(help: "The name of the key files, e.g. daemon or emr-client.")
    var name: String

    @Option(help: "The directory to write them in.")
    var directory = "."

    func run() throws {
        guard !name.isEmpty, !name.contains("/") else { throw ValidationError("the name must be a plain file name") }
        let keys = try ZMQCurveKeyPair.generate()
        let files = try KeyFile.write(keys, name: name, in: URL(fileURLWithPath: directory))
        print("\(files.secret.path)\tsecret key pair (0600)")
        print("\(files.public.path)\tpublic key \(keys.publicKey)")
    }
}
