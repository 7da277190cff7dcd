import ArgumentParser
import Editing
import Workflows

/// Specializes a base editor to the reference frames with D3PO (seed 004), recording reward curves.
struct EditorSpecializeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "specialize",
        abstract: "Specialize an editor to the reference frames with D3PO on structural and semantic scores.",
        discussion: """
            Each iteration renders --batch sim frames from gym-pusht's reset distribution, pairs two samples per frame \
            from one initial noise with a reference frame as style (the references alternate), and applies the D3PO \
            loss against the frozen base editor. Per-iteration mean scores, winners' scores and margins go to \
            OUT.rewards.jsonl. --train lora trains low-rank adapters on every convolution and linear layer instead of all \
            weights. OUT (plain weights, adapters merged, loadable by convert) and OUT's training state \
            (OUT.training.safetensors: adapters and optimizer moments) are written every iteration; --resume continues.
            """
    )

    @OptionGroup var training: EditorRunOptions

    @Option(help: "D3PO iterations.")
    var iterations: Int = Self.defaults.iterations

    @Option(help: "Sim frames (preference pairs) per iteration.")
    var batch: Int = Self.defaults.batch

    @Option(help: "Learning rate (AdamW).")
    var learningRate: Float = Self.defaults.learningRate

    @Option(help: "D3PO beta.")
    var beta: Float = Self.defaults.beta

    @Option(help: "Ratio clamp epsilon.")
    var clamp: Float = Self.defaults.clamp

    @Option(help: "Weight of the semantic score in the preference.")
    var alpha: Double = Self.defaults.alpha

    @Option(help: "Weight of the preservation term outside the edit region.")
    var lambda: Double = Self.defaults.lambda

    @Option(help: "Weight of the color score (edited regions' Lab histograms against all references') in the preference; 0: seed 004's two scores.")
    var colorWeight: Double = Self.defaults.colorWeight

    @Option(help: "How the semantic score pools patches: patches (seed 004, one pool) or regions (table, block and end effector apart, equally weighted).")
    var semanticPooling: SemanticScore.Pooling = Self.defaults.semanticPooling

    @Option(help: "Weight of the texture (Gram) features against color in the semantic score's encoder, 0 to 1.")
    var textureWeight: Float = Self.defaults.textureWeight

    @Option(help: "Seed of the frames and sampling noise.")
    var seed: UInt64 = Self.defaults.seed

    @Option(help: "Trained parameters: all or lora.")
    var train: SpecializationConfiguration.TrainedParameters = Self.defaults.trainedParameters

    @Option(help: "LoRA rank (with --train lora).")
    var loraRank: Int = Self.defaults.loraRank

    @Option(help: "LoRA alpha: the update is scaled by alpha / rank (with --train lora).")
    var loraAlpha: Float = Self.defaults.loraAlpha

    @OptionGroup var runtime: RuntimeOptions

    /// The library's defaults, which the options show and start from.
    private static let defaults = SpecializationConfiguration()

    /// The options as the library's configuration.
    var settings: SpecializationConfiguration {
        var settings = SpecializationConfiguration()
        (settings.instruction, settings.iterations, settings.batch, settings.learningRate) = (training.instruction, iterations, batch, learningRate)
        (settings.beta, settings.clamp, settings.alpha, settings.lambda) = (beta, clamp, alpha, lambda)
        (settings.semanticPooling, settings.textureWeight, settings.seed) = (semanticPooling, textureWeight, seed)
        (settings.trainedParameters, settings.loraRank, settings.loraAlpha) = (train, loraRank, loraAlpha)
        settings.colorWeight = colorWeight
        return settings
    }

    func validate() throws {
        try settings.validateOptions()
    }

    func run() throws {
        let rewards = try SpecializeStage.specialize(settings, base: training.base, references: training.references, out: training.out, resume: training.resume,
                                                     stopAfter: training.stopAfter)
        print("specialist: \(rewards.count) iterations, saved to \(training.out); rewards in \(SpecializationLog.path(for: training.out))")
    }
}

extension SpecializationConfiguration.TrainedParameters: ExpressibleByArgument {}

extension SemanticScore.Pooling: ExpressibleByArgument {}
