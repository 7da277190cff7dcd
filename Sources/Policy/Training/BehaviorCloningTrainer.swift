import Foundation
import NeuralNets
import Seeding
import Tensors

/// Behavior cloning: MSE between predicted and demonstrated normalized actions (every action of a chunk), AdamW with warm-up and cosine
/// decay, gradient clipping and random-shift augmentation, on a `TrainingLoop`.
///
/// Step k draws its batch (uniformly, with replacement) and shifts from the loop's generator for (seed, k), and the
/// loop's checkpoint holds the weights, the AdamW moments and the step, so a run killed and resumed from its
/// checkpoint ends with the same weights, bit for bit, as an uninterrupted one (at the same thread count).
public final class BehaviorCloningTrainer {
    public let configuration: PolicyConfiguration
    public let model: PolicyNetwork
    public let data: PolicyDataset
    public let loop: TrainingLoop
    public var completedSteps: Int { loop.completedSteps }

    /// A fresh network initialized from the training seed; `data` must have the network's image size.
    public init(configuration: PolicyConfiguration, data: PolicyDataset) throws {
        guard data.imageSize == configuration.network.imageSize else {
            throw PolicyError("dataset \(data.source) has \(data.imageSize) px frames, the policy expects \(configuration.network.imageSize) px")
        }
        guard data.count > 0 else { throw PolicyError("dataset \(data.source): no frames to train on") }
        self.configuration = configuration
        self.data = data
        model = Self.initialNetwork(configuration)
        let settings = configuration.training
        loop = TrainingLoop(model: model, optimizer: AdamW(learningRate: Float(settings.learningRate), weightDecay: Float(settings.weightDecay)),
                            seed: settings.seed, steps: settings.steps, checkpointEvery: settings.checkpointEvery,
                            learningRateSchedule: settings.schedule,
                            metadata: PolicyCheckpoint.metadata(configuration: configuration, samples: data.count, data: data.source))
    }

    /// The network a run starts from: initialized from the training seed (the experiment's random-init policy).
    public static func initialNetwork(_ configuration: PolicyConfiguration) -> PolicyNetwork {
        var generator = SeededGenerator(seed: configuration.training.seed)
        return PolicyNetwork(configuration.network, generator: &generator)
    }

    /// Starts from another policy's weights (fine-tuning); its network must match this one's.
    public func initialize(from path: String) throws {
        let (_, metadata) = try SafeTensors.read(path: path)
        let other = try PolicyCheckpoint.configuration(in: metadata, file: path)
        guard other.network == configuration.network else {
            throw PolicyError("\(path) holds a policy with network \(other.network.summary), this run's is \(configuration.network.summary)")
        }
        try model.load(from: path)
    }

    /// One optimizer step at the optimizer's current rate on the batch and shifts `generator` draws; returns the
    /// batch loss.
    @discardableResult
    public func step(generator: inout SeededGenerator) -> Float {
        let settings = configuration.training
        let indices = (0..<settings.batchSize).map { _ in Int(generator.next() % UInt64(data.count)) }
        let span = UInt64(2 * settings.shiftPixels + 1)
        let shifts = indices.map { _ in
            (x: Int(generator.next() % span) - settings.shiftPixels, y: Int(generator.next() % span) - settings.shiftPixels)
        }
        let network = configuration.network
        let batch = data.batch(indices, shifts: shifts, history: network.history, chunk: network.actionChunk)
        let prediction = model(batch.images, agentPositions: batch.agentPositions)
        let loss = Tensor.meanSquaredError(prediction, batch.actions)
        loss.backward()
        let parameters = model.trainableParameters()
        if settings.maximumGradientNorm > 0 { clipGradientNorm(parameters, maximumNorm: Float(settings.maximumGradientNorm)) }
        loop.optimizer.update(parameters)
        return loss.item
    }

    /// Trains until the configured steps (or `stopAfter`), checkpointing every `checkpoint_every` steps and at the
    /// end when `checkpointPath` is given.
    public func run(checkpointPath: String?, stopAfter: Int? = nil, progress: (Int, Float) -> Void = { _, _ in }) throws {
        try loop.run(checkpointingTo: checkpointPath, stopAfter: stopAfter, step: { _, generator in step(generator: &generator) },
                     progress: progress)
    }

    /// Writes the weights to `path` and the training state beside it, each atomically.
    public func checkpoint(to path: String) throws {
        try loop.save(to: path)
    }

    /// Restores the training state beside `path`; the run's configuration and sample count must be the checkpoint's.
    public func resume(from path: String) throws {
        try loop.resume(from: path) { metadata in
            let saved = try PolicyCheckpoint.configuration(in: metadata, file: TrainingLoop.statePath(for: path))
            guard saved == configuration else {
                throw PolicyError("cannot resume \(path): it was trained with \(saved.json), this run uses \(configuration.json)")
            }
            if let samples = metadata["samples"], samples != String(data.count) {
                throw PolicyError("cannot resume \(path): it was trained on \(samples) frames, this run has \(data.count)")
            }
        }
    }
}
