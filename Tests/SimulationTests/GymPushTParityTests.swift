import Foundation
import Simulation
import Testing

/// Replays episodes recorded with the real gym-pusht 0.1.8 (scripts/fixtures/make-sim-parity.py).
@Suite struct GymPushTParityTests {
    struct Episode: Decodable {
        var name: String
        var initial_state: [Double]
        var actions: [[Double]]
        var states: [[Double]]
        var coverage: [Double]
        var push_contact_steps: Int
        var wall_contact_steps: Int
    }

    struct Fixture: Decodable { var episodes: [Episode] }

    static let fixture: Fixture = {
        let url = Bundle.module.url(forResource: "Fixtures/parity", withExtension: "json")!
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    @Test func fixtureHasPushingAndWallContact() {
        #expect(Self.fixture.episodes.count >= 5)
        #expect(Self.fixture.episodes.allSatisfy { $0.actions.count >= 100 })
        #expect(Self.fixture.episodes.filter { $0.push_contact_steps > 0 }.count >= 5)
        #expect(Self.fixture.episodes.contains { $0.wall_contact_steps > 0 })
    }

    @Test(arguments: 0..<8)
    func episodeMatchesGymPushT(index: Int) throws {
        try #require(index < Self.fixture.episodes.count)
        let episode = Self.fixture.episodes[index]
        let replay = try ActionReplay(from: PushTState(vector: episode.initial_state), actions: episode.actions.map { ($0[0], $0[1]) })
        #expect(replay.states.count == episode.actions.count && replay.coverage.count == episode.actions.count)
        var worstPosition = 0.0, worstAngle = 0.0, worstCoverage = 0.0
        for step in episode.actions.indices {
            let got = replay.states[step], want = episode.states[step]
            for axis in 0..<4 { worstPosition = max(worstPosition, abs(got[axis] - want[axis])) }
            var angleError = abs(got[4] - want[4])
            angleError = min(angleError, 2 * Double.pi - angleError)
            worstAngle = max(worstAngle, angleError)
            worstCoverage = max(worstCoverage, abs(replay.coverage[step] - episode.coverage[step]))
        }
        #expect(worstPosition <= 0.01, "\(episode.name): position error \(worstPosition) px")
        #expect(worstAngle <= 1e-4, "\(episode.name): angle error \(worstAngle) rad")
        #expect(worstCoverage <= 1e-6, "\(episode.name): coverage error \(worstCoverage)")
    }
}
