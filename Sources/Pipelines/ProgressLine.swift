import Foundation

/// Progress of a long stage on stderr: items done, rate and ETA. On a terminal one line updates in place;
/// otherwise a plain line is printed at most every `plainInterval` seconds, so logs stay readable.
/// Domain modules report through return values and closures; the application layer and the runner own the terminal.
public final class ProgressLine {
    private let label: String
    private let total: Int
    /// Items already done before this run (a resumed stage): excluded from the rate.
    private let initial: Int
    private let start = Date()
    private var lastPrint = Date.distantPast
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private let plainInterval: TimeInterval

    public init(_ label: String, total: Int, initial: Int = 0, plainInterval: TimeInterval = 10) {
        self.label = label
        self.total = total
        self.initial = initial
        self.plainInterval = plainInterval
    }

    /// Reports `done` items finished, with an optional unit note (e.g. "412 frames").
    public func update(done: Int, note: String = "") {
        let now = Date()
        let finished = done >= total
        guard finished || now.timeIntervalSince(lastPrint) >= (isTerminal ? 0.2 : plainInterval) else { return }
        lastPrint = now
        let elapsed = now.timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done - initial) / elapsed : 0
        let remaining = rate > 0 ? Double(total - done) / rate : 0
        var line = "\(label): \(done)/\(total)"
        line += String(format: " | %.2f/s", rate)
        if !note.isEmpty { line += " | \(note)" }
        line += finished ? String(format: " | done in %@", Self.duration(elapsed)) : " | ETA \(Self.duration(remaining))"
        if isTerminal {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line + (finished ? "\n" : "")).utf8))
        } else {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    public static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 3600 ? String(format: "%dh%02dm", total / 3600, total % 3600 / 60)
            : total >= 60 ? String(format: "%dm%02ds", total / 60, total % 60) : "\(total)s"
    }
}
