import Foundation
import NeuralNets
import Seeding
import Tensors

/// The base editor's training run: fresh triplets every step, a checkpoint every `checkpointEvery` steps (model,
/// optimiser moments and the step, in one safetensors file written atomically), and resume from it.
///
/// Step k draws its triplets, timesteps, noise and dropout from a generator seeded by (seed, k), so a run killed
/// and resumed from a checkpoint ends with the same weights as an uninterrupted one.
public final class EditorPretraining {
    public let configuration: PretrainingConfiguration
    public let model: EditorModel
    public let trainer: BaseEditorTrainer
    public private(set) var completedSteps = 0

    public init(configuration: PretrainingConfiguration) {
        self.configuration = configuration
        var generator = SeededGenerator(seed: configuration.seed)
        model = EditorModel(configuration.model, generator: &generator)
        trainer = BaseEditorTrainer(model: model, learningRate: configuration.learningRate, weightDecay: configuration.weightDecay)
    }

    /// Restores model, optimiser and step from a checkpoint written by `checkpoint(to:)`.
    public func resume(from path: String) throws {
        let (metadata, extra) = try model.load(from: path)
        trainer.optimizer.restore(extra, for: model.namedParameters())
        completedSteps = Int(metadata["completed_steps"] ?? "0") ?? 0
    }

    public func checkpoint(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let configurationText = String(decoding: try encoder.encode(configuration), as: UTF8.self)
        try model.save(to: path, metadata: ["completed_steps": String(completedSteps), "configuration": configurationText,
                                            "format": "sim2real-editor"],
                       extra: trainer.optimizer.state(for: model.namedParameters()))
    }

    /// Trains until `stopAfter` (or the configured steps), checkpointing to `checkpointPath` as it goes.
    public func run(checkpointPath: String, stopAfter: Int? = nil, progress: (Int, Float) -> Void = { _, _ in }) throws {
        let last = min(configuration.steps, stopAfter ?? configuration.steps)
        while completedSteps < last {
            var generator = SeededGenerator(seed: configuration.seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(completedSteps) &+ 1)
            let triplets = (0..<configuration.batchSize).map { _ in
                EditTriplet.make(size: configuration.model.imageSize, generator: &generator)
            }
            let loss = trainer.step(triplets, generator: &generator)
            completedSteps += 1
            progress(completedSteps, loss)
            if completedSteps % configuration.checkpointEvery == 0 || completedSteps == last {
                try checkpoint(to: checkpointPath)
            }
        }
    }
}
