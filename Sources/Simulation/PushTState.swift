/// The Push-T state as gym-pusht reports it: agent position, block body origin and block angle.
///
/// Coordinates are world pixels (512x512, y down). The block position is the body origin
/// (middle of the crossbar's top edge), not its center of gravity.
public struct PushTState: Sendable, Hashable, Codable {
    public var agentX: Double
    public var agentY: Double
    public var blockX: Double
    public var blockY: Double
    public var blockAngle: Double

    public init(agentX: Double, agentY: Double, blockX: Double, blockY: Double, blockAngle: Double) {
        self.agentX = agentX
        self.agentY = agentY
        self.blockX = blockX
        self.blockY = blockY
        self.blockAngle = blockAngle
    }

    /// `[agent_x, agent_y, block_x, block_y, block_angle]`, the order of gym-pusht's `state` observation.
    public var vector: [Double] { [agentX, agentY, blockX, blockY, blockAngle] }

    public init(vector: [Double]) {
        precondition(vector.count == 5, "a Push-T state has 5 values, got \(vector.count)")
        self.init(agentX: vector[0], agentY: vector[1], blockX: vector[2], blockY: vector[3], blockAngle: vector[4])
    }
}
