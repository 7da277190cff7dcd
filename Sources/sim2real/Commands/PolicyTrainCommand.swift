import ArgumentParser
import Foundation
import Pipelines
import Policy
import Workflows
import NeuralNets
import Validation

/// Behavior cloning on a dataset, from scratch or from another policy, with checkpoints and resume.
struct PolicyTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a policy by behavior cloning on a dataset (checkpoints; --resume continues).",
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

    @Option(help: "Optimizer steps (overrides training.steps).")
    var steps: Int?

    @Option(help: "Training seed: initialization, batches, shifts (overrides training.seed).")
    var seed: UInt64?

    @OptionGroup var output: CheckpointedOutputOptions

    @OptionGroup var runtime: RuntimeOptions

    func validate() throws {
        try OptionCheck.run { () throws(ValueError) in
            try PolicyDataset.sampleBounds.check(samples, "samples")
            try TrainingLoop.stepCountBounds.check(steps, "steps")
        }
    }

    func run() throws {
        let outcome = try PolicyTraining.train(policy: policy, data: data, initial: `init`, samples: samples, steps: steps, seed: seed,
                                               out: output.out, resume: output.resume, stopAfter: output.stopAfter)
        print("policy: \(outcome.steps) steps on \(outcome.frames) frames, \(outcome.parameters) parameters"
              + (outcome.lastLoss.map { String(format: ", last loss %.5f", $0) } ?? "") + ", saved to \(output.out)")
    }
}
