import Simulation
import Testing
import Validation

/// Out-of-range numbers stop before the physics: Chipmunk aborts the process on an infinite velocity
/// (`[1e308, -1e308]`), and far targets (`1e40`) fling the agent through the walls and return nonsense.
@Suite struct ReplayBoundsTests {
    static let start = PushTState(agentX: 256, agentY: 400, blockX: 256, blockY: 300, blockAngle: 0)

    @Test(arguments: [
        ((1e308, -1e308), "actions[0].action_x", "must be at most 1024.0, got 1e+308"),
        ((1e40, 1), "actions[0].action_x", "must be at most 1024.0"),
        ((100, -.infinity), "actions[0].action_y", "must be at least -512.0, got -inf"),
        ((.nan, 100), "actions[0].action_x", "must be a finite number"),
    ])
    func actionsOutsideTheTableAreRefused(action: (Double, Double), field: String, message: String) {
        #expect {
            _ = try ActionReplay(from: Self.start, actions: [(action.0, action.1)])
        } throws: { error in
            let error = error as? ValueError
            return error?.field == field && error?.message.contains(message) == true
        }
    }

    @Test(arguments: [
        (PushTState(agentX: 1e300, agentY: 0, blockX: 256, blockY: 256, blockAngle: 0), "agent_x"),
        (PushTState(agentX: 0, agentY: 0, blockX: 256, blockY: .nan, blockAngle: 0), "block_y"),
        (PushTState(agentX: 0, agentY: 0, blockX: 256, blockY: 256, blockAngle: 1e300), "block_angle"),
    ])
    func statesOutsideTheBoundsAreRefused(state: PushTState, field: String) {
        #expect { _ = try ActionReplay(from: state, actions: [(256, 256)]) } throws: { ($0 as? ValueError)?.field == field }
    }

    /// The bounds themselves are safe: a state and targets at the edges replay to finite states.
    @Test func theEdgesOfTheBoundsReplay() throws {
        let edge = PushTState(agentX: -512, agentY: 1024, blockX: 1024, blockY: -512, blockAngle: 1000)
        let replay = try ActionReplay(from: edge, actions: [(-512, 1024), (1024, -512), (-512, -512), (1024, 1024)])
        #expect(replay.states.count == 4 && replay.states.allSatisfy { $0.allSatisfy(\.isFinite) })
    }

    /// Seeds wrap past 2^64 - 1 instead of trapping.
    @Test func expertSeedsWrapAround() {
        let summary = ExpertEvaluation().summarize(episodes: 2, firstSeed: .max)
        #expect(summary.episodes == 2)
    }
}
