import Datasets
import Foundation
import Imaging
import Policy
import Scenes
import Seeding
import Simulation
import Tensors
import Validation

/// A policy acting closed-loop: from gym-pusht's reset states, each step the frame a scene's camera shows of the
/// current state goes in and the predicted action is taken, until success (coverage above 0.95) or the step limit.
/// Offline action error can rank policies wrongly; this is what the policy is for.
public enum PolicyRollout {
    public static let episodeBounds = Bounds(1...10_000)

    public struct Episode: Codable, Sendable, Equatable {
        public var seed: UInt64
        public var steps: Int
        public var success: Bool
        public var finalCoverage: Double
        public var maximumCoverage: Double

        enum CodingKeys: String, CodingKey {
            case seed, steps, success, finalCoverage = "final_coverage", maximumCoverage = "maximum_coverage"
        }
    }

    public struct Summary: Codable, Sendable, Equatable {
        public var scene: String
        public var episodes: [Episode]
        public var successRate: Double { Double(episodes.filter(\.success).count) / Double(max(1, episodes.count)) }
        public var meanFinalCoverage: Double { episodes.map(\.finalCoverage).reduce(0, +) / Double(max(1, episodes.count)) }
        public var meanMaximumCoverage: Double { episodes.map(\.maximumCoverage).reduce(0, +) / Double(max(1, episodes.count)) }

        enum CodingKeys: String, CodingKey { case scene, episodes, successRate = "success_rate", meanFinalCoverage = "mean_final_coverage",
                                                  meanMaximumCoverage = "mean_maximum_coverage" }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(scene, forKey: .scene)
            try container.encode(episodes, forKey: .episodes)
            try container.encode(successRate, forKey: .successRate)
            try container.encode(meanFinalCoverage, forKey: .meanFinalCoverage)
            try container.encode(meanMaximumCoverage, forKey: .meanMaximumCoverage)
        }

        public init(scene: String, episodes: [Episode]) {
            self.scene = scene
            self.episodes = episodes
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(scene: try container.decode(String.self, forKey: .scene), episodes: try container.decode([Episode].self, forKey: .episodes))
        }
    }

    /// Runs `episodes` episodes of `model` seen through `scene`'s camera. Episode i starts where `simulate --seed
    /// seed` starts its episode i, so the scripted expert's record on the same states is the reference.
    /// `observe` gets every frame the policy saw.
    public static func run(_ model: PolicyNetwork, scene: String, episodes: Int, seed: UInt64, maxSteps: Int = PushTEnvironment.maxEpisodeSteps,
                           observe: (_ episode: Int, _ step: Int, _ frame: Image) -> Void = { _, _, _ in }) throws -> Summary {
        if let problem = episodeBounds.problem(episodes) { throw WorkflowError("episodes \(problem)") }
        if let problem = PushTEnvironment.stepLimitBounds.problem(maxSteps) { throw WorkflowError("max_steps \(problem)") }
        let (spec, _) = try SceneSpec.load(path: scene)
        let size = model.configuration.imageSize
        guard spec.imageSize == size else {
            throw WorkflowError("scene \(scene) renders \(spec.imageSize) px frames, the policy takes \(size) px")
        }
        let renderer = SceneRenderer(spec: spec)
        var results: [Episode] = []
        for index in 0..<episodes {
            let episodeSeed = DemonstrationRecorder.episodeSeed(datasetSeed: seed, index: index)
            var generator = SeededGenerator(seed: episodeSeed)
            let environment = PushTEnvironment()
            var state = environment.reset(using: &generator)
            var coverage = environment.coverage, maximum = coverage, steps = 0, success = false
            let actor = PolicyActor(model: model)
            while steps < maxSteps && !success {
                let frame = renderer.render(state, episodeSeed: episodeSeed, step: steps).image
                observe(index, steps, frame)
                let action = actor.action(frame: frame, state: state)
                let result = environment.step(actionX: action.x, actionY: action.y)
                steps += 1
                state = result.state
                coverage = result.coverage
                maximum = max(maximum, coverage)
                success = result.isSuccess
            }
            results.append(Episode(seed: episodeSeed, steps: steps, success: success, finalCoverage: coverage, maximumCoverage: maximum))
        }
        return Summary(scene: scene, episodes: results)
    }

    /// Closed-loop evaluation as the experiment asks for it (`closed_loop` in an experiment file).
    public static func evaluation(_ model: PolicyNetwork, _ settings: ClosedLoopSettings) throws -> ClosedLoopResult {
        let summary = try run(model, scene: settings.scene, episodes: settings.episodes, seed: settings.seed, maxSteps: settings.maxSteps)
        return ClosedLoopResult(successRate: summary.successRate, meanFinalCoverage: summary.meanFinalCoverage)
    }
}
