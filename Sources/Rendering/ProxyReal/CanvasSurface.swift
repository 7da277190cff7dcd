import Imaging

/// Surface ids on the supersampled canvas of the camera renderers, which rasterise ids first and shade them after.
package enum CanvasSurface: UInt8 {
    case table = 0, blockTop = 1, effector = 10, arm = 11, effectorTop = 12

    /// Side faces of the T: 2 + outline edge index (0-7).
    package static func blockSide(_ edge: Int) -> UInt8 { UInt8(2 + edge) }

    /// The region a canvas id belongs to: the effector and its top are the agent, the arm its own region; every
    /// id that is not a table, effector or arm id is a face of the block.
    package static func region(of id: UInt8) -> SceneRegion {
        switch id {
        case table.rawValue: .background
        case effector.rawValue, effectorTop.rawValue: .agent
        case arm.rawValue: .arm
        default: .block
        }
    }
}
