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
    /// PyTorch's step on the same network, batch and threads, when the anchor ran.
    public var torchStepSeconds: Double?
    public var stepRatioToTorch: Double?
    public var anchorNote = "not measured"
    /// The network's layers in words (not in the JSON).
    public var networkSummary = ""
    /// Steps the median is taken over (not in the JSON).
    public var timedSteps = 0

    enum CodingKeys: String, CodingKey {
        case policy, batchSize, threads, parameters, stepSeconds, evaluationFramesPerSecond, torchStepSeconds, stepRatioToTorch, anchorNote
    }

    /// The script timing PyTorch's step, relative to the repository root.
    public static let anchorScript = "benchmarks/torch_policy_step.py"

    /// Frames of the synthetic dataset (enough for any batch size the policies use).
    static let frames = 256

    /// Times `steps` training steps after two warm-up steps, with the policy's batch size unless `batchSize` is
    /// given, then one evaluation pass over the synthetic frames.
    public static func run(policy: String, batchSize: Int? = nil, steps: Int, measureAnchor: Bool = false) throws -> PolicyBenchmark {
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
        var result = PolicyBenchmark(policy: policy, batchSize: configuration.training.batchSize, threads: ComputeThreads.count,
                                     parameters: trainer.model.parameterCount, stepSeconds: BenchmarkMeasurements.median(Array(times)),
                                     evaluationFramesPerSecond: Double(frames) / evaluation,
                                     networkSummary: configuration.network.summary, timedSteps: steps)
        if measureAnchor { result.measureAnchor(configuration.network, steps: steps) }
        return result
    }

    /// PyTorch's step on the same network (`anchorScript`), right after ours.
    mutating func measureAnchor(_ network: PolicyNetworkConfiguration, steps: Int) {
        guard !network.agentPosition else {
            anchorNote = "the anchor script has no agent-position input"
            return
        }
        let list = { (values: [Int]) in values.isEmpty ? "-" : values.map(String.init).joined(separator: ",") }
        let arguments = [String(threads), String(steps), String(batchSize), String(network.imageSize), String(network.groups),
                         network.activation.rawValue, network.head.rawValue, String(network.keypoints), list(network.channels),
                         list(network.strides), list(network.hidden)]
        switch PythonAnchor.run(script: Self.anchorScript, arguments: arguments) {
        case .success(let object):
            guard let seconds = object["seconds_per_step"] as? Double else {
                anchorNote = "\(Self.anchorScript) printed no seconds_per_step"
                return
            }
            torchStepSeconds = seconds
            stepRatioToTorch = stepSeconds / seconds
            let torchParameters = object["parameters"] as? Int
            anchorNote = "PyTorch \(object["torch"] as? String ?? "?") on \(threads) threads"
                + (torchParameters == parameters ? "" : "; warning: its network has \(torchParameters ?? 0) parameters, ours \(parameters)")
        case .failure(let error):
            anchorNote = error.description
        }
    }
}
