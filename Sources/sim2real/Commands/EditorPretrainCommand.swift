import ArgumentParser
import Editing
import Foundation
import Yams

/// Trains the base editor on synthetic edit triplets, with checkpoints and resume.
struct EditorPretrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pretrain",
        abstract: "Train the base editor on domain-randomised edit triplets (checkpoints; --resume continues).",
        discussion: """
            The output holds the weights (the moving average with ema_decay); the training state beside it \
            (OUT.training.safetensors: weights, AdamW moments, average, step) is the checkpoint: rerunning with --resume \
            continues from its step and ends with the same weights as an uninterrupted run.
            """
    )

    @Option(help: "YAML settings (model, steps, batch_size, learning_rate, learning_rate_decay, warmup_steps, weight_decay, ema_decay, initial_weights, checkpoint_every, seed).")
    var config: String?

    @OptionGroup var output: CheckpointedOutputOptions

    @OptionGroup var runtime: RuntimeOptions

    func run() throws {
        let settings = try config.map(Self.settings(from:)) ?? PretrainingConfiguration()
        guard settings.steps >= 1, settings.batchSize >= 1, settings.checkpointEvery >= 1 else {
            throw CommandError("config \(config ?? "defaults"): steps, batch_size and checkpoint_every must be at least 1")
        }
        do {
            _ = try EditorResolution(frameSize: settings.effectiveFrameSize, modelSize: settings.model.imageSize)
        } catch {
            throw CommandError("config \(config ?? "defaults"): frame_size and model.image_size: \(error)")
        }
        let resuming = try output.resumes()
        let pretraining = try EditorPretraining(configuration: settings)
        if resuming {
            try pretraining.resume(from: output.out)
        } else {
            do {
                try pretraining.loadInitialWeights()
            } catch {
                throw CommandError("config \(config ?? "defaults"): \(error)")
            }
        }
        let progress = ProgressLine("editor pretrain", total: pretraining.loop.lastStep(stopAfter: output.stopAfter),
                                    initial: pretraining.completedSteps)
        try pretraining.run(checkpointPath: output.out, stopAfter: output.stopAfter) { step, loss in
            progress.update(done: step, note: String(format: "loss %.4f", loss))
        }
        print("editor: \(pretraining.completedSteps) steps, \(pretraining.model.parameterCount) parameters, saved to \(output.out)")
    }

    /// Pretraining settings from a YAML file, with errors naming the file.
    static func settings(from path: String) throws -> PretrainingConfiguration {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CommandError("cannot read config file \(path)")
        }
        do {
            return try YAMLDecoder().decode(PretrainingConfiguration.self, from: text)
        } catch {
            throw CommandError("config file \(path): \(error)")
        }
    }
}
