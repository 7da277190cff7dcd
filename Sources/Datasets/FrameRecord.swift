import Imaging
import Rendering
import Simulation

/// One recorded step: the observation before the action, its masks, the state, the action and its outcome.
public struct FrameRecord: Sendable {
    public var episode: Int
    public var step: Int
    public var image: Image
    /// Region labels of `image`; nil for frames imported from outside (real data has no simulator masks).
    public var masks: RegionMasks?
    /// State observed with `image` (angle in [0, 2π)).
    public var state: PushTState
    /// Agent target in world pixels.
    public var action: (x: Double, y: Double)
    /// Reward and coverage after the action.
    public var reward: Double
    public var coverage: Double

    public init(episode: Int, step: Int, image: Image, masks: RegionMasks?, state: PushTState,
                action: (x: Double, y: Double), reward: Double, coverage: Double) {
        self.episode = episode
        self.step = step
        self.image = image
        self.masks = masks
        self.state = state
        self.action = action
        self.reward = reward
        self.coverage = coverage
    }
}

/// An episode's summary row.
public struct EpisodeSummary: Sendable, Equatable {
    public var index: Int
    public var seed: UInt64
    public var length: Int
    public var success: Bool
    public var finalCoverage: Double

    public init(index: Int, seed: UInt64, length: Int, success: Bool, finalCoverage: Double) {
        self.index = index
        self.seed = seed
        self.length = length
        self.success = success
        self.finalCoverage = finalCoverage
    }
}
