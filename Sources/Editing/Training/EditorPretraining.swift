import Foundation
import NeuralNets
import Seeding
import Tensors

/// The base editor's training run: fresh triplets every step on a `TrainingLoop`, which checkpoints the weights (the
/// moving average when there is one) and, beside them, the training state, and resumes from it.
///
/// Step k draws its triplets, timesteps, noise and dropout from the loop's generator for (seed, k), so a run killed
/// and resumed from a checkpoint ends with the same weights as an uninterrupted one.
public final class EditorPretraining {
    public let configuration: PretrainingConfiguration
    public let model: EditorModel
    public let trainer: BaseEditorTrainer
    public let loop: TrainingLoop
    /// The moving average of the weights, when the configuration asks for one.
    public var average: ExponentialMovingAverage? { loop.average }
    public var completedSteps: Int { loop.completedSteps }

    /// Throws when the configuration cannot be recorded in the checkpoints' metadata (a non-finite number).
    public init(configuration: PretrainingConfiguration) throws {
        self.configuration = configuration
        var generator = SeededGenerator(seed: configuration.seed)
        model = EditorModel(configuration.model, generator: &generator)
        trainer = BaseEditorTrainer(model: model, learningRate: configuration.learningRate, weightDecay: configuration.weightDecay)
        let editor = model
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let configurationText = String(decoding: try encoder.encode(configuration), as: UTF8.self)
        loop = TrainingLoop(model: model, optimizer: trainer.optimizer,
                            average: configuration.emaDecay.map { ExponentialMovingAverage(model: editor, decay: $0) },
                            seed: configuration.seed, steps: configuration.steps, checkpointEvery: configuration.checkpointEvery,
                            learningRateSchedule: configuration.learningRateSchedule,
                            metadata: ["configuration": configurationText, "format": "sim2real-editor"])
    }

    /// Restores model, optimizer, average and step from the training state beside `path`.
    public func resume(from path: String) throws {
        try loop.resume(from: path)
    }

    /// Starts from `configuration.initialWeights` (when set) instead of the seeded initialization; a fresh run calls
    /// this before `run`, a resumed one does not (its training state already holds the weights).
    public func loadInitialWeights() throws {
        guard let path = configuration.initialWeights else { return }
        do {
            try model.load(from: path)
        } catch {
            throw EditorError.invalidInitialWeights(path: path, reason: "\(error)")
        }
        average?.reset(from: model)
    }

    /// Writes the weights to `path` and the training state beside it, each atomically.
    public func checkpoint(to path: String) throws {
        try loop.save(to: path)
    }

    /// Trains until `stopAfter` (or the configured steps), checkpointing to `checkpointPath` as it goes.
    public func run(checkpointPath: String, stopAfter: Int? = nil, progress: (Int, Float) -> Void = { _, _ in }) throws {
        try loop.run(checkpointingTo: checkpointPath, stopAfter: stopAfter, step: { _, generator in
            let triplets = (0..<configuration.batchSize).map { _ in
                EditTriplet.make(size: configuration.model.imageSize, frameSize: configuration.effectiveFrameSize,
                                 composite: configuration.model.compositeInput, generator: &generator)
            }
            return trainer.step(triplets, generator: &generator)
        }, progress: progress)
    }
}
