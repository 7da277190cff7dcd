import Rendering
import Scenes
import Seeding
import Simulation

/// Records scripted-expert episodes as frames: observation (image and masks) before each action, the action,
/// and the reward and coverage after it. An episode ends at success or at the step limit, as in gym-pusht.
public struct DemonstrationRecorder: Sendable {
    public var renderer: SceneRenderer
    public var expert = ScriptedExpert()
    public var maxSteps = PushTEnvironment.maxEpisodeSteps

    public init(renderer: SceneRenderer) {
        self.renderer = renderer
    }

    /// The seed of episode `index` of a dataset with seed `datasetSeed` (SplitMix-style mixing, so nearby
    /// dataset seeds give unrelated episodes).
    public static func episodeSeed(datasetSeed: UInt64, index: Int) -> UInt64 {
        var z = datasetSeed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(index) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 31)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 29)
    }

    /// One episode from its seed.
    public func record(index: Int, seed: UInt64) -> (summary: EpisodeSummary, frames: [FrameRecord]) {
        var generator = SeededGenerator(seed: seed)
        let environment = PushTEnvironment()
        var state = environment.reset(using: &generator)
        var frames: [FrameRecord] = []
        var coverage = environment.coverage
        var success = false
        for step in 0..<maxSteps {
            let (image, masks) = renderer.render(state, episodeSeed: seed, step: step)
            let action = expert.action(for: state)
            let result = environment.step(actionX: action.x, actionY: action.y)
            frames.append(FrameRecord(episode: index, step: step, image: image, masks: masks, state: state,
                                      action: action, reward: result.reward, coverage: result.coverage))
            state = result.state
            coverage = result.coverage
            if result.isSuccess { success = true; break }
        }
        return (EpisodeSummary(index: index, seed: seed, length: frames.count, success: success,
                               finalCoverage: coverage), frames)
    }
}
