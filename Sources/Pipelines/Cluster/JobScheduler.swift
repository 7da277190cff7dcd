/// A batch scheduler that runs submitted scripts as jobs: Slurm (`SlurmCommands`) or a test's stand-in.
public protocol JobScheduler: Sendable {
    /// Submits the script at `script` to run after every job of `dependencies` succeeded; returns the job's id.
    func submit(script: String, dependencies: [String]) throws -> String
    /// The states of the given jobs' tasks (a plain job has one, an array one per task), by job id; a job the
    /// scheduler no longer knows is left out.
    func states(of jobs: [String]) throws -> [String: [JobState]]
}

/// A job's or array task's state, in Slurm's words (PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT...).
public struct JobState: Sendable, Hashable, CustomStringConvertible {
    public var name: String

    public init(_ name: String) {
        // squeue and sacct append reasons and markers ("CANCELLED by 0", "CANCELLED+").
        self.name = String(name.uppercased().prefix { $0.isLetter || $0 == "_" })
    }

    public var description: String { name }

    /// The job will not run again: it completed, failed, was cancelled or hit a limit.
    public var isFinal: Bool { !Self.live.contains(name) }
    public var succeeded: Bool { name == "COMPLETED" }

    static let live: Set<String> = [
        "PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "REQUEUED", "REQUEUE_FED", "REQUEUE_HOLD", "RESIZING", "SUSPENDED",
        "SIGNALING", "STAGE_OUT", "STOPPED", "RESV_DEL_HOLD",
    ]
}
