import Foundation
import Validation

/// The reward log beside a specialist (`OUT.rewards.jsonl`): one `D3POTrainer.Report` a line, one line per D3PO
/// iteration, appended as the run goes so a report or a viewer can read it while the run continues.
public struct SpecializationLog: Sendable, Equatable {
    public var iterations: [D3POTrainer.Report]

    public init(iterations: [D3POTrainer.Report] = []) {
        self.iterations = iterations
    }

    /// The log of the specialist whose weights are at `specialist`.
    public static func path(for specialist: String) -> String {
        specialist + ".rewards.jsonl"
    }

    /// The iterations logged at `path`; an absent log has none, an unreadable line is an error naming it.
    public static func load(path: String) throws -> SpecializationLog {
        guard let data = FileManager.default.contents(atPath: path) else { return SpecializationLog() }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        return SpecializationLog(iterations: try lines.enumerated().map { number, line in
            do {
                return try JSONDecoder().decode(D3POTrainer.Report.self, from: Data(line.utf8))
            } catch let error as DecodingError {
                throw EditorError.rewardLog(path: path, reason: "line \(number + 1) is not an iteration's scores (\(error.summary))")
            }
        })
    }

    /// Removes what a run that never checkpointed left at `path`, so a fresh run's log starts empty; the log itself is
    /// created with its first line, so a run that fails before its first iteration leaves none.
    static func start(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw EditorError.rewardLog(path: path, reason: "cannot replace it: \(error.localizedDescription)")
        }
    }

    /// Appends one iteration's scores to the log at `path`, creating it with the first; scores that are not finite (a
    /// diverged run) stop the run here, before its checkpoint, with the scores named.
    static func append(_ report: D3POTrainer.Report, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var line: Data
        do {
            line = try encoder.encode(report)
        } catch EncodingError.invalidValue(let value, let context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw EditorError.rewardLog(path: path, reason: "the iteration's \(field) is \(value): the training diverged "
                                        + "(lower learning_rate or beta, or check the references)")
        }
        line.append(0x0A)
        if !FileManager.default.fileExists(atPath: path), !FileManager.default.createFile(atPath: path, contents: nil) {
            throw EditorError.rewardLog(path: path, reason: "cannot create it")
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw EditorError.rewardLog(path: path, reason: "cannot open it for writing")
        }
        defer { handle.closeFile() }
        handle.seekToEndOfFile()
        handle.write(line)
    }

    /// Keeps the first `count` lines of the log at `path` (a kill between a line and its checkpoint leaves one
    /// extra).
    static func truncate(path: String, to count: Int) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EditorError.rewardLog(path: path, reason: "missing, though the checkpoint being resumed needs it")
        }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        do {
            try Data(lines.prefix(count).map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw EditorError.rewardLog(path: path, reason: error.localizedDescription)
        }
    }
}
