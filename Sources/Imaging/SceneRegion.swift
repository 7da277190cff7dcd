/// The regions every renderer labels, with the ids stored in mask images.
public enum SceneRegion: UInt8, CaseIterable, Sendable, Codable {
    case background = 0
    case goal = 1
    case block = 2
    case agent = 3

    /// The region an instruction word names ("table" and "background" are the same region).
    public init?(word: String) {
        switch word.lowercased() {
        case "background", "table", "tabletop": self = .background
        case "goal": self = .goal
        case "block", "t", "t-block", "tblock", "t block": self = .block
        case "agent", "end effector", "end-effector", "effector", "gripper": self = .agent
        default: return nil
        }
    }

    public var name: String {
        switch self {
        case .background: "background"
        case .goal: "goal"
        case .block: "block"
        case .agent: "agent"
        }
    }
}
