import Datasets
import Foundation
import Pipelines
import Testing
import TestSupport
import Workflows

/// `run --executor slurm` without a cluster: the scripts a submission writes, how they are chained, what a second
/// submission after an unfinished one submits, and that running the scripts (as Slurm would, each array task with its
/// SLURM_ARRAY_TASK_ID) gives the local run's datasets byte for byte.
@Suite struct SlurmExecutorTests {
    static let pipeline = """
        name: tiny
        stages:
          sim:
            kind: simulate
            episodes: 3
            seed: 4
            max_steps: 5
          real:
            kind: render
            in: sim
          gap:
            kind: gap
            a: sim
            b: real
        """

    /// A folder with the pipeline file; runs go to `runs/tiny` in it.
    static func setUp(_ text: String = pipeline) throws -> (folder: URL, file: String, out: String) {
        let folder = TestSupport.temporaryFolder()
        let file = folder.appendingPathComponent("tiny.yaml")
        try Data(text.utf8).write(to: file)
        return (folder, file.path, folder.appendingPathComponent("runs/tiny").path)
    }

    static func submit(_ file: String, out: String, scheduler: RecordingScheduler, shards: Int? = 2) throws -> (run: Int64, index: RunIndex) {
        try PipelineRun.submitToSlurm(file, out: out, options: .init(flags: ClusterResources(shards: shards), scheduler: scheduler,
                                                                      executable: TestSupport.executable.path), log: { _ in })
    }

    /// Runs a submitted script as Slurm would: once per array task, with the task's index in the environment.
    static func execute(_ submission: RecordingScheduler.Submission, tasks: [Int]? = nil) throws {
        for task in tasks ?? submission.arrayTasks ?? [0] {
            let result = try TestSupport.run(executable: URL(fileURLWithPath: "/bin/bash"), [submission.script],
                                             environment: ["SLURM_ARRAY_TASK_ID": String(task), "SLURM_CPUS_PER_TASK": "1"])
            #expect(result.status == 0, "\(submission.file) task \(task): \(result.errors)")
        }
    }

    static func shape(_ submissions: [RecordingScheduler.Submission]) -> [String] {
        submissions.map { "\($0.file) \($0.arrayTasks.map { "tasks \($0)" } ?? "job") after \($0.dependencies)" }
    }

