/// The regions every renderer labels, with the ids stored in mask images.
///
/// `agent` is what the simulator draws as its agent disc: the end effector's tip and wrist, what touches the
/// table. `arm` is the link that carries it in a real camera's frames; the simulator has no arm, so the editor's
/// hint, its semantic score and color transfer treat arm pixels as an occluder and give the agent the
/// effector's look only.
public enum SceneRegion: UInt8, CaseIterable, Sendable, Codable {
    case background = 0
    case goal = 1
    case block = 2
    case agent = 3
    case arm = 4

    /// The regions the simulator draws (every region but the arm).
    public static let simulated: [SceneRegion] = [.background, .goal, .block, .agent]

    /// The region an instruction word names ("table" and "background" are the same region).
    public init?(word: String) {
        switch word.lowercased() {
        case "background", "table", "tabletop": self = .background
        case "goal": self = .goal
        case "block", "t", "t-block", "tblock", "t block": self = .block
        case "agent", "end effector", "end-effector", "effector", "gripper": self = .agent
        case "arm", "robot arm": self = .arm
        default: return nil
        }
    }

    public var name: String {
        switch self {
        case .background: "background"
        case .goal: "goal"
        case .block: "block"
        case .agent: "agent"
        case .arm: "arm"
        }
    }
}
