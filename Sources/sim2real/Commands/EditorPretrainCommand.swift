import ArgumentParser
import Workflows

/// Trains the base editor on synthetic edit triplets, with checkpoints and resume.
struct EditorPretrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pretrain",
        abstract: "Train the base editor on domain-randomized edit triplets (checkpoints; --resume continues).",
        discussion: "The output file holds the weights; the training state (weights, AdamW moments, moving average, step) goes beside it as OUT.training.safetensors, and rerunning with --resume continues from it to the same weights as an uninterrupted run."
    )

    @Option(help: "YAML settings (model, steps, batch_size, learning_rate, learning_rate_decay, warmup_steps, weight_decay, ema_decay, initial_weights, checkpoint_every, seed).")
    var config: String?

    @OptionGroup var output: CheckpointedOutputOptions

    @OptionGroup var runtime: RuntimeOptions

    func run() throws {
        let pretraining = try PretrainEditorStage.train(config: config, out: output.out, resume: output.resume, stopAfter: output.stopAfter)
        print("editor: \(pretraining.completedSteps) steps, \(pretraining.model.parameterCount) parameters, saved to \(output.out)")
    }
}
