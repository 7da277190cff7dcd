import ArgumentParser
import Validation
import Workflows

/// Re-renders every frame of a dataset in another scene's style: same states, actions and episodes.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Re-render a dataset's frames in another scene's style (same states and actions).",
        discussion: """
            Used to make the proxy-real stand-in for real episodes: \
            sim2real render --scene scenes/pusht-real.yaml --from sim.sqlite --out real.sqlite. \
            Episodes are written one transaction each; --resume continues a killed run. --shard K/N renders the K-th \
            of N contiguous ranges of the source's episodes.
            """
    )

    @Option(help: "Scene file of the new style.")
    var scene: String

    @Option(help: "Source dataset.")
    var from: String

    @Option(help: "Output dataset.")
    var out: String

    @Option(help: ShardArgument.datasetHelp, transform: ShardArgument.parse)
    var shard: Shard?

    @Flag(help: "Continue an existing output made from the same source and scene.")
    var resume = false

    @OptionGroup var overwrite: ForceOption

    func validate() throws {
        if resume && overwrite.force { throw ValidationError("give --resume or --force, not both.") }
    }

    func run() throws {
        var parameters = RenderStage.Parameters()
        parameters.scene = scene
        parameters.shard = shard
        try RenderStage.render(parameters, from: from, out: out, resume: resume, force: overwrite.force)
    }
}
