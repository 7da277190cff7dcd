import Foundation
import GRDB
import OutputFiles

/// Every pipeline run, recorded in SQLite (normally `runs/index.sqlite`): configuration, tool version, git commit,
/// start and end, and per stage its key, status, timing and metrics. Each write is one transaction.
public final class RunIndex {
    public struct Run: Sendable, Equatable {
        public var id: Int64
        public var pipeline: String
        public var file: String
        public var out: String
        public var configuration: String
        public var toolVersion: String
        public var gitCommit: String?
        public var started: Date
        public var ended: Date?
        /// running, finished, failed, interrupted (recorded as running by a process that is gone), or submitted (its
        /// stages are cluster jobs; the job that finishes the last stage marks it finished).
        public var status: String
        public var message: String?
    }

    public struct Stage: Sendable, Equatable {
        public var name: String
        public var kind: String
        public var key: String
        /// ran, resumed, cached or failed; submitted for a cluster job that has not finished it yet.
        public var status: String
        public var seconds: Double
        public var metrics: [String: Double]

        public init(name: String, kind: String, key: String, status: String, seconds: Double, metrics: [String: Double]) {
            self.name = name
            self.kind = kind
            self.key = key
            self.status = status
            self.seconds = seconds
            self.metrics = metrics
        }
    }

    public let path: String
    let queue: DatabaseQueue

    public init(path: String) throws {
        self.path = path
        do {
            try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            // An index is a regular file or nothing yet: never a link, a folder or a device.
            try OutputPath(path).checkFile(force: true)
            // Runs into different folders share the index: a writer waits for another's transaction to end.
            var configuration = Configuration()
            configuration.busyMode = .timeout(30)
            queue = try DatabaseQueue(path: path, configuration: configuration)
            var migrator = DatabaseMigrator()
            migrator.registerMigration("v1") { db in
                try db.create(table: "runs") { table in
                    table.autoIncrementedPrimaryKey("id")
                    table.column("pipeline", .text).notNull()
                    table.column("file", .text).notNull()
                    table.column("out", .text).notNull()
                    table.column("configuration", .text).notNull()
                    table.column("tool_version", .text).notNull()
                    table.column("git_commit", .text)
                    table.column("started", .double).notNull()
                    table.column("ended", .double)
                    table.column("status", .text).notNull()
                    table.column("message", .text)
                }
                try db.create(table: "stages") { table in
                    table.column("run_id", .integer).notNull().references("runs", onDelete: .cascade)
                    table.column("position", .integer).notNull()
                    table.column("name", .text).notNull()
                    table.column("kind", .text).notNull()
                    table.column("key", .text).notNull()
                    table.column("status", .text).notNull()
                    table.column("seconds", .double).notNull()
                    table.column("metrics", .text).notNull()
                    table.primaryKey(["run_id", "name"])
                }
            }
            migrator.registerMigration("v2: process id") { db in
                try db.alter(table: "runs") { table in table.add(column: "pid", .integer) }
            }
            migrator.registerMigration("v3: cluster jobs") { db in
                try db.create(table: "jobs") { table in
                    table.column("run_id", .integer).notNull().references("runs", onDelete: .cascade)
                    table.column("stage", .text).notNull()
                    table.column("role", .text).notNull()
                    table.column("job_id", .text).notNull()
                    table.column("tasks", .text)
                    table.column("script", .text).notNull()
                    table.primaryKey(["run_id", "job_id"])
                }
            }
            try Self.migrate(queue, with: migrator)
        } catch let error as OutputError {
            throw PipelineError(file: path, "cannot use it as the run index: \(error.message)")
        } catch {
            throw PipelineError(file: path, "cannot open the run index: \(error)")
        }
    }

    /// Applies `migrator`, again while another process (a shard job started at the same moment) applied a
    /// migration between this one's check and its own attempt (a table that already exists, a column already
    /// added): each migration commits with its record, so every pass finds more of them applied.
    private static func migrate(_ queue: DatabaseQueue, with migrator: DatabaseMigrator) throws {
        for attempt in 0... {
            do {
                return try migrator.migrate(queue)
            } catch let error as DatabaseError where attempt < 8 && Self.isConcurrentMigration(error) {
                continue
            }
        }
    }

