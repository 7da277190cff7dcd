import Foundation

/// Follows a submitted run until all its jobs ended, printing a line whenever a job's state changes, then says
/// whether every stage finished.
public struct ClusterRunWatch {
    public let index: RunIndex
    public let scheduler: any JobScheduler
    /// Seconds between two looks at the queue.
    public var interval: Double = 2
    public var log: (String) -> Void

    public init(index: RunIndex, scheduler: any JobScheduler = SlurmCommands(), log: @escaping (String) -> Void) {
        self.index = index
        self.scheduler = scheduler
        self.log = log
    }

    /// The jobs' states in one line each: "convert shards 12 (tasks 1-2): COMPLETED 2".
    public static func describe(_ job: RunIndex.Job, states: [JobState]?) -> String {
        let what = "\(job.stage) \(job.role.rawValue) job \(job.id)" + (job.tasks.map { " (tasks \($0))" } ?? "")
        guard let states, !states.isEmpty else { return "\(what): not in the queue any more" }
        let counts = Dictionary(states.map { ($0.name, 1) }, uniquingKeysWith: +)
        let summary = counts.sorted { $0.key < $1.key }.map { counts.count == 1 && $0.value == 1 ? $0.key : "\($0.key) \($0.value)" }
        return "\(what): \(summary.joined(separator: ", "))"
    }

    /// Waits for run `run`'s jobs to end and returns whether the run finished; a run whose jobs all ended with stages
    /// left unfinished (a cancelled job) is marked failed.
    public func follow(run: Int64) throws -> Bool {
        let started = Date()
        var last: [String: String] = [:]
        while true {
            let jobs = try index.jobs(run: run)
            let states = try scheduler.states(of: jobs.map(\.id))
            for job in jobs {
                let line = Self.describe(job, states: states[job.id])
                if last[job.id] != line {
                    log("[\(ProgressLine.duration(Date().timeIntervalSince(started)))] \(line)")
                    last[job.id] = line
                }
            }
            let ended = jobs.allSatisfy { states[$0.id]?.allSatisfy(\.isFinal) ?? true }
            if ended { break }
            Thread.sleep(forTimeInterval: interval)
        }
        guard let (record, stages) = try index.run(id: run) else { throw RunFailure("\(index.path): no run \(run)") }
        let unfinished = stages.filter { !["ran", "resumed", "cached"].contains($0.status) }
        if record.status == "submitted", !unfinished.isEmpty {
            let message = "jobs ended with stages unfinished: " + unfinished.map { "\($0.name) (\($0.status))" }.joined(separator: ", ")
            try index.finish(run: run, status: "failed", message: message, ended: Date())
        }
        let final = try index.run(id: run)?.run
        log("run \(run): \(final?.status ?? "unknown")" + (final?.message.map { " (\($0))" } ?? "")
            + " after \(ProgressLine.duration(Date().timeIntervalSince(started)))")
        return final?.status == "finished"
    }
}
