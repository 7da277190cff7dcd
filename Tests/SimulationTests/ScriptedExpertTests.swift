import Seeding
import Simulation
import Testing

@Suite struct ScriptedExpertTests {
    @Test func isAPureFunctionOfTheState() {
        let state = PushTState(agentX: 120, agentY: 380, blockX: 300, blockY: 200, blockAngle: 2.0)
        let expert = ScriptedExpert()
        let first = expert.action(for: state), second = expert.action(for: state)
        #expect(first.x == second.x && first.y == second.y)
    }

    @Test func actionsStayCloseToTheAgent() {
        let expert = ScriptedExpert()
        var generator = SeededGenerator(seed: 3)
        for _ in 0..<20 {
            let state = PushTEnvironment.sampleInitialState(using: &generator)
            let action = expert.action(for: state)
            let offset = ((action.x - state.agentX) * (action.x - state.agentX)
                + (action.y - state.agentY) * (action.y - state.agentY)).squareRoot()
            #expect(offset <= expert.maximumStep + 1e-9)
        }
    }

    @Test func solvesSomeEpisodesSmoothly() {
        let evaluation = ExpertEvaluation()
        let episodes = (0..<4).map { evaluation.run(seed: UInt64($0)) }
        #expect(episodes.filter(\.success).count >= 2, "successes: \(episodes.map(\.success))")
        // Consecutive targets move with the agent: at most two bounded offsets plus the agent's own motion.
        #expect(episodes.allSatisfy { $0.largestActionChange < 3 * ScriptedExpert().maximumStep })
        #expect(episodes.allSatisfy { $0.maximumCoverage >= $0.finalCoverage })
    }
}
