import Validation

/// The states and coverage after each of a list of actions applied from an initial state: what a parity check
/// against gym-pusht compares, step by step.
public struct ActionReplay: Codable, Sendable, Equatable {
    /// [agent x, agent y, block x, block y, block angle] after each action, the angle modulo 2π as gym-pusht
    /// reports it.
    public var states: [[Double]]
    /// Goal coverage after each action.
    public var coverage: [Double]

    /// Starts a fresh world from `initial` as `start` says (by default agent and block exactly there with all
    /// velocities zero), then applies every action (agent targets in world pixels). Throws before simulating
    /// anything when the state or an action is outside `PushTState`'s bounds, naming the field (and the action's
    /// index).
    public init(from initial: PushTState, actions: [(x: Double, y: Double)],
                start: ReplayStart = .exact) throws(ValueError) {
        try initial.validate()
        for (index, action) in actions.enumerated() {
            do {
                try PushTState.validateAction(x: action.x, y: action.y)
            } catch {
                throw error.nested(in: "actions[\(index)]")
            }
        }
        let environment = PushTEnvironment()
        environment.reset(to: initial, start: start)
        states = []
        coverage = []
        for action in actions {
            let result = environment.step(actionX: action.x, actionY: action.y)
            states.append(result.state.vector)
            coverage.append(result.coverage)
        }
    }
}
