import ArgumentParser
import Foundation
import NeuralNets
import Policy
import Seeding
import Tensors

/// The policy's behaviour-cloning step and evaluation throughput, on synthetic frames (no dataset needed).
struct BenchPolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Seconds per behaviour-cloning step (forward, MSE, backward, AdamW) and evaluation frames/s of a policy file."
    )

    @Option(help: "Policy file.")
    var policy = "policies/cnn.yaml"

    @Option(help: "Batch size (default: the policy's training.batch_size).")
    var batch: Int?

    @Option(help: "Timed steps (the median is reported, after two warm-up steps).")
    var steps = 10

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @OptionGroup var runtime: RuntimeOptions

    func validate() throws {
        if let batch, batch < 1 { throw ValidationError("--batch must be at least 1, got \(batch).") }
        if steps < 1 { throw ValidationError("--steps must be at least 1, got \(steps).") }
    }

    func run() throws {
        var configuration = try PolicyConfiguration.load(path: policy)
        if let batch { configuration.training.batchSize = batch }
        let size = configuration.network.imageSize, frames = 256
        var generator = SeededGenerator(seed: 1)
        let pixels = (0..<(frames * size * size * 3)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let numbers = (0..<(2 * frames)).map { _ in Float(generator.nextUnit() * 2 - 1) }
        let data = PolicyDataset(source: "synthetic", imageSize: size, pixels: pixels, actions: numbers, agentPositions: numbers.reversed(),
                                 episodes: [Int](repeating: 0, count: frames))
        let trainer = try BehaviorCloningTrainer(configuration: configuration, data: data)
        var times: [Double] = []
        for index in 0..<(steps + 2) {
            var stepGenerator = TrainingLoop.generator(seed: configuration.training.seed, step: index)
            let start = Date()
            trainer.step(generator: &stepGenerator)
            if index >= 2 { times.append(Date().timeIntervalSince(start)) }
        }
        let step = times.sorted()[times.count / 2]
        let start = Date()
        _ = try PolicyEvaluation.evaluate(trainer.model, on: data)
        let evaluationRate = Double(frames) / Date().timeIntervalSince(start)
        let report: [String: Any] = [
            "policy": policy, "batch_size": configuration.training.batchSize, "threads": ComputeThreads.count,
            "parameters": trainer.model.parameterCount, "step_seconds": step, "evaluation_frames_per_second": evaluationRate,
        ]
        if json {
            print(String(decoding: try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys, .prettyPrinted]), as: UTF8.self))
            return
        }
        print("policy: \(policy) (\(trainer.model.parameterCount) parameters; \(configuration.network.summary))")
        print(String(format: "training step, batch %d, %d threads: %.4f s (median of %d)", configuration.training.batchSize,
                     ComputeThreads.count, step, steps))
        print(String(format: "evaluation: %.0f frames/s", evaluationRate))
    }
}
