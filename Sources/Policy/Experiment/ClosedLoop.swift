import Datasets
import Foundation
import Simulation

/// Closed-loop evaluation inside an experiment: each policy acts from gym-pusht's reset states while seeing the
/// frames a scene's camera renders (the real look), and success (coverage above 0.95) is counted. Offline action
/// error can rank policies wrongly; this measures what the policy is for. The experiment file's `closed_loop`:
///
/// ```yaml
/// closed_loop:
///   scene: scenes/pusht-real.yaml   # the camera the policies see
///   episodes: 10                    # reset states of `simulate --seed 500`, episodes 0..9
///   seed: 500
///   max_steps: 300
///   samples: 1000                   # also after fine-tuning on this many real frames (default: the largest N)
/// ```
public struct ClosedLoopSettings: Sendable, Codable, Equatable {
    public var scene: String
    public var episodes = 10
    public var seed: UInt64 = 500
    public var maxSteps = 300
    /// The fine-tuning sample count whose policies are also rolled out (nil: the largest one run).
    public var samples: Int?

    public init(scene: String) { self.scene = scene }

    enum CodingKeys: String, CodingKey { case scene, episodes, seed, maxSteps = "max_steps", samples }
    static let keys = ["scene", "episodes", "seed", "max_steps", "samples"]
}

/// What rolling out one policy gave.
public struct ClosedLoopResult: Sendable, Codable, Equatable {
    public var successRate: Double
    public var meanFinalCoverage: Double

    public init(successRate: Double, meanFinalCoverage: Double) {
        self.successRate = successRate
        self.meanFinalCoverage = meanFinalCoverage
    }

    enum CodingKeys: String, CodingKey { case successRate = "success_rate", meanFinalCoverage = "mean_final_coverage" }
}

extension ClosedLoopSettings {
    /// The scripted expert from the same reset states (it sees states, not frames): the reference a policy's
    /// closed-loop success is read against.
    public func expertReference() -> ClosedLoopResult {
        var evaluation = ExpertEvaluation()
        evaluation.maxSteps = maxSteps
        let episodes = (0..<self.episodes).map { evaluation.run(seed: DemonstrationRecorder.episodeSeed(datasetSeed: seed, index: $0)) }
        return ClosedLoopResult(successRate: Double(episodes.filter(\.success).count) / Double(episodes.count),
                                meanFinalCoverage: episodes.map(\.finalCoverage).reduce(0, +) / Double(episodes.count))
    }
}

/// Runs a policy closed loop: supplied by the application, which owns scenes and rendering.
public typealias ClosedLoopEvaluation = (PolicyNetwork, ClosedLoopSettings) throws -> ClosedLoopResult

/// A variant's closed-loop figures over seeds: zero-shot and after fine-tuning on `samples` real frames.
public struct ClosedLoopFigures: Sendable, Codable, Equatable {
    public struct Statistics: Sendable, Codable, Equatable {
        public var successRate: MeanAndDeviation
        public var finalCoverage: MeanAndDeviation

        enum CodingKeys: String, CodingKey { case successRate = "success_rate", finalCoverage = "final_coverage" }
    }

    public var zeroShot: Statistics?
    public var fineTuned: Statistics?
    public var samples: Int?

    enum CodingKeys: String, CodingKey { case zeroShot = "zero_shot", fineTuned = "fine_tuned", samples }

    static func statistics(_ results: [ClosedLoopResult]) -> Statistics? {
        results.isEmpty ? nil : Statistics(successRate: MeanAndDeviation(results.map(\.successRate)),
                                           finalCoverage: MeanAndDeviation(results.map(\.meanFinalCoverage)))
    }
}
