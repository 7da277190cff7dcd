import Foundation
import NeuralNets
import Seeding
import Tensors

/// Trains a segmenter on randomized-camera frames: cross-entropy per pixel with class weights (plus, when the
/// configuration weights any class, a soft Dice loss per frame), AdamW with warm-up
/// and cosine decay, random left-right mirroring, on a `TrainingLoop` (checkpoints, bit-identical resume).
public final class SegmenterTraining {
    public let configuration: SegmenterConfiguration
    public let network: SegmenterNetwork
    public let loop: TrainingLoop
    public let examples: SegmentationExamples
    public var completedSteps: Int { loop.completedSteps }

    /// The metadata that names a segmenter checkpoint and carries its configuration.
    public static let format = "sim2real-segmenter"

    public init(configuration: SegmenterConfiguration, examples: SegmentationExamples) throws {
        if let problem = configuration.problem { throw SegmenterError.invalidConfiguration(field: problem.field, message: problem.message) }
        precondition(examples.size == configuration.imageSize, "examples of \(examples.size) px for a \(configuration.imageSize) px segmenter")
        self.configuration = configuration
        self.examples = examples
        var generator = SeededGenerator(seed: configuration.seed)
        network = SegmenterNetwork(configuration, generator: &generator)
        if let path = configuration.initialWeights { try Self.loadInitialWeights(path, into: network) }
        let schedule = LearningRateSchedule(peak: Float(configuration.learningRate), warmupSteps: configuration.warmupSteps,
                                            totalSteps: configuration.steps, decay: .cosine, finalFraction: 0.05)
        loop = TrainingLoop(model: network, optimizer: AdamW(learningRate: Float(configuration.learningRate), weightDecay: Float(configuration.weightDecay)),
                            seed: configuration.seed, steps: configuration.steps, checkpointEvery: configuration.checkpointEvery,
                            learningRateSchedule: schedule, metadata: try Self.metadata(configuration))
    }

    /// Starts `network` from the segmenter checkpoint at `path`, which must have the same channels.
    static func loadInitialWeights(_ path: String, into network: SegmenterNetwork) throws {
        let initial = try Segmenter.configuration(ofCheckpoint: path)
        guard initial.channels == network.configuration.channels, initial.groups == network.configuration.groups else {
            throw SegmenterError.invalidCheckpoint(path: path, reason: "initial_weights: channels \(initial.channels) and groups \(initial.groups), "
                                                   + "the configuration has \(network.configuration.channels) and \(network.configuration.groups)")
        }
        try network.load(from: path)
    }

    static func metadata(_ configuration: SegmenterConfiguration) throws -> [String: String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return ["format": format, "configuration": String(decoding: try encoder.encode(configuration), as: UTF8.self)]
    }

    /// One optimizer step on the batch the generator draws; returns the batch loss.
    @discardableResult
    public func step(generator: inout SeededGenerator) -> Float {
        let indices = (0..<configuration.batchSize).map { _ in Int(generator.next() % UInt64(examples.count)) }
        let flips = indices.map { _ in generator.next() & 1 == 1 }
        let batch = examples.batch(indices, flips: flips)
        let logits = network(batch.images)
        var loss = Tensor.softmaxCrossEntropy(logits: logits, labels: batch.classes, classWeights: configuration.classWeights)
        if let dice = configuration.diceWeights, dice.contains(where: { $0 > 0 }) {
            loss = loss + Tensor.softDice(logits: logits, labels: batch.classes, classWeights: dice)
        }
        loss.backward()
        let parameters = network.trainableParameters()
        clipGradientNorm(parameters, maximumNorm: 1)
        loop.optimizer.update(parameters)
        return loss.item
    }

    /// Trains until the configured steps (or `stopAfter`), checkpointing to `output`.
    public func run(output: String, stopAfter: Int? = nil, progress: (Int, Float) -> Void = { _, _ in }) throws {
        try loop.run(checkpointingTo: output, stopAfter: stopAfter, step: { _, generator in step(generator: &generator) }, progress: progress)
    }

    /// Continues the run whose checkpoint is at `output`; it must have been trained with this configuration (its
    /// initial weights may be spelled as another path to the same file).
    public func resume(from output: String) throws {
        try loop.resume(from: output) { metadata in
            guard try Self.isSameRun(metadata["configuration"], configuration) else {
                throw SegmenterError.invalidCheckpoint(path: output, reason: "it was trained with another configuration")
            }
        }
    }

    /// Whether a checkpoint's recorded configuration is `configuration`, with the initial weights compared as files
    /// rather than as spellings (`models/a.safetensors` and `./models/a.safetensors` name one network).
    static func isSameRun(_ recorded: String?, _ configuration: SegmenterConfiguration) throws -> Bool {
        guard let recorded else { return false }
        let expected = try metadata(configuration)["configuration"]
        if recorded == expected { return true }
        guard var stored = try? JSONDecoder().decode(SegmenterConfiguration.self, from: Data(recorded.utf8)) else { return false }
        func file(_ path: String?) -> String? { path.map { URL(fileURLWithPath: $0).standardizedFileURL.path } }
        if file(stored.initialWeights) == file(configuration.initialWeights) { stored.initialWeights = configuration.initialWeights }
        return try metadata(stored)["configuration"] == expected
    }
}
