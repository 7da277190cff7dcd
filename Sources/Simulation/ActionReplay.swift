/// The states and coverage after each of a list of actions applied from an exact state: what a parity check
/// against gym-pusht compares, step by step.
public struct ActionReplay: Codable, Sendable, Equatable {
    /// [agent x, agent y, block x, block y, block angle] after each action, the angle modulo 2π as gym-pusht
    /// reports it.
    public var states: [[Double]]
    /// Goal coverage after each action.
    public var coverage: [Double]

    /// Places agent and block exactly at `initial` with all velocities zero, then applies every action (agent
    /// targets in world pixels).
    public init(from initial: PushTState, actions: [(x: Double, y: Double)]) {
        let environment = PushTEnvironment()
        environment.reset(to: initial)
        states = []
        coverage = []
        for action in actions {
            let result = environment.step(actionX: action.x, actionY: action.y)
            states.append(result.state.vector)
            coverage.append(result.coverage)
        }
    }
}
