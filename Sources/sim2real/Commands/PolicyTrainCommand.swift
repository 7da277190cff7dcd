import ArgumentParser
import Pipelines
import Workflows
import Foundation
import Policy

/// Behaviour cloning on a dataset, from scratch or from another policy, with checkpoints and resume.
struct PolicyTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a policy by behaviour cloning on a dataset (checkpoints; --resume continues).",
        discussion: """
            The output holds the weights, step and configuration; the training state beside it \
            (OUT.training.safetensors: weights, AdamW moments, step, configuration) is the checkpoint: rerunning with \
            --resume continues from its step and ends with the same weights as an uninterrupted run.
            """
    )

    @Option(help: "Policy file (network and training settings), e.g. policies/cnn.yaml.")
    var policy: String

    @Option(help: "Dataset to imitate (.sqlite).")
    var data: String

    @Option(help: "Start from this policy checkpoint's weights (fine-tuning; same network).")
    var `init`: String?

    @Option(help: "Use only the first N frames of the dataset, in episode and step order.")
    var samples: Int?

    @Option(help: "Optimiser steps (overrides training.steps).")
    var steps: Int?

    @Option(help: "Training seed: initialisation, batches, shifts (overrides training.seed).")
    var seed: UInt64?

    @OptionGroup var output: CheckpointedOutputOptions

    @OptionGroup var runtime: RuntimeOptions

    func validate() throws {
        if let samples, samples < 1 { throw ValidationError("--samples must be at least 1, got \(samples).") }
        if let steps, steps < 0 { throw ValidationError("--steps must be at least 0, got \(steps).") }
    }

    func run() throws {
        var configuration = try PolicyConfiguration.load(path: policy)
        if let steps { configuration.training.steps = steps }
        if let seed { configuration.training.seed = seed }
        let resuming = try output.resumes()
        let loading = Date()
        let dataset = try PolicyDataset.load(path: data, limit: samples)
        FileHandle.standardError.write(Data(String(format: "policy train: %d frames of %d episodes decoded in %.1f s\n", dataset.count,
                                                   dataset.episodeCount, Date().timeIntervalSince(loading)).utf8))
        let trainer = try BehaviorCloningTrainer(configuration: configuration, data: dataset)
        if resuming {
            try trainer.resume(from: output.out)
        } else if let initial = `init` {
            try trainer.initialise(from: initial)
        }
        let progress = ProgressLine("policy train", total: trainer.loop.lastStep(stopAfter: output.stopAfter), initial: trainer.completedSteps)
        var lastLoss: Float?
        try trainer.run(checkpointPath: output.out, stopAfter: output.stopAfter) { step, loss in
            lastLoss = loss
            progress.update(done: step, note: String(format: "loss %.4f", loss))
        }
        print("policy: \(trainer.completedSteps) steps on \(dataset.count) frames, \(trainer.model.parameterCount) parameters"
              + (lastLoss.map { String(format: ", last loss %.5f", $0) } ?? "") + ", saved to \(output.out)")
    }
}