    /// Whether a migration failed because another process had just applied it.
    static func isConcurrentMigration(_ error: DatabaseError) -> Bool {
        let message = error.message ?? ""
        return message.contains("already exists") || message.contains("duplicate column name")
    }

    private init(path: String, queue: DatabaseQueue) {
        self.path = path
        self.queue = queue
    }

    /// Opens an existing index for reading only: nothing is created, migrated or locked, so a viewer can read the
    /// index while runs write to it.
    public static func openForReading(path: String) throws -> RunIndex {
        guard FileManager.default.fileExists(atPath: path) else {
            throw PipelineError(file: path, "no run index here")
        }
        do {
            var configuration = Configuration()
            configuration.readonly = true
            configuration.busyMode = .timeout(5)
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            guard try queue.read({ db in try db.tableExists("runs") && db.tableExists("stages") }) else {
                throw PipelineError(file: path, "not a run index (no runs and stages tables)")
            }
            return RunIndex(path: path, queue: queue)
        } catch let error as PipelineError {
            throw error
        } catch {
            throw PipelineError(file: path, "cannot read the run index: \(error)")
        }
    }

    /// Records a new run as `status` (running, or submitted for a run whose stages are cluster jobs) and returns its id.
    public func begin(pipeline: String, file: String, out: String, configuration: String, toolVersion: String,
                      gitCommit: String?, started: Date, status: String = "running") throws -> Int64 {
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO runs (pipeline, file, out, configuration, tool_version, git_commit, started, status, pid)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [pipeline, file, out, configuration, toolVersion, gitCommit, started.timeIntervalSince1970, status,
                                 Int(ProcessInfo.processInfo.processIdentifier)])
            return db.lastInsertedRowID
        }
    }

    public func record(run: Int64, position: Int, stage: Stage) throws {
        let metrics = String(decoding: try JSONSerialization.data(withJSONObject: stage.metrics, options: [.sortedKeys]), as: UTF8.self)
        try queue.write { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO stages (run_id, position, name, kind, key, status, seconds, metrics)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [run, position, stage.name, stage.kind, stage.key, stage.status, stage.seconds, metrics])
        }
    }

    public func finish(run: Int64, status: String, message: String?, ended: Date) throws {
        try queue.write { db in
            try db.execute(sql: "UPDATE runs SET status = ?, message = ?, ended = ? WHERE id = ?",
                           arguments: [status, message, ended.timeIntervalSince1970, run])
        }
    }

    public func runs() throws -> [Run] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY id").map(Self.run)
        }
    }

    public func run(id: Int64) throws -> (run: Run, stages: [Stage])? {
        try queue.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id]) else { return nil }
            let stages = try Row.fetchAll(db, sql: "SELECT * FROM stages WHERE run_id = ? ORDER BY position", arguments: [id]).map { row in
                let text: String = row["metrics"]
                let metrics = (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Double]) ?? [:]
                return Stage(name: row["name"], kind: row["kind"], key: row["key"], status: row["status"], seconds: row["seconds"],
                             metrics: metrics)
            }
            return (Self.run(row), stages)
        }
    }

    private static func run(_ row: Row) -> Run {
        let ended: Double? = row["ended"], pid: Int32? = row["pid"]
        var status: String = row["status"]
        if status == "running", let pid, kill(pid, 0) != 0, errno == ESRCH { status = "interrupted" }
        return Run(id: row["id"], pipeline: row["pipeline"], file: row["file"], out: row["out"], configuration: row["configuration"],
                   toolVersion: row["tool_version"], gitCommit: row["git_commit"],
                   started: Date(timeIntervalSince1970: row["started"]), ended: ended.map(Date.init(timeIntervalSince1970:)),
                   status: status, message: row["message"])
    }
}
