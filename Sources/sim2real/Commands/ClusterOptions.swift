import ArgumentParser
import Pipelines
import Validation

/// Where `sim2real run` runs the stages.
enum Executor: String, ExpressibleByArgument, CaseIterable {
    /// In this process, one stage after another.
    case local
    /// Each stage an sbatch job on a Slurm cluster.
    case slurm
}

/// `sim2real run`'s options for a cluster: shards and the resources of every job (the pipeline file's `cluster:`
/// entries for a kind or a stage win over these).
struct ClusterOptions: ParsableArguments {
    @Option(help: "Split every stage that can be split (simulate, render, convert) into N shards, one array task each.")
    var shards: Int?

    @Option(help: "CPUs per job (--cpus-per-task; the job's threads).")
    var cpus: Int?

    @Option(help: "Memory per job, in Slurm's form (e.g. 4G).")
    var mem: String?

    @Option(help: "Time limit per job, in Slurm's form (e.g. 2:00:00).")
    var time: String?

    @Option(help: "Slurm partition.")
    var partition: String?

    @Option(help: "Slurm account.")
    var account: String?

    var resources: ClusterResources {
        ClusterResources(cpus: cpus, mem: mem, time: time, partition: partition, account: account, shards: shards)
    }

    /// Whether any of these options was given.
    var isGiven: Bool { resources != ClusterResources() }

    func validate() throws {
        try OptionCheck.run { () throws(ValueError) in try resources.validate() }
    }
}

/// The hidden options of `sim2real run` that a Slurm job's script passes: which stage of which submitted run the job
/// does, and whether a shard of it or the merge of its shards.
struct StageJobOptions: ParsableArguments {
    @Option(name: .customLong("job-stage"), help: .hidden)
    var stage: String?

    @Option(name: .customLong("job-run"), help: .hidden)
    var run: Int64?

    @Option(name: .customLong("job-key"), help: .hidden)
    var key: String?

    @Option(name: .customLong("job-shard"), help: .hidden)
    var shard: String?

    @Option(name: .customLong("job-merge"), help: .hidden)
    var merge: Int?

    var isGiven: Bool { stage != nil || run != nil || key != nil || shard != nil || merge != nil }

    /// The job, when the options describe one.
    func job() throws -> StageJob {
        switch (shard, merge) {
        case (let shard?, nil): .shard(try ShardArgument.parse(shard))
        case (nil, let merge?): .merge(shards: merge)
        case (nil, nil): .whole
        default: throw ValidationError("--job-shard and --job-merge exclude each other.")
        }
    }

    func validate() throws {
        guard isGiven else { return }
        guard stage != nil, run != nil, key != nil else { throw ValidationError("--job-stage, --job-run and --job-key go together.") }
        _ = try job()
    }
}
