import Foundation
import Pipelines

/// A stand-in for Slurm: records each submission (the script's path and text, the dependencies) and answers with
/// ids 1, 2, 3...; `states` answers what the test set. It runs nothing: the test runs the scripts itself.
final class RecordingScheduler: JobScheduler, @unchecked Sendable {
    struct Submission {
        var id: String
        var script: String
        var text: String
        var dependencies: [String]

        /// The script's file name ("sim.sh").
        var file: String { URL(fileURLWithPath: script).lastPathComponent }

        /// The array task indices of its `#SBATCH --array=` line (nil for a plain job).
        var arrayTasks: [Int]? {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("#SBATCH --array=") }) else { return nil }
            return line.dropFirst("#SBATCH --array=".count).split(separator: ",").flatMap { part -> [Int] in
                let bounds = part.split(separator: "-").compactMap { Int($0) }
                return Array(bounds[0]...bounds[bounds.count - 1])
            }
        }
    }

    private let lock = NSLock()
    private var recorded: [Submission] = []
    private var nextID = 1
    /// The state every job the test asks about is in.
    var everyJobState = JobState("COMPLETED")

    var submissions: [Submission] { lock.withLock { recorded } }

    func forget() { lock.withLock { recorded = [] } }

    func submit(script: String, dependencies: [String]) throws -> String {
        let text = try String(contentsOfFile: script, encoding: .utf8)
        return lock.withLock {
            let id = String(nextID)
            nextID += 1
            recorded.append(Submission(id: id, script: script, text: text, dependencies: dependencies))
            return id
        }
    }

    func states(of jobs: [String]) throws -> [String: [JobState]] {
        lock.withLock { Dictionary(uniqueKeysWithValues: jobs.map { ($0, [everyJobState]) }) }
    }
}
