import Foundation
import OutputFiles
import Validation

/// Submits a pipeline's unfinished stages as Slurm jobs: one batch script per stage in `OUT/.slurm/`, a job array
/// (one task per missing shard) and a merge job for a sharded stage, each job starting after its inputs' jobs
/// succeeded (`afterok`; a job whose input failed is cancelled). Every job runs the same program on the same
/// pipeline file, restricted to its stage (`PipelineRunner.runJob`), so the run folder, its cache and the run
/// index work as in a local run; they must be on a filesystem every node shares.
///
/// Stages whose output is cached are not submitted, and shards already finished are not resubmitted, so a run
/// submitted again after a failed or cancelled job resubmits only the unfinished work.
public struct SlurmSubmission {
    /// How a job runs this program: absolute paths, so that the job finds everything wherever Slurm starts it.
    public struct JobCommand: Sendable {
        /// The `sim2real` executable.
        public var executable: String
        public var pipeline: String
        public var out: String
        public var index: String
        /// The folder relative paths in the pipeline file start from.
        public var workingFolder: String

        public init(executable: String, pipeline: String, out: String, index: String, workingFolder: String) {
            (self.executable, self.pipeline, self.out, self.index, self.workingFolder) = (executable, pipeline, out, index, workingFolder)
        }

        /// The arguments of job `job` of `stage` in run `run`.
        func arguments(stage: String, key: String, run: Int64, job: StageJob) -> [String] {
            var arguments = [executable, "run", pipeline, "--out", out, "--index", index, "--job-stage", stage, "--job-run", String(run),
                             "--job-key", key]
            switch job {
            case .whole: break
            case .shard(let shard): arguments += ["--job-shard", "\(shard)"]
            case .merge(let shards): arguments += ["--job-merge", String(shards)]
            }
            return arguments
        }
    }

    public let runner: PipelineRunner
    public var command: JobCommand
    /// Resources from the command line (`ClusterSettings` says how they combine with the file's).
    public var flags: ClusterResources
    public var scheduler: any JobScheduler
    /// Where progress lines go (the runner's log by default).
    public var log: (String) -> Void

    public init(runner: PipelineRunner, command: JobCommand, flags: ClusterResources = ClusterResources(),
                scheduler: any JobScheduler = SlurmCommands()) {
        self.runner = runner
        self.command = command
        self.flags = flags
        self.scheduler = scheduler
        self.log = runner.log
    }

    /// The folder of the scripts and job logs: `OUT/.slurm/`.
    public static let scriptsFolderName = ".slurm"

    /// The array task's shard in a script: bash expands the task index when the job starts.
    static func arrayShard(count: Int) -> String { "\"${SLURM_ARRAY_TASK_ID}/\(count)\"" }