    @Test func shardedStagesBecomeArraysChainedByTheirInputs() throws {
        let (_, file, out) = try Self.setUp()
        let scheduler = RecordingScheduler()
        _ = try Self.submit(file, out: out, scheduler: scheduler)
        #expect(Self.shape(scheduler.submissions) == [
            "sim.sh tasks [1, 2] after []", "sim-merge.sh job after [\"1\"]",
            "real.sh tasks [1, 2] after [\"2\"]", "real-merge.sh job after [\"3\"]",
            "gap.sh job after [\"2\", \"4\"]",
        ])
        let sim = scheduler.submissions[0].text
        #expect(sim.contains("#SBATCH --output=\(out)/.slurm/logs/sim-%A_%a.log\n"))
        #expect(sim.contains("--job-shard \"${SLURM_ARRAY_TASK_ID}/2\""))
        #expect(sim.contains("run \(file)"))
        #expect(scheduler.submissions[1].text.contains("--job-merge 2"))
        let submitScript = try String(contentsOfFile: out + "/.slurm/submit.sh", encoding: .utf8)
        #expect(submitScript.contains("job5=$(sbatch --parsable --kill-on-invalid-dep=yes --dependency=afterok:$job2:$job4 \(out)/.slurm/gap.sh)"))
    }

    @Test func aResubmissionRunsOnlyUnfinishedShardsAndMatchesTheLocalRun() throws {
        let (folder, file, out) = try Self.setUp()
        try PipelineRun.run(file, out: out, log: { _ in })
        let local = folder.appendingPathComponent("local").path
        try FileManager.default.moveItem(atPath: out, toPath: local)

        // The first submission's jobs end after simulate's first shard (the rest cancelled).
        let scheduler = RecordingScheduler()
        let (first, index) = try Self.submit(file, out: out, scheduler: scheduler)
        try Self.execute(scheduler.submissions[0], tasks: [1])
        scheduler.everyJobState = JobState("CANCELLED")
        scheduler.forget()
        let (second, _) = try Self.submit(file, out: out, scheduler: scheduler)
        #expect(try index.run(id: first)?.run.status == "failed")
        #expect(Self.shape(scheduler.submissions) == [
            "sim.sh tasks [2] after []", "sim-merge.sh job after [\"6\"]",
            "real.sh tasks [1, 2] after [\"7\"]", "real-merge.sh job after [\"8\"]",
            "gap.sh job after [\"7\", \"9\"]",
        ])
        for submission in scheduler.submissions { try Self.execute(submission) }
        for stage in ["sim", "real"] {
            let dataset = "\(stage)/dataset.sqlite"
            #expect(FileManager.default.contents(atPath: "\(out)/\(dataset)") == FileManager.default.contents(atPath: "\(local)/\(dataset)"),
                    "\(dataset) differs from the local run's")
        }
        #expect(FileManager.default.contents(atPath: "\(out)/gap/gap.json") == FileManager.default.contents(atPath: "\(local)/gap/gap.json"))
        #expect(!FileManager.default.fileExists(atPath: "\(out)/.shards/sim-" + (try PipelineRunner.stageKey("sim", file: file))))
        let (run, stages) = try #require(try index.run(id: second))
        #expect(run.status == "finished")
        #expect(stages.map(\.status) == ["ran", "ran", "ran"])
        #expect(try index.jobs(run: second).map(\.role) == [.shards, .merge, .shards, .merge, .stage])

        // Everything is cached now: nothing to submit, and the run is finished at once.
        scheduler.forget()
        let (third, _) = try Self.submit(file, out: out, scheduler: scheduler)
        #expect(scheduler.submissions.isEmpty)
        #expect(try index.run(id: third)?.run.status == "finished")
        #expect(try index.run(id: third)?.stages.map(\.status) == ["cached", "cached", "cached"])
    }

    @Test func liveJobsOfAnEarlierSubmissionBlockANewOne() throws {
        let (_, file, out) = try Self.setUp()
        let scheduler = RecordingScheduler()
        _ = try Self.submit(file, out: out, scheduler: scheduler)
        scheduler.everyJobState = JobState("RUNNING")
        #expect { try Self.submit(file, out: out, scheduler: scheduler) } throws: { error in
            "\(error)".contains("still has jobs queued or running (1, 2, 3, 4, 5)") && "\(error)".contains("scancel 1 2 3 4 5")
        }
    }

    @Test func aJobWhosePipelineChangedFailsTheRun() throws {
        let (_, file, out) = try Self.setUp()
        let scheduler = RecordingScheduler()
        let (run, index) = try Self.submit(file, out: out, scheduler: scheduler, shards: nil)
        try Data(Self.pipeline.replacingOccurrences(of: "seed: 4", with: "seed: 5").utf8).write(to: URL(fileURLWithPath: file))
        let result = try TestSupport.run(executable: URL(fileURLWithPath: "/bin/bash"), [scheduler.submissions[0].script])
        #expect(result.status != 0)
        #expect(result.errors.contains("changed since submission"), "\(result.errors)")
        let recorded = try #require(try index.run(id: run))
        #expect(recorded.run.status == "failed")
        #expect(recorded.stages.first?.status == "failed")
    }

    @Test func clusterBlockSetsResourcesByKindAndStage() throws {
        let text = Self.pipeline + """

            cluster:
              default: {cpus: 1, mem: 2G, time: "30"}
              render: {cpus: 2, shards: 3}
              gap: {partition: short}
            """
        let (_, file, out) = try Self.setUp(text)
        let scheduler = RecordingScheduler()
        _ = try PipelineRun.submitToSlurm(file, out: out, options: .init(flags: ClusterResources(mem: "8G", shards: 2), scheduler: scheduler,
                                                                         executable: TestSupport.executable.path), log: { _ in })
        let byFile = Dictionary(uniqueKeysWithValues: scheduler.submissions.map { ($0.file, $0.text) })
        #expect(byFile["sim.sh"]?.contains("--cpus-per-task=1\n#SBATCH --mem=8G\n#SBATCH --time=30\n#SBATCH --array=1-2") == true)
        #expect(byFile["real.sh"]?.contains("--cpus-per-task=2\n#SBATCH --mem=8G\n#SBATCH --time=30\n#SBATCH --array=1-3") == true)
        #expect(byFile["real-merge.sh"]?.contains("--cpus-per-task=1\n") == true)
        #expect(byFile["gap.sh"]?.contains("#SBATCH --partition=short\n") == true)
    }

    @Test func aStageThatIsOneShardAlreadyIsNotSplitAgain() throws {
        let text = Self.pipeline.replacingOccurrences(of: "    max_steps: 5\n", with: "    max_steps: 5\n    shard: 1/2\n")
        let scheduler = RecordingScheduler()
        // From the command line, such a stage stays one job; asked for by name in cluster:, it is an error before any job.
        let (_, file, out) = try Self.setUp(text)
        _ = try Self.submit(file, out: out, scheduler: scheduler)
        #expect(scheduler.submissions.first?.file == "sim.sh" && scheduler.submissions.first?.arrayTasks == nil)
        scheduler.forget()
        let (_, named, namedOut) = try Self.setUp(text + "\ncluster:\n  sim: {shards: 2}\n")
        #expect { try Self.submit(named, out: namedOut, scheduler: scheduler) } throws: {
            "\($0)".contains("stage 'sim' sets shard: itself, so cluster: cannot split it into 2 shards")
        }
        #expect(scheduler.submissions.isEmpty)
    }

    @Test(arguments: [
        ("  gap: {shards: 2}", "field 'cluster.gap.shards': 'gap' cannot be split into shards"),
        ("  default: {gpus: 1}", "field 'cluster.default.gpus': unknown field"),
        ("  sim: {mem: lots}", "field 'cluster.sim.mem': expected a number with an optional K, M, G or T suffix"),
        ("  nowhere: {cpus: 1}", "field 'cluster.nowhere': not default, a stage kind or a stage of this file"),
    ])
    func clusterBlockMistakesAreNamed(entry: String, message: String) throws {
        let (_, file, _) = try Self.setUp(Self.pipeline + "\ncluster:\n" + entry + "\n")
        #expect { try PipelineRun.load(file) } throws: { "\($0)".contains(message) }
    }
}

