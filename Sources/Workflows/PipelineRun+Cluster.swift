import Foundation
import Pipelines

extension PipelineRun {
    /// How `submitToSlurm` runs: resources and shards from the command line, the scheduler (Slurm's commands, or a
    /// test's stand-in) and the program the jobs run.
    public struct ClusterOptions {
        public var flags: ClusterResources
        public var scheduler: any JobScheduler
        /// The `sim2real` executable the jobs run (this process's by default).
        public var executable: String

        public init(flags: ClusterResources = ClusterResources(), scheduler: any JobScheduler = SlurmCommands(),
                    executable: String = PipelineRun.currentExecutable()) {
            self.flags = flags
            self.scheduler = scheduler
            self.executable = executable
        }
    }

    /// Submits the pipeline at `path` into `out` (default `runs/<name>`) as Slurm jobs (`SlurmSubmission`) and returns
    /// the run's id in the index (default beside `out`).
    @discardableResult
    public static func submitToSlurm(_ path: String, out: String? = nil, index: String? = nil, options: ClusterOptions = ClusterOptions(),
                                     log: ((String) -> Void)? = nil) throws -> (run: Int64, index: RunIndex) {
        let (spec, folder) = try prepare(path, out: out)
        let runIndex = try RunIndex(path: index ?? defaultIndexPath(for: folder))
        var runner = PipelineRunner(pipeline: spec, store: StageStore(root: folder), index: runIndex, toolVersion: ToolVersion.string)
        if let log { runner.log = log }
        let current = FileManager.default.currentDirectoryPath
        func absolute(_ path: String) -> String { URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: current, isDirectory: true)).standardizedFileURL.path }
        let command = SlurmSubmission.JobCommand(executable: options.executable, pipeline: absolute(path), out: absolute(folder),
                                                 index: absolute(runIndex.path), workingFolder: current)
        var submission = SlurmSubmission(runner: runner, command: command, flags: options.flags, scheduler: options.scheduler)
        if let log { submission.log = log }
        return (try submission.submit(), runIndex)
    }

    /// Runs one job of a run submitted by `submitToSlurm` (what its batch scripts call).
    public static func runJob(_ path: String, out: String, index: String, stage: String, job: StageJob, run: Int64, key: String,
                              log: ((String) -> Void)? = nil) throws {
        let spec = try load(path)
        var runner = PipelineRunner(pipeline: spec, store: StageStore(root: out), index: try RunIndex(path: index), toolVersion: ToolVersion.string)
        if let log { runner.log = log }
        try runner.runJob(stage: stage, job: job, run: run, expectedKey: key)
    }

    /// The absolute path of the running program (what Slurm jobs run again).
    public static func currentExecutable() -> String {
        if let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return link }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }
}
