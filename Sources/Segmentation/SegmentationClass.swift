import Imaging

/// What the segmenter tells apart: the scene regions a real camera shows (the goal marking, where a table has
/// one, is part of the table).
public enum SegmentationClass: Int, Sendable, CaseIterable {
    case background = 0, block, effector, arm

    /// The class of a labeled region.
    public init(region: SceneRegion) {
        switch region {
        case .background, .goal: self = .background
        case .block: self = .block
        case .agent: self = .effector
        case .arm: self = .arm
        }
    }

    /// The scene region a class labels in region masks.
    public var region: SceneRegion {
        switch self {
        case .background: .background
        case .block: .block
        case .effector: .agent
        case .arm: .arm
        }
    }
}