/// The command line's rules for the executor's options.
@Suite struct SlurmCommandLineTests {
    @Test(arguments: [
        (["--shards", "2"], "--wait, --shards and the job resources apply to --executor slurm"),
        (["--executor", "slurm", "--from", "sim"], "--from and --only run stages here"),
        (["--executor", "slurm", "--mem", "lots"], "--mem expected a number with an optional K, M, G or T suffix"),
        (["--executor", "cloud"], "--executor"),
        (["--job-stage", "sim"], "--job-stage, --job-run and --job-key go together"),
    ])
    func misusedOptionsAreRefused(arguments: [String], message: String) throws {
        let (_, file, out) = try SlurmExecutorTests.setUp()
        let result = try TestSupport.run(["run", file, "--out", out] + arguments)
        #expect(result.status != 0)
        #expect(result.errors.contains(message), "\(result.errors)")
    }
}

extension PipelineRunner {
    /// A stage's key in the pipeline file at `file`.
    static func stageKey(_ stage: String, file: String) throws -> String {
        let runner = PipelineRunner(pipeline: try PipelineRun.load(file), store: StageStore(root: "/nonexistent"),
                                    index: try RunIndex(path: TestSupport.temporaryFolder().appendingPathComponent("index.sqlite").path),
                                    toolVersion: ToolVersion.string, gitCommit: nil)
        return try runner.stageKeys()[stage]!
    }
}
