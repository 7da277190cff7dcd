import Seeding
import Simulation
import Testing

@Suite struct PushTCoverageTests {
    @Test func goalPoseCoversFully() {
        let goal = PushTGeometry.goal
        #expect(abs(PushTCoverage.coverage(blockX: goal.x, blockY: goal.y, blockAngle: goal.angle) - 1) < 1e-12)
        #expect(abs(PushTCoverage.goalArea - 6300) < 1e-9)
    }

    @Test func farAwayCoversNothing() {
        #expect(PushTCoverage.coverage(blockX: 60, blockY: 60, blockAngle: 0) == 0)
    }

    @Test func shiftedCrossbarOverlapIsExact() {
        // Two unrotated Ts: shifting by 10 px along x overlaps (120-10)*30 + (30-10)*90 = 5100 px².
        let a = PushTCoverage.parts(x: 0, y: 0, angle: 0), b = PushTCoverage.parts(x: 10, y: 0, angle: 0)
        let overlap = a.flatMap { pa in b.map { pa.intersection($0).area } }.reduce(0, +)
        #expect(abs(overlap - 5100) < 1e-9)
    }

    @Test func rewardClipsAtTheSuccessThreshold() {
        #expect(PushTCoverage.reward(coverage: 0.95) == 1)
        #expect(abs(PushTCoverage.reward(coverage: 0.475) - 0.5) < 1e-12)
    }

    @Test func resetDistributionMatchesGymPushT() {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<500 {
            let state = PushTEnvironment.sampleInitialState(using: &generator)
            #expect((50...449).contains(state.agentX) && state.agentX == state.agentX.rounded())
            #expect((100...399).contains(state.blockY) && state.blockY == state.blockY.rounded())
            #expect(state.blockAngle >= -Double.pi && state.blockAngle < Double.pi)
        }
    }

    @Test func sameSeedSameEpisode() {
        let a = ExpertEvaluation().run(seed: 5), b = ExpertEvaluation().run(seed: 5)
        #expect(a.steps == b.steps && a.finalCoverage == b.finalCoverage)
    }
}
