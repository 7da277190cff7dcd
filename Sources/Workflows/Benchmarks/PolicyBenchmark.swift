import Foundation
import NeuralNets
import Policy
import Seeding
import Tensors

/// The policy's behavior-cloning step and evaluation throughput on synthetic frames, so a policy file can be
/// timed without a dataset.
public struct PolicyBenchmark: Codable, Sendable {
    /// The policy file.
    public var policy: String
    public var batchSize: Int
    public var threads: Int
    public var parameters: Int
    /// Median seconds of one step (forward, MSE, backward, AdamW).
    public var stepSeconds: Double
    public var evaluationFramesPerSecond: Double
    /// The network's layers in words (not in the JSON).
    public var networkSummary = ""
    /// Steps the median is taken over (not in the JSON).
    public var timedSteps = 0

    enum CodingKeys: String, CodingKey {
        case policy, batchSize, threads, parameters, stepSeconds, evaluationFramesPerSecond
    }

    /// Frames of the synthetic dataset (enough for any batch size the policies use).
    static let frames = 256

    /// Times `steps` training steps after two warm-up steps, with the policy's batch size unless `batchSize` is
    /// given, then one evaluation pass over the synthetic frames.
    public static func run(policy: String, batchSize: Int? = nil, steps: Int) throws -> PolicyBenchmark {
        var configuration = try PolicyConfiguration.load(path: policy)
        if let batchSize { configuration.training.batchSize = batchSize }
        let size = configuration.network.imageSize
        var generator = SeededGenerator(seed: 1)
        let pixels = (0..<(frames * size * size * 3)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let numbers = (0..<(2 * frames)).map { _ in Float(generator.nextUnit() * 2 - 1) }
        let data = PolicyDataset(source: "synthetic", imageSize: size, pixels: pixels, actions: numbers, agentPositions: numbers.reversed(),
                                 episodes: [Int](repeating: 0, count: frames))
        let trainer = try BehaviorCloningTrainer(configuration: configuration, data: data)
        let times = (0..<(steps + 2)).map { index in
            var stepGenerator = TrainingLoop.generator(seed: configuration.training.seed, step: index)
            return BenchmarkMeasurements.seconds { _ = trainer.step(generator: &stepGenerator) }
        }.dropFirst(2)
        let evaluation = try BenchmarkMeasurements.seconds { _ = try PolicyEvaluation.evaluate(trainer.model, on: data) }
        return PolicyBenchmark(policy: policy, batchSize: configuration.training.batchSize, threads: ComputeThreads.count,
                               parameters: trainer.model.parameterCount, stepSeconds: BenchmarkMeasurements.median(Array(times)),
                               evaluationFramesPerSecond: Double(frames) / evaluation,
                               networkSummary: configuration.network.summary, timedSteps: steps)
    }
}
