import Simulation
import Testing
import TestSupport
import Validation

/// States and actions drawn from the edges of their bounds and beyond (non-finite, huge, just outside) through
/// `ActionReplay`: a `ValueError` naming the field, or a replay whose every state is finite. Chipmunk aborts the
/// process on an infinite velocity, so this is where out-of-range numbers must stop.
@Suite struct SimulationInputTests {
    @Test func replayOfHostileStatesAndActions() {
        let edges: [Double] = [-512, 1024, 0, 512, 256, -511.9, 1023.9, 1024.0001, -512.0001, 1e6, -1e6, 1e40, -1e308, 1e308,
                               .infinity, -.infinity, .nan, .ulpOfOne, -0.0]
        let angles: [Double] = [0, -1000, 1000, 999.99, 1000.01, 3.14159, 1e300, .nan, -.infinity]
        MutationProperty.check("replay states and actions", cases: MutationProperty.caseCount, seedOffset: 300,
                               isClean: { $0 is ValueError }) { mutator in
            func coordinate() -> Double { mutator.below(3) == 0 ? mutator.pick(edges) : Double(mutator.below(1537)) - 512 }
            let state = PushTState(agentX: coordinate(), agentY: coordinate(), blockX: coordinate(), blockY: coordinate(),
                                   blockAngle: mutator.below(3) == 0 ? mutator.pick(angles) : Double(mutator.below(2001)) - 1000)
            let actions = (0..<(1 + mutator.below(6))).map { _ in (x: coordinate(), y: coordinate()) }
            let replay = try ActionReplay(from: state, actions: actions)
            #expect(replay.states.allSatisfy { $0.allSatisfy(\.isFinite) } && replay.coverage.allSatisfy { (0...1).contains($0) })
        }
    }
}
