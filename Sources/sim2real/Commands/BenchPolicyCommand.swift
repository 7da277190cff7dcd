import ArgumentParser
import Foundation
import Policy
import Workflows
import Validation

/// The policy's behavior-cloning step and evaluation throughput, on synthetic frames (no dataset needed).
struct BenchPolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Seconds per behavior-cloning step (forward, MSE, backward, AdamW) and evaluation frames/s of a policy file, beside PyTorch's step on the same network."
    )

    @Option(help: "Policy file.")
    var policy = "policies/cnn.yaml"

    @Option(help: "Batch size (default: the policy's training.batch_size).")
    var batch: Int?

    @Option(help: "Timed steps (the median is reported, after two warm-up steps).")
    var steps = 10

    @Flag(help: "Skip the PyTorch anchor (benchmarks/torch_policy_step.py).")
    var noAnchor = false

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @OptionGroup var runtime: RuntimeOptions

    func validate() throws {
        try OptionCheck.run { () throws(ValueError) in
            try BehaviorCloningSettings.batchSizeBounds.check(batch, "batch")
            try NetworkBenchmark.repetitionBounds.check(steps, "steps")
        }
    }

    func run() throws {
        let result = try PolicyBenchmark.run(policy: policy, batchSize: batch, steps: steps, measureAnchor: !noAnchor)
        if json {
            print(try ResultJSON.string(result))
            return
        }
        print("policy: \(policy) (\(result.parameters) parameters; \(result.networkSummary))")
        print(String(format: "training step, batch %d, %d threads: %.4f s (median of %d)", result.batchSize, result.threads,
                     result.stepSeconds, result.timedSteps))
        print(String(format: "evaluation: %.0f frames/s", result.evaluationFramesPerSecond))
        if let torch = result.torchStepSeconds, let ratio = result.stepRatioToTorch {
            print(String(format: "PyTorch's step on the same network and batch: %.4f s (ratio ours/PyTorch %.2f; %@)", torch, ratio, result.anchorNote))
        } else {
            print("PyTorch anchor: \(result.anchorNote)")
        }
    }
}
