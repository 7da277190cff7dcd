import Foundation
import GRDB

extension RunIndex {
    /// A cluster job submitted for a run: which stage it works on and in what role.
    public struct Job: Sendable, Equatable {
        public enum Role: String, Sendable {
            /// The whole stage in one job.
            case stage
            /// A job array, one task per shard.
            case shards
            /// Joins the shards into the stage's output.
            case merge
        }

        public var stage: String
        public var role: Role
        public var id: String
        /// The array's task indices ("1-3,5"), for `shards`.
        public var tasks: String?
        /// The batch script submitted.
        public var script: String

        public init(stage: String, role: Role, id: String, tasks: String? = nil, script: String) {
            self.stage = stage
            self.role = role
            self.id = id
            self.tasks = tasks
            self.script = script
        }
    }

    public func record(run: Int64, job: Job) throws {
        try queue.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO jobs (run_id, stage, role, job_id, tasks, script) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [run, job.stage, job.role.rawValue, job.id, job.tasks, job.script])
        }
    }

    /// The run's jobs in submission order.
    public func jobs(run: Int64) throws -> [Job] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM jobs WHERE run_id = ? ORDER BY rowid", arguments: [run]).map { row in
                Job(stage: row["stage"], role: Job.Role(rawValue: row["role"]) ?? .stage, id: row["job_id"], tasks: row["tasks"],
                    script: row["script"])
            }
        }
    }

    /// Updates a stage's row of a run (a cluster job reporting its stage) and marks the run finished when no stage is
    /// left submitted, or failed with `message` when this one failed. Returns the run's new status, if it changed.
    @discardableResult
    public func update(run: Int64, stage: Stage, message: String? = nil) throws -> String? {
        let metrics = String(decoding: try JSONSerialization.data(withJSONObject: stage.metrics, options: [.sortedKeys]), as: UTF8.self)
        return try queue.write { db -> String? in
            try db.execute(sql: "UPDATE stages SET status = ?, seconds = ?, metrics = ? WHERE run_id = ? AND name = ?",
                           arguments: [stage.status, stage.seconds, metrics, run, stage.name])
            let now = Date().timeIntervalSince1970
            if stage.status == "failed" {
                try db.execute(sql: "UPDATE runs SET status = 'failed', message = ?, ended = ? WHERE id = ?", arguments: [message, now, run])
                return "failed"
            }
            let waiting = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM stages WHERE run_id = ? AND status IN ('submitted', 'failed')",
                                           arguments: [run]) ?? 0
            guard waiting == 0 else { return nil }
            try db.execute(sql: "UPDATE runs SET status = 'finished', message = NULL, ended = ? WHERE id = ? AND status = 'submitted'",
                           arguments: [now, run])
            return "finished"
        }
    }

    /// Submitted runs into the folder `out`, newest first: those whose jobs may still be queued.
    public func submittedRuns(out: String) throws -> [Int64] {
        try queue.read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM runs WHERE out = ? AND status = 'submitted' ORDER BY id DESC", arguments: [out])
        }
    }
}
