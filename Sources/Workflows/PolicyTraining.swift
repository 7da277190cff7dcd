import Foundation
import Pipelines
import Policy

/// Behavior cloning of a policy file's network on a dataset, from scratch or from another policy, continuing its
/// checkpoint on request.
public enum PolicyTraining {
    /// What a run ended with.
    public struct Outcome: Sendable {
        public var steps: Int
        public var frames: Int
        public var parameters: Int
        /// The loss of the last step this run took (nil when it took none).
        public var lastLoss: Float?
    }

    /// Trains the network of `policy` (its steps and seed replaced when given) on the first `samples` frames of
    /// `data` (all when nil), starting from `initial`'s weights when given, into `out`.
    public static func train(policy: String, data: String, initial: String?, samples: Int?, steps: Int?, seed: UInt64?, out: String,
                             resume: Bool, stopAfter: Int?) throws -> Outcome {
        var configuration = try PolicyConfiguration.load(path: policy)
        if let steps { configuration.training.steps = steps }
        if let seed { configuration.training.seed = seed }
        let output = try TrainingOutput(out: out, resume: resume)
        defer { output.release() }
        let loading = Date()
        let dataset = try PolicyDataset.load(path: data, limit: samples)
        FileHandle.standardError.write(Data(String(format: "policy train: %d frames of %d episodes decoded in %.1f s\n", dataset.count,
                                                   dataset.episodeCount, Date().timeIntervalSince(loading)).utf8))
        let trainer = try BehaviorCloningTrainer(configuration: configuration, data: dataset)
        if output.resumes {
            try trainer.resume(from: out)
        } else if let initial {
            try trainer.initialize(from: initial)
        }
        let progress = ProgressLine("policy train", total: trainer.loop.lastStep(stopAfter: stopAfter), initial: trainer.completedSteps)
        var lastLoss: Float?
        try trainer.run(checkpointPath: out, stopAfter: stopAfter) { step, loss in
            lastLoss = loss
            progress.update(done: step, note: String(format: "loss %.4f", loss))
        }
        return Outcome(steps: trainer.completedSteps, frames: dataset.count, parameters: trainer.model.parameterCount, lastLoss: lastLoss)
    }
}
