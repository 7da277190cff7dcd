import Imaging

/// What the segmenter tells apart: the arm that carries a real end effector is not part of the simulator's agent,
/// so it has a class of its own.
public enum SegmentationClass: Int, Sendable, CaseIterable {
    case background = 0, block, effector, arm

    /// The scene region a class maps to in region masks (the arm counts as the agent there).
    public var region: SceneRegion {
        switch self {
        case .background: .background
        case .block: .block
        case .effector, .arm: .agent
        }
    }
}
