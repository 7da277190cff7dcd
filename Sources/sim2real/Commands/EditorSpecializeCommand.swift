import ArgumentParser
import Editing
import Workflows

/// Specialises a base editor to the reference frames with D3PO (the Image-Editing Specialists paper's method), recording reward curves.
struct EditorSpecializeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "specialize",
        abstract: "Specialise an editor to the reference frames with D3PO on structural and semantic scores.",
        discussion: """
            Each iteration renders --batch sim frames from gym-pusht's reset distribution, pairs two samples per frame \
            from one initial noise with a reference frame as style (the references alternate), and applies the D3PO \
            loss against the frozen base editor. Per-iteration mean scores, winners' scores and margins go to \
            OUT.rewards.jsonl. --train lora trains low-rank adapters on every convolution and linear layer instead of all \
            weights. OUT (plain weights, adapters merged, loadable by convert) and OUT's training state \
            (OUT.training.safetensors: adapters and optimiser moments) are written every iteration; --resume continues.
            """
    )

    @Option(help: "Base editor checkpoint.")
    var base: String

    @Option(help: "Reference folder (manifest.json from 'sim2real references').")
    var references: String

    @Option(help: "Instruction naming the region to edit.")
    var instruction: String

    @Option(help: "Output specialist checkpoint.")
    var out: String

    private static let defaults = SpecializeStage.Parameters()

    @Option(help: "D3PO iterations.")
    var iterations = Self.defaults.iterations

    @Option(help: "Sim frames (preference pairs) per iteration.")
    var batch = Self.defaults.batch

    @Option(help: "Learning rate (AdamW).")
    var learningRate = Self.defaults.learningRate

    @Option(help: "D3PO beta.")
    var beta = Self.defaults.beta

    @Option(help: "Ratio clamp epsilon.")
    var clamp = Self.defaults.clamp

    @Option(help: "Weight of the semantic score in the preference.")
    var alpha = Self.defaults.alpha

    @Option(help: "Weight of the preservation term outside the edit region.")
    var lambda = Self.defaults.lambda

    @Option(help: "How the semantic score pools patches: patches (the paper's, one pool) or regions (table, block and end effector apart, equally weighted).")
    var semanticPooling = Self.defaults.semanticPooling

    @Option(help: "Weight of the texture (Gram) features against color in the semantic score's encoder, 0 to 1.")
    var textureWeight = Self.defaults.textureWeight

    @Option(help: "Seed of the frames and sampling noise.")
    var seed = Self.defaults.seed

    @Option(help: "Trained parameters: all or lora.")
    var train = Self.defaults.train

    @Option(help: "LoRA rank (with --train lora).")
    var loraRank = Self.defaults.loraRank

    @Option(help: "LoRA alpha: the update is scaled by alpha / rank (with --train lora).")
    var loraAlpha = Self.defaults.loraAlpha

    @Option(help: "Stop after this many total iterations (resumable).")
    var stopAfter: Int?

    @Flag(help: "Continue the checkpoint at --out.")
    var resume = false

    @OptionGroup var runtime: RuntimeOptions

    var parameters: SpecializeStage.Parameters {
        var parameters = SpecializeStage.Parameters()
        parameters.instruction = instruction
        parameters.iterations = iterations
        parameters.batch = batch
        parameters.learningRate = learningRate
        parameters.beta = beta
        parameters.clamp = clamp
        parameters.alpha = alpha
        parameters.lambda = lambda
        parameters.semanticPooling = semanticPooling
        parameters.textureWeight = textureWeight
        parameters.seed = seed
        parameters.train = train
        parameters.loraRank = loraRank
        parameters.loraAlpha = loraAlpha
        parameters.stopAfter = stopAfter
        return parameters
    }

    func validate() throws {
        try parameters.validateOptions()
    }

    func run() throws {
        let rewards = try SpecializeStage.specialize(parameters, base: base, references: references, out: out, resume: resume)
        print("specialist: \(rewards.count) iterations, saved to \(out); rewards in \(SpecializeStage.rewardsPath(for: out))")
    }
}

extension SemanticScore.Pooling: ExpressibleByArgument {}
extension SpecializeStage.Parameters.TrainedParameters: ExpressibleByArgument {}
