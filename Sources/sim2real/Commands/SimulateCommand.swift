import ArgumentParser
import Validation
import Workflows

/// Records scripted-expert demonstrations into a dataset file.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Record scripted-expert episodes into a dataset.",
        discussion: """
            Each episode starts from gym-pusht's reset distribution (seeded by --seed and the episode index) and \
            runs the scripted expert until success or --max-steps. Episodes are written one transaction each, so a \
            killed run leaves only whole episodes; --resume continues it. A second process writing the same --out \
            stops at once. The same options give a byte-identical file (--record-time adds the time of creation). \
            --shard K/N records episodes K-th of N contiguous index ranges (episode i's seed depends on --seed and i \
            alone); 'sim2real dataset merge' joins the shards into the file the unsharded run writes.
            """
    )

    @Option(help: "Scene file.")
    var scene = SimulateStage.Parameters().scene

    @Option(help: "Number of episodes the dataset should hold.")
    var episodes: Int

    @Option(help: "Dataset seed.")
    var seed = SimulateStage.Parameters().seed

    @Option(help: "Output dataset (.sqlite).")
    var out: String

    @Option(help: "Step limit per episode.")
    var maxSteps = SimulateStage.Parameters().maxSteps

    @Option(help: ShardArgument.datasetHelp, transform: ShardArgument.parse)
    var shard: Shard?

    @Flag(help: "Continue an existing output made with the same scene and seed.")
    var resume = false

    @Flag(help: "Record the time of creation in the dataset's metadata ('created'; without it the same options give the same bytes).")
    var recordTime = false

    @OptionGroup var overwrite: ForceOption

    var parameters: SimulateStage.Parameters {
        var parameters = SimulateStage.Parameters()
        parameters.scene = scene
        parameters.episodes = episodes
        parameters.seed = seed
        parameters.maxSteps = maxSteps
        parameters.shard = shard
        return parameters
    }

    func validate() throws {
        try parameters.validateOptions()
        if resume && overwrite.force { throw ValidationError("give --resume or --force, not both.") }
        if recordTime && shard != nil {
            throw ValidationError("give --record-time or --shard, not both: shards of one dataset must have equal metadata.")
        }
    }

    func run() throws {
        try SimulateStage.record(parameters, out: out, resume: resume, force: overwrite.force, recordTime: recordTime)
    }
}
