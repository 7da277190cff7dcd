import Foundation
import NeuralNets
import Seeding
import Tensors

/// Behaviour cloning: MSE between predicted and demonstrated normalised actions, AdamW with warm-up and cosine
/// decay, gradient clipping and random-shift augmentation.
///
/// Step k draws its batch (uniformly, with replacement) and shifts from a generator seeded by (seed, k), and a
/// checkpoint holds the weights, the AdamW moments and the step, so a run killed and resumed from its checkpoint
/// ends with the same weights, bit for bit, as an uninterrupted one (at the same thread count).
public final class BehaviourCloningTrainer {
    public let configuration: PolicyConfiguration
    public let model: PolicyNetwork
    public let optimizer: AdamW
    public let data: PolicyDataset
    public private(set) var completedSteps = 0

    /// A fresh network initialised from the training seed; `data` must have the network's image size.
    public init(configuration: PolicyConfiguration, data: PolicyDataset) throws {
        guard data.imageSize == configuration.network.imageSize else {
            throw PolicyError("dataset \(data.source) has \(data.imageSize) px frames, the policy expects \(configuration.network.imageSize) px")
        }
        guard data.count > 0 else { throw PolicyError("dataset \(data.source): no frames to train on") }
        self.configuration = configuration
        self.data = data
        model = Self.initialNetwork(configuration)
        optimizer = AdamW(learningRate: Float(configuration.training.learningRate), weightDecay: Float(configuration.training.weightDecay))
    }

    /// The network a run starts from: initialised from the training seed (the experiment's random-init policy).
    public static func initialNetwork(_ configuration: PolicyConfiguration) -> PolicyNetwork {
        var generator = SeededGenerator(seed: configuration.training.seed)
        return PolicyNetwork(configuration.network, generator: &generator)
    }

    /// Starts from another policy's weights (fine-tuning); its network must match this one's.
    public func initialise(from path: String) throws {
        let (_, metadata) = try SafeTensors.read(path: path)
        let other = try PolicyCheckpoint.configuration(in: metadata, file: path)
        guard other.network == configuration.network else {
            throw PolicyError("\(path) holds a policy with network \(other.network.summary), this run's is \(configuration.network.summary)")
        }
        try model.load(from: path)
    }

    /// One optimiser step; returns the batch loss.
    @discardableResult
    public func step() -> Float {
        let settings = configuration.training
        var generator = SeededGenerator(seed: settings.seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(completedSteps) &+ 1)
        let indices = (0..<settings.batchSize).map { _ in Int(generator.next() % UInt64(data.count)) }
        let span = UInt64(2 * settings.shiftPixels + 1)
        let shifts = indices.map { _ in
            (x: Int(generator.next() % span) - settings.shiftPixels, y: Int(generator.next() % span) - settings.shiftPixels)
        }
        let batch = data.batch(indices, shifts: shifts)
        let prediction = model(batch.images, agentPositions: batch.agentPositions)
        let loss = Tensor.meanSquaredError(prediction, batch.actions)
        loss.backward()
        let parameters = model.trainableParameters()
        if settings.maximumGradientNorm > 0 { clipGradientNorm(parameters, maximumNorm: Float(settings.maximumGradientNorm)) }
        optimizer.learningRate = settings.schedule.rate(at: completedSteps)
        optimizer.update(parameters)
        completedSteps += 1
        return loss.item
    }

    /// Trains until the configured steps (or `stopAfter`), writing a checkpoint every `checkpoint_every` steps
    /// and at the end when `checkpointPath` is given.
    public func run(checkpointPath: String?, stopAfter: Int? = nil, progress: (Int, Float) -> Void = { _, _ in }) throws {
        let settings = configuration.training
        let last = min(settings.steps, stopAfter ?? settings.steps)
        while completedSteps < last {
            let loss = step()
            progress(completedSteps, loss)
            if let checkpointPath, completedSteps % settings.checkpointEvery == 0 || completedSteps == last {
                try checkpoint(to: checkpointPath)
            }
        }
    }

    /// Writes weights, AdamW moments, the step and the configuration, atomically.
    public func checkpoint(to path: String) throws {
        try model.save(to: path, metadata: PolicyCheckpoint.metadata(configuration: configuration, completedSteps: completedSteps,
                                                                      samples: data.count, data: data.source),
                       extra: optimizer.state(for: model.namedParameters()))
    }

    /// Restores what `checkpoint(to:)` wrote; the run's configuration and sample count must be the checkpoint's.
    public func resume(from path: String) throws {
        let (_, metadata) = try SafeTensors.read(path: path)
        let saved = try PolicyCheckpoint.configuration(in: metadata, file: path)
        guard saved == configuration else {
            throw PolicyError("cannot resume \(path): it was trained with \(saved.json), this run uses \(configuration.json)")
        }
        if let samples = metadata["samples"], samples != String(data.count) {
            throw PolicyError("cannot resume \(path): it was trained on \(samples) frames, this run has \(data.count)")
        }
        let (_, extra) = try model.load(from: path)
        optimizer.restore(extra, for: model.namedParameters())
        completedSteps = Int(metadata["completed_steps"] ?? "0") ?? 0
    }
}
