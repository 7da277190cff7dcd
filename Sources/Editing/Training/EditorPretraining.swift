import Foundation
import NeuralNets
import Seeding
import Tensors

/// The base editor's training run: fresh triplets every step, a checkpoint every `checkpointEvery` steps (model,
/// optimiser moments and the step, written atomically beside the weights), and resume from it.
///
/// Step k draws its triplets, timesteps, noise and dropout from a generator seeded by (seed, k), so a run killed
/// and resumed from a checkpoint ends with the same weights as an uninterrupted one.
public final class EditorPretraining {
    public let configuration: PretrainingConfiguration
    public let model: EditorModel
    public let trainer: BaseEditorTrainer
    /// The moving average of the weights, when the configuration asks for one.
    public let average: ExponentialMovingAverage?
    public private(set) var completedSteps = 0

    public init(configuration: PretrainingConfiguration) {
        self.configuration = configuration
        var generator = SeededGenerator(seed: configuration.seed)
        model = EditorModel(configuration.model, generator: &generator)
        trainer = BaseEditorTrainer(model: model, learningRate: configuration.learningRate, weightDecay: configuration.weightDecay)
        let editor = model
        average = configuration.emaDecay.map { ExponentialMovingAverage(model: editor, decay: $0) }
    }

    /// Where the optimiser state of a run writing `path` lives: beside it, so the shipped file holds weights only
    /// (a third of the size) and a run can still resume exactly.
    public static func trainingStatePath(for path: String) -> String {
        (path.hasSuffix(".safetensors") ? String(path.dropLast(".safetensors".count)) : path) + ".training.safetensors"
    }

    /// Restores model, optimiser and step from the training state written beside `path` by `checkpoint(to:)`.
    public func resume(from path: String) throws {
        let (metadata, extra) = try model.load(from: Self.trainingStatePath(for: path), ignoringPrefixes: ["adam.", "ema."])
        trainer.optimizer.restore(extra, for: model.namedParameters())
        average?.restore(extra, for: model)
        completedSteps = Int(metadata["completed_steps"] ?? "0") ?? 0
    }

    /// Starts from `configuration.initialWeights` (when set) instead of the seeded initialisation; a fresh run calls
    /// this before `run`, a resumed one does not (its training state already holds the weights).
    public func loadInitialWeights() throws {
        guard let path = configuration.initialWeights else { return }
        do {
            try model.load(from: path, rejectNonFinite: true)
        } catch {
            throw EditorError.invalidInitialWeights(path: path, reason: "\(error)")
        }
        average?.reset(from: model)
    }

    /// Writes the weights to `path` and weights plus optimiser state beside it, each atomically.
    public func checkpoint(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let configurationText = String(decoding: try encoder.encode(configuration), as: UTF8.self)
        let metadata = ["completed_steps": String(completedSteps), "configuration": configurationText, "format": "sim2real-editor"]
        var extra = trainer.optimizer.state(for: model.namedParameters())
        if let average { extra.merge(average.state(for: model)) { current, _ in current } }
        try model.save(to: Self.trainingStatePath(for: path), metadata: metadata, extra: extra)
        guard let average else { return try model.save(to: path, metadata: metadata) }
        // The weights file holds the average; the raw weights go back for training.
        let raw = model.namedParameters().map { ($0.tensor, $0.tensor.scalars) }
        average.copy(into: model)
        defer { for (tensor, values) in raw { tensor.scalars = values } }
        try model.save(to: path, metadata: metadata)
    }

    /// Trains until `stopAfter` (or the configured steps), checkpointing to `checkpointPath` as it goes.
    public func run(checkpointPath: String, stopAfter: Int? = nil, progress: (Int, Float) -> Void = { _, _ in }) throws {
        let last = min(configuration.steps, stopAfter ?? configuration.steps)
        while completedSteps < last {
            var generator = SeededGenerator(seed: configuration.seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(completedSteps) &+ 1)
            let triplets = (0..<configuration.batchSize).map { _ in
                EditTriplet.make(size: configuration.model.imageSize, frameSize: configuration.effectiveFrameSize, generator: &generator)
            }
            trainer.optimizer.learningRate = configuration.learningRateSchedule.rate(at: completedSteps)
            let loss = trainer.step(triplets, generator: &generator)
            average?.update(from: model)
            completedSteps += 1
            progress(completedSteps, loss)
            if completedSteps % configuration.checkpointEvery == 0 || completedSteps == last {
                try checkpoint(to: checkpointPath)
            }
        }
    }
}
