import Seeding
/// Push-T as gym-pusht 0.1.8 presents it: reset from its distribution, step with an action, reward.
public final class PushTEnvironment {
    /// What one `step` reports.
    public struct StepResult: Sendable {
        /// State with the block angle wrapped to [0, 2π), as gym-pusht's observation.
        public var state: PushTState
        public var coverage: Double
        public var reward: Double
        /// Coverage above 0.95 (gym-pusht's `terminated`).
        public var isSuccess: Bool
    }

    /// gym-pusht's TimeLimit.
    public static let maxEpisodeSteps = 300

    public private(set) var world = PushTWorld()

    public init() {}

    /// The current state with the angle wrapped to [0, 2π).
    public var state: PushTState { Self.wrapped(world.rawState) }

    /// A fresh world and a state drawn from gym-pusht's reset distribution: agent x,y integers in 50..449,
    /// block x,y integers in 100..399, angle uniform in [-π, π); placed as gym-pusht's `_set_state` does.
    @discardableResult
    public func reset(using generator: inout SeededGenerator) -> PushTState {
        let initial = Self.sampleInitialState(using: &generator)
        world = PushTWorld()
        world.setStateAsGymPushT(initial)
        return state
    }

    /// A fresh world with the block's body origin exactly at the state's pose and all velocities zero.
    public func reset(to exactState: PushTState) {
        reset(to: exactState, start: .exact)
    }

    /// A fresh world in the state `start` says `initial` describes, with the contact state gym-pusht would have.
    public func reset(to initial: PushTState, start: ReplayStart) {
        world = PushTWorld()
        switch start {
        case .exact:
            world.place(initial)
        case .resetState:
            world.setStateAsGymPushT(initial)
        case .resetObservation:
            world.place(initial)
            world.settle()
        }
    }

    /// Draws a state from gym-pusht's reset distribution (not yet placed).
    public static func sampleInitialState(using generator: inout SeededGenerator) -> PushTState {
        PushTState(agentX: Double(Int.random(in: 50..<450, using: &generator)),
                   agentY: Double(Int.random(in: 50..<450, using: &generator)),
                   blockX: Double(Int.random(in: 100..<400, using: &generator)),
                   blockY: Double(Int.random(in: 100..<400, using: &generator)),
                   blockAngle: -Double.pi + 2 * Double.pi * generator.nextUnit())
    }

    /// Applies one action (agent target in world pixels).
    @discardableResult
    public func step(actionX: Double, actionY: Double) -> StepResult {
        world.apply(actionX: actionX, actionY: actionY)
        let raw = world.rawState
        let coverage = PushTCoverage.coverage(blockX: raw.blockX, blockY: raw.blockY, blockAngle: raw.blockAngle)
        return StepResult(state: Self.wrapped(raw), coverage: coverage,
                          reward: PushTCoverage.reward(coverage: coverage),
                          isSuccess: coverage > PushTCoverage.successThreshold)
    }

    /// Coverage of the current state.
    public var coverage: Double {
        let raw = world.rawState
        return PushTCoverage.coverage(blockX: raw.blockX, blockY: raw.blockY, blockAngle: raw.blockAngle)
    }

    /// The angle modulo 2π with Python's sign convention (result in [0, 2π)).
    public static func wrapped(_ state: PushTState) -> PushTState {
        var wrapped = state
        let period = 2 * Double.pi
        var angle = state.blockAngle.truncatingRemainder(dividingBy: period)
        if angle < 0 { angle += period }
        if angle >= period { angle -= period }
        wrapped.blockAngle = angle
        return wrapped
    }
}