    /// Submits the unfinished stages and returns the run's id in the index (a run with nothing to submit is
    /// recorded as finished).
    public func submit() throws -> Int64 {
        let pipeline = runner.pipeline, store = runner.store, index = runner.index
        try SlurmScript.checkSbatchValue(command.out, what: "the run folder")
        try SlurmScript.checkSbatchValue(command.workingFolder, what: "the current folder")
        let keys = try runner.stageKeys()
        // Checked before anything is submitted, so a mistake cannot leave half a run queued.
        let shardCounts = try Dictionary(uniqueKeysWithValues: pipeline.stages.map { stage in
            (stage.name, try shardCount(stage, resources: pipeline.cluster.resources(for: stage, flags: flags)))
        })
        let lock = try store.lockForRun(stages: pipeline.stages.map(\.name))
        defer { lock.release() }
        try checkNoLiveJobs()
        let scripts = store.root.appendingPathComponent(Self.scriptsFolderName)
        let logs = scripts.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: store.workRoot, withIntermediateDirectories: true)
        let runID = try index.begin(pipeline: pipeline.name, file: pipeline.file, out: store.root.path, configuration: pipeline.text,
                                    toolVersion: runner.toolVersion, gitCommit: runner.gitCommit, started: Date(), status: "submitted")
        log("run \(runID): submitting pipeline \(pipeline.name) (\(pipeline.stages.count) stages) into \(store.root.path) on Slurm")
        // Stage -> the job that finishes it, which its consumers' jobs wait for.
        var finishing: [String: String] = [:]
        var submitted: [(variable: String, script: String, dependsOn: [String], job: RunIndex.Job)] = []
        func submit(_ script: SlurmScript, file: String, stage: String, role: RunIndex.Job.Role, after dependencies: [String]) throws -> String {
            let path = scripts.appendingPathComponent(file).path
            try Data(script.text.utf8).write(to: URL(fileURLWithPath: path))
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
            let id: String
            do {
                id = try scheduler.submit(script: path, dependencies: dependencies)
            } catch {
                let earlier = submitted.map(\.job.id)
                let message = "submitting \(path) failed: \(error)" + (earlier.isEmpty ? "" : "; jobs already submitted: "
                    + earlier.joined(separator: ", ") + " (cancel them with scancel, or let them run: submitting again resubmits only unfinished work)")
                try? index.finish(run: runID, status: "failed", message: message, ended: Date())
                throw RunFailure(message)
            }
            let job = RunIndex.Job(stage: stage, role: role, id: id, tasks: script.arrayTasks.map(SlurmScript.ranges), script: path)
            try index.record(run: runID, job: job)
            let variables = Dictionary(uniqueKeysWithValues: submitted.map { ($0.job.id, $0.variable) })
            submitted.append(("job\(submitted.count + 1)", path, dependencies.map { variables[$0].map { "$" + $0 } ?? $0 }, job))
            return id
        }
        // Every stage's row first: a job finishing while later stages are still being submitted must not find the
        // run without unfinished stages (and mark it finished).
        var cached: Set<String> = []
        for (position, stage) in pipeline.stages.enumerated() {
            let key = keys[stage.name]!
            let record = stage.kind.alwaysRuns ? nil : runner.cached(stage.name, key: key)
            if record != nil { cached.insert(stage.name) }
            try index.record(run: runID, position: position, stage: .init(name: stage.name, kind: stage.kind.name, key: key,
                                                                           status: record == nil ? "submitted" : "cached", seconds: 0,
                                                                           metrics: record?.metrics ?? [:]))
        }
        for (position, stage) in pipeline.stages.enumerated() {
            let key = keys[stage.name]!
            let label = "[\(position + 1)/\(pipeline.stages.count)] \(stage.name) (\(stage.kind.name))"
            if cached.contains(stage.name) {
                log("\(label): cached (key \(key))")
                continue
            }
            let resources = pipeline.cluster.resources(for: stage, flags: flags)
            let dependencies = Array(Set(stage.upstream.compactMap { finishing[$0] })).sorted { $0.count == $1.count ? $0 < $1 : $0.count < $1.count }
            let count = shardCounts[stage.name]!
            func script(_ job: StageJob, summary: String, log logName: String, tasks: [Int]? = nil) -> SlurmScript {
                var arguments = command.arguments(stage: stage.name, key: key, run: runID, job: job)
                var expanded: Set<String> = []
                if case .shard = job {
                    arguments[arguments.count - 1] = Self.arrayShard(count: count)
                    expanded.insert(arguments[arguments.count - 1])
                }
                return SlurmScript(summary: summary, jobName: "\(pipeline.name).\(stage.name)",
                                   logPath: logs.appendingPathComponent(logName).path, resources: resources, arrayTasks: tasks,
                                   workingFolder: command.workingFolder, command: arguments, expandedArguments: expanded)
            }
            guard count > 1 else {
                let id = try submit(script(.whole, summary: "sim2real run \(pipeline.name): stage \(stage.name) (\(stage.kind.name)), key \(key)",
                                           log: "\(stage.name)-%j.log"),
                                    file: "\(stage.name).sh", stage: stage.name, role: .stage, after: dependencies)
                finishing[stage.name] = id
                log("\(label): job \(id)" + (dependencies.isEmpty ? "" : " after \(dependencies.joined(separator: ", "))"))
                continue
            }
            let shards = store.shardStore(stage.name, key: key)
            let missing = try (1...count).filter { shards.finished(StageStore.shardName(try Shard($0, of: count)))?.key != key }
            var mergeAfter = dependencies
            var note = "all \(count) shards finished before"
            if !missing.isEmpty {
                let shardSummary = "sim2real run \(pipeline.name): stage \(stage.name) (\(stage.kind.name)), key \(key), shard "
                    + "SLURM_ARRAY_TASK_ID of \(count) (tasks \(SlurmScript.ranges(missing)))"
                let id = try submit(script(.shard(try Shard(1, of: count)), summary: shardSummary, log: "\(stage.name)-%A_%a.log", tasks: missing),
                                    file: "\(stage.name).sh", stage: stage.name, role: .shards, after: dependencies)
                mergeAfter = [id]
                note = "array job \(id) (shards \(SlurmScript.ranges(missing)) of \(count))"
                    + (dependencies.isEmpty ? "" : " after \(dependencies.joined(separator: ", "))")
            }
            var mergeResources = resources
            mergeResources.cpus = 1
            var merge = script(.merge(shards: count), summary: "sim2real run \(pipeline.name): stage \(stage.name) (\(stage.kind.name)), "
                               + "key \(key), merging its \(count) shards", log: "\(stage.name)-merge-%j.log")
            merge.resources = mergeResources
            let mergeID = try submit(merge, file: "\(stage.name)-merge.sh", stage: stage.name, role: .merge, after: mergeAfter)
            finishing[stage.name] = mergeID
            log("\(label): \(note), merge job \(mergeID) after \(mergeAfter.isEmpty ? "nothing" : mergeAfter.joined(separator: ", "))")
        }
        try writeSubmitScript(scripts.appendingPathComponent("submit.sh").path, jobs: submitted.map { ($0.variable, $0.script, $0.dependsOn) })
        if submitted.isEmpty {
            try index.finish(run: runID, status: "finished", message: nil, ended: Date())
            log("run \(runID): every stage is cached, nothing to submit")
        } else {
            log("run \(runID): \(submitted.count) jobs submitted; scripts and logs in \(scripts.path)")
        }
        return runID
    }

    /// The shards `stage` is split into: `resources.shards` for a kind that splits and is not one shard already.
    func shardCount(_ stage: StageSpec, resources: ClusterResources) throws -> Int {
        guard let count = resources.shards, count > 1, let kind = stage.kind as? any ShardableStageKind.Type else { return 1 }
        if kind.isShardAlready(stage.parameters) {
            guard !runner.pipeline.cluster.namesShards(for: stage) else {
                throw RunFailure("\(runner.pipeline.file): stage '\(stage.name)' sets shard: itself, so cluster: cannot split it into \(count) shards")
            }
            return 1
        }
        return count
    }

    /// Refuses to submit while jobs of an earlier submission into the same folder are queued or running: both would
    /// write the same stages. An earlier submission whose jobs all ended without finishing it (a failed or cancelled
    /// job, which leaves it submitted) is marked failed.
    func checkNoLiveJobs() throws {
        for run in try runner.index.submittedRuns(out: runner.store.root.path) {
            let jobs = try runner.index.jobs(run: run).map(\.id)
            let states = try scheduler.states(of: jobs)
            let live = jobs.filter { states[$0]?.contains { !$0.isFinal } ?? false }
            guard live.isEmpty else {
                throw RunFailure("run \(run) into \(runner.store.root.path) still has jobs queued or running (\(live.joined(separator: ", "))): "
                                 + "wait for them ('sim2real runs show \(run)') or cancel them (scancel \(live.joined(separator: " ")))")
            }
            try runner.index.finish(run: run, status: "failed", message: "its jobs ended with stages unfinished", ended: Date())
        }
    }

    /// `OUT/.slurm/submit.sh`: the sbatch commands of this submission, chained as they were, to submit by hand.
    func writeSubmitScript(_ path: String, jobs: [(variable: String, script: String, dependsOn: [String])]) throws {
        var lines = ["#!/bin/bash", "# Submits the jobs of this run's last submission, chained as 'sim2real run --executor slurm' did.",
                     "set -euo pipefail"]
        for job in jobs {
            let dependency = job.dependsOn.isEmpty ? "" : " --dependency=afterok:" + job.dependsOn.joined(separator: ":")
            lines.append("\(job.variable)=$(sbatch --parsable --kill-on-invalid-dep=yes\(dependency) \(SlurmScript.shellQuoted(job.script)))")
            lines.append("echo \"\(URL(fileURLWithPath: job.script).lastPathComponent): job $\(job.variable)\"")
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }
}
