import Foundation

/// A one-line progress display on a terminal: done/total, dialogues per second and the time left.
/// Prints nothing when standard error is not a terminal.
final class ProgressDisplay: @unchecked Sendable {
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let start = Date()
    private var lastDraw = Date.distantPast
    private let lock = NSLock()
    private var startCount: Int?

    func update(done: Int, total: Int) {
        guard isTerminal else { return }
        lock.withLock {
            let now = Date()
            guard now.timeIntervalSince(lastDraw) >= 0.1 || done == total else { return }
            lastDraw = now
            let first = startCount ?? done
            startCount = first
            let elapsed = max(now.timeIntervalSince(start), 0.001)
            let rate = Double(done - first) / elapsed
            let eta = rate > 0 ? String(format: "%.0fs", Double(total - done) / rate) : "?"
            FileHandle.standardError.write(Data(String(format: "\r%d/%d dialogues  %.0f dialogues/s  ETA %@   ", done, total, rate, eta).utf8))
        }
    }

    func finish() {
        guard isTerminal else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
