/// The colors of the sim style (RGB); defaults are gym-pusht 0.1.8's.
public struct SimStylePalette: Sendable, Equatable, Codable {
    public var background: [UInt8]
    public var goal: [UInt8]
    public var blockFill: [UInt8]
    public var blockOutline: [UInt8]
    public var agentOuter: [UInt8]
    public var agentInner: [UInt8]
    public var wall: [UInt8]

    /// White canvas, LightGreen goal, LightSlateGray T (fill 1.2x lighter), RoyalBlue agent, LightGray walls.
    public static let gymPushT = SimStylePalette(
        background: [255, 255, 255], goal: [144, 238, 144], blockFill: [143, 163, 184],
        blockOutline: [119, 136, 153], agentOuter: [65, 105, 225], agentInner: [78, 126, 255],
        wall: [211, 211, 211])

    public init(background: [UInt8], goal: [UInt8], blockFill: [UInt8], blockOutline: [UInt8],
                agentOuter: [UInt8], agentInner: [UInt8], wall: [UInt8]) {
        for color in [background, goal, blockFill, blockOutline, agentOuter, agentInner, wall] {
            precondition(color.count == 3, "palette colors are RGB triples, got \(color)")
        }
        self.background = background
        self.goal = goal
        self.blockFill = blockFill
        self.blockOutline = blockOutline
        self.agentOuter = agentOuter
        self.agentInner = agentInner
        self.wall = wall
    }
}
