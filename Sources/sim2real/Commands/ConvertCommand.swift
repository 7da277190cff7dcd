import ArgumentParser
import Editing
import Validation
import Workflows

/// Edits every frame of a dataset with one or more editors in a chain, keeping states, actions and masks.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Edit every frame of a dataset with chained editors (styles from the reference frames).",
        discussion: """
            Frame f of episode e uses reference (e + f) mod 5 as its style image and noise seeded by (--seed, e, f), \
            or by (--seed, e) for every frame of an episode with --same-noise-per-episode. --best-of N keeps, per frame, \
            the sample with the lowest structural + semantic score. Frames are edited --batch-size at a time; a frame's \
            noise never depends on its batch, but OpenBLAS rounds the per-frame layers (time, style and instruction \
            projections) differently for another number of frames in one product, so another --batch-size can move a \
            few pixel values by one level (measured: at most 34 of 3.5 million values, 120 frames). The same inputs and \
            --batch-size give the same bytes, whatever --threads. --method color-transfer applies the masked Reinhard baseline \
            (per-region Lab statistics of the same reference) instead of an editor; --method hint writes the editors' style \
            hint alone (each region in its reference's mean color, the goal as table), the baseline of what an editor adds to \
            its visual prompt; --method composite rebuilds each frame from the references' pixels (their clean table \
            plate under the frame's color-transferred block and agent), what an editor with model.composite_input \
            starts from. Episodes are written one transaction each; --resume continues a killed run. --shard K/N converts the K-th of N contiguous ranges of \
            the (first --episodes) input episodes; per-episode noise makes each frame what the unsharded run makes of it.
            """
    )

    @Option(help: "How frames are edited: \(FrameConversion.Method.allCases.map(\.rawValue).joined(separator: ", ")).")
    var method = Self.defaults.method

    @Option(name: .customLong("editor"), help: "Editor checkpoint; repeat to chain editors in order.")
    var editors: [String] = []

    @Option(name: .customLong("instruction"), help: "Instruction per editor, in order (default: the editor's own).")
    var instructions: [String] = []

    @Option(name: .customLong("in"), help: "Input dataset.")
    var input: String

    @Option(help: "Output dataset.")
    var out: String

    @Option(help: "Reference folder (manifest.json from 'sim2real references').")
    var references: String

    private static let defaults = ConvertStage.Parameters()

    @Option(help: "Seed of the sampling noise.")
    var seed = Self.defaults.seed

    @Flag(help: "Use the same initial noise for every frame of an episode (temporal consistency).")
    var sameNoisePerEpisode = false

    @Option(help: "Samples per frame; the best by score is kept.")
    var bestOf = Self.defaults.bestOf

    @Option(help: "Frames edited together (for speed; another value can move a few pixel values by one level).")
    var batchSize = Self.defaults.batchSize

    @Option(name: .customLong("regions"), parsing: .upToNextOption,
            help: "Regions --method color-transfer changes (background, block, agent; default all three). One region at a time shows which region's look a policy is sensitive to.")
    var colorTransferRegions: [String] = []

    @Option(help: "The simulator's goal under --method color-transfer: table (painted as table first, as the editor's hint does) or keep.")
    var goal = Self.defaults.goal

    @Flag(help: "Draw the arm the references show (from the agent toward where their arms leave the frame, in their color) over every converted frame.")
    var drawArm = false

    @Option(help: "Convert only the first N episodes of the input.")
    var episodes: Int?

    @Option(help: ShardArgument.datasetHelp, transform: ShardArgument.parse)
    var shard: Shard?

    @Flag(help: "Continue an existing output.")
    var resume = false

    @OptionGroup var overwrite: ForceOption

    @OptionGroup var guidance: GuidanceOptions

    @OptionGroup var runtime: RuntimeOptions

    var parameters: ConvertStage.Parameters {
        var parameters = ConvertStage.Parameters()
        parameters.method = method
        parameters.instructions = instructions
        parameters.seed = seed
        parameters.sameNoisePerEpisode = sameNoisePerEpisode
        parameters.bestOf = bestOf
        parameters.batchSize = batchSize
        parameters.regions = colorTransferRegions
        parameters.goal = goal
        parameters.drawArm = drawArm
        parameters.episodes = episodes
        parameters.shard = shard
        parameters.guidance = guidance.overrides
        return parameters
    }

    func validate() throws {
        switch method {
        case .editor:
            guard !editors.isEmpty else { throw ValidationError("--method editor needs at least one --editor.") }
        case .colorTransfer, .hint, .composite:
            guard editors.isEmpty else { throw ValidationError("--method \(method.rawValue) takes no --editor.") }
        }
        guard instructions.isEmpty || instructions.count == editors.count else {
            throw ValidationError("give one --instruction per --editor (\(editors.count)), or none.")
        }
        if resume && overwrite.force { throw ValidationError("give --resume or --force, not both.") }
        try parameters.validateOptions()
    }

    func run() throws {
        let written = try ConvertStage.convert(parameters, input: input, editors: editors, references: references, out: out, resume: resume,
                                               force: overwrite.force)
        print("convert: \(written.frames) frames in \(written.episodes) episodes written to \(out)")
    }
}

extension FrameConversion.Method: ExpressibleByArgument {}
extension MaskedColorTransfer.Goal: ExpressibleByArgument {}
