import ArgumentParser
import Foundation
import Pipelines
import Workflows

/// `sim2real run pipelines/NAME.yaml`: runs a pipeline's stages with caching and resume, recorded in the run index,
/// here or as jobs on a Slurm cluster.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline file's stages (cached by configuration; a killed run resumes).",
        discussion: """
            Finished stages live in OUT/<stage>/ with stage.json; a stage whose key (kind, parameters, file contents, \
            tool version, inputs' keys) is unchanged is skipped. Every run is recorded in the run index \
            (default: index.sqlite beside OUT; see 'sim2real runs'). Stage kinds: \
            \(stageKinds.map { $0.name }.joined(separator: ", ")).
            With --executor slurm, each unfinished stage is an sbatch job (a job array of --shards tasks and a merge \
            job for simulate, render and convert), chained with afterok; the scripts and logs are in OUT/.slurm/, and \
            OUT, the index and the pipeline's files must be on a filesystem the nodes share.
            """
    )

    @Argument(help: "Pipeline file (pipelines/NAME.yaml).")
    var pipeline: String

    @Option(help: "Run folder (default: runs/<pipeline name>).")
    var out: String?

    @Option(help: "Re-run this stage and every stage downstream of it, even if cached.")
    var from: String?

    @Option(help: "Re-run only this stage (its inputs must be finished).")
    var only: String?

    @Option(help: "Run index (default: index.sqlite in OUT's parent folder).")
    var index: String?

    @Option(help: "Where the stages run: local (here, in order) or slurm (sbatch jobs).")
    var executor: Executor = .local

    @Flag(help: "With --executor slurm: follow the jobs until they end, and fail if one failed.")
    var wait = false

    @OptionGroup(title: "Slurm jobs (with --executor slurm)") var cluster: ClusterOptions

    @OptionGroup var job: StageJobOptions

    @OptionGroup var runtime: RuntimeOptions

    func validate() throws {
        guard from == nil || only == nil else { throw ValidationError("give --from or --only, not both.") }
        if executor == .slurm, from != nil || only != nil {
            throw ValidationError("--from and --only run stages here: use them without --executor slurm (a Slurm run submits "
                                  + "every stage that is not cached; remove a stage's folder to run it again).")
        }
        if executor == .local, wait || cluster.isGiven {
            throw ValidationError("--wait, --shards and the job resources apply to --executor slurm.")
        }
        if job.isGiven {
            guard executor == .local, from == nil, only == nil, out != nil, index != nil else {
                throw ValidationError("--job-stage (a Slurm job's own call) takes --out and --index, and no other run option.")
            }
        }
    }

    func run() throws {
        if let stage = job.stage, let run = job.run, let key = job.key, let out, let index {
            try PipelineRun.runJob(pipeline, out: out, index: index, stage: stage, job: try job.job(), run: run, key: key)
            return
        }
        guard executor == .slurm else {
            try PipelineRun.run(pipeline, out: out, from: from, only: only, index: index)
            return
        }
        let (run, runIndex) = try PipelineRun.submitToSlurm(pipeline, out: out, index: index,
                                                            options: .init(flags: cluster.resources))
        let log: (String) -> Void = { FileHandle.standardError.write(Data(("run: " + $0 + "\n").utf8)) }
        guard wait else {
            log("follow it with: sim2real runs show \(run) --index \(runIndex.path)")
            return
        }
        guard try ClusterRunWatch(index: runIndex, log: log).follow(run: run) else {
            let logs = (try runIndex.run(id: run)?.run.out).map { " in \($0)/\(SlurmSubmission.scriptsFolderName)/logs" } ?? ""
            throw CommandError("run \(run) did not finish: see 'sim2real runs show \(run) --index \(runIndex.path)' and the job logs\(logs)")
        }
    }
}
