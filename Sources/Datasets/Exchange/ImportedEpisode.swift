import Foundation
import Imaging
import Simulation
import Validation

/// One episode read from outside data: frames, the states observed with them and the actions taken.
///
/// Rewards and coverage are not part of such data; they are recomputed from the block pose (coverage of the
/// next frame's state after each action, the last frame's own for the last) when the pose is known, else zero.
public struct ImportedEpisode: Sendable {
    public var images: [Image]
    /// Angles wrapped to [0, 2π), as the simulator reports them; all-zero block fields when the pose is unknown.
    public var states: [PushTState]
    public var actions: [(x: Double, y: Double)]
    /// Region masks given with the frames (label files beside them), one per frame, or nil.
    public var masks: [RegionMasks]?

    public init(images: [Image], states: [PushTState], actions: [(x: Double, y: Double)], masks: [RegionMasks]? = nil) {
        precondition(images.count == states.count && states.count == actions.count,
                     "an episode needs as many states and actions as frames")
        precondition(masks.map { $0.count == images.count } ?? true, "an episode's masks need one per frame")
        self.images = images
        self.states = states
        self.actions = actions
        self.masks = masks
    }

    /// Frames one imported episode may have: a step limit's worth (gym-pusht's episodes stop at 300).
    public static let lengthBounds = PushTEnvironment.stepLimitBounds
    /// Bytes of RGB pixels one episode may hold (the whole episode is in memory while it is written).
    public static let maximumPixelBytes = 1 << 31

    /// What is wrong with an episode of `frames` frames of `imageSize` px, or nil when it can be imported.
    public static func sizeProblem(frames: Int, imageSize: Int) -> String? {
        if let problem = lengthBounds.problem(frames) { return "its frame count \(problem)" }
        let bytes = frames * imageSize * imageSize * 3
        guard bytes <= maximumPixelBytes else {
            return "its \(frames) frames of \(imageSize) px take \(bytes >> 20) MB, more than the \(maximumPixelBytes >> 20) MB an episode may hold"
        }
        return nil
    }

    /// The frames and summary stored for this episode as episode `index`, with `masks` (one per frame) or none.
    public func records(index: Int, blockPoseKnown: Bool, masks: [RegionMasks]? = nil) -> (EpisodeSummary, [FrameRecord]) {
        precondition(masks.map { $0.count == images.count } ?? true, "masks for an episode need one per frame")
        let coverages = states.indices.map { step -> Double in
            guard blockPoseKnown else { return 0 }
            let next = states[min(step + 1, states.count - 1)]
            return PushTCoverage.coverage(blockX: next.blockX, blockY: next.blockY, blockAngle: next.blockAngle)
        }
        let frames = states.indices.map { step in
            FrameRecord(episode: index, step: step, image: images[step], masks: masks?[step], state: states[step],
                        action: actions[step], reward: PushTCoverage.reward(coverage: coverages[step]),
                        coverage: coverages[step])
        }
        let success = coverages.contains { $0 > PushTCoverage.successThreshold }
        let summary = EpisodeSummary(index: index, seed: UInt64(index), length: frames.count, success: success,
                                     finalCoverage: coverages.last ?? 0)
        return (summary, frames)
    }

    /// A state from observed values, the angle wrapped to [0, 2π) (diffusion_policy stores it unwrapped).
    public static func state(agentX: Double, agentY: Double, blockX: Double = 0, blockY: Double = 0,
                             blockAngle: Double = 0) -> PushTState {
        var angle = blockAngle.truncatingRemainder(dividingBy: 2 * Double.pi)
        if angle < 0 { angle += 2 * Double.pi }
        if angle >= 2 * Double.pi { angle = 0 }
        return PushTState(agentX: agentX, agentY: agentY, blockX: blockX, blockY: blockY, blockAngle: angle)
    }
}
