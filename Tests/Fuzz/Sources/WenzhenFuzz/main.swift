import Foundation
import WenzhenCore
import WenzhenWire

/// One fuzz input: its first byte picks the decoder, the rest is what a peer or a file would hand it. Every
/// decoder must return a value or a described error, never trap; what decodes must survive a re-encoding.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let bytes, count > 0 else { return 0 }
    let payload = Array(UnsafeBufferPointer(start: bytes + 1, count: count - 1))
    switch bytes[0] % 4 {
    case 0:
        if case let .dialogue(dialogue)? = try? IngestRequest(payload, maxBytes: 1 << 16) { checkRoundTrip(dialogue) }
    case 1:
        // Frames separated by 0xFF, a byte that never occurs in UTF-8.
        let frames = payload.split(separator: 0xFF, omittingEmptySubsequences: false).map(Array.init)
        if let message = try? WorkMessage(frames: frames) {
            precondition((try? WorkMessage(frames: message.frames)) == message, "a work message does not survive re-encoding")
        }
    case 2:
        decodeFile(payload, .dataset)
    default:
        decodeFile(payload, .jsonLines)
    }
    return 0
}

private func decodeFile(_ payload: [UInt8], _ format: DialogueFileFormat) {
    guard let entries = try? DialogueFile.read(Data(payload), format: format) else { return }
    for case let .success(dialogue) in entries.map(\.dialogue) { checkRoundTrip(dialogue) }
}

private func checkRoundTrip(_ dialogue: Dialogue) {
    guard let data = try? DialogueFile.encodeRecord(dialogue, includeID: true) else {
        preconditionFailure("a decoded dialogue cannot be encoded")
    }
    guard case let .success(again) = DialogueFile.decodeRecord(data, id: nil) else {
        preconditionFailure("a decoded dialogue does not decode after re-encoding")
    }
    precondition(again == dialogue, "a dialogue changes through re-encoding")
}

@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzer(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(runFuzzer(&argc, &argv, fuzzOne))
