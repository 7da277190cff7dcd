import Foundation
import Simulation
import Testing

/// Replays short episodes recorded with the real gym-pusht 0.1.8 that start with the block touching or overlapping
/// the walls (scripts/fixtures/make-wall-parity.py): seeded resets, chosen resets on every wall and in corners, and
/// exact placements. Chipmunk pushes such a block out through bias velocities that move it one substep after they
/// are solved, so these starts show whether a replay reproduces the contact state gym-pusht's reset leaves.
@Suite struct WallContactParityTests {
    struct Case: Decodable {
        var name: String
        /// A `ReplayStart` raw value: how `initial_state` was made in gym-pusht.
        var start: String
        var initial_state: [Double]
        /// The observation gym-pusht's reset returned (reset cases only).
        var reset_observation: [Double]?
        /// Deepest overlap (px) into each wall the block reaches at the start.
        var wall_overlap_px: [String: Double]
        var actions: [[Double]]
        var states: [[Double]]
        var coverage: [Double]
    }

    struct Fixture: Decodable { var cases: [Case] }

    static let fixture: Fixture = {
        let url = Bundle.module.url(forResource: "Fixtures/wall-parity", withExtension: "json")!
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    static let names = fixture.cases.map(\.name)

    /// Coverage goes through shapely in gym-pusht and through our own clipping here, so it agrees to rounding only.
    static let coverageTolerance = 1e-12
    /// A reset observation rounds gym-pusht's internal pose (angle modulo 2π, body origin instead of center of
    /// gravity) by about an ulp, which a replay from it carries along.
    static let observationTolerance = (position: 1e-9, angle: 1e-11)

    struct Difference {
        var position = 0.0, angle = 0.0, coverage = 0.0
        /// Largest position difference after the first action.
        var firstPosition = 0.0
    }

    static func difference(of replay: ActionReplay, from recorded: Case) -> Difference {
        var difference = Difference()
        for step in recorded.actions.indices {
            let got = replay.states[step], want = recorded.states[step]
            for axis in 0..<4 {
                difference.position = max(difference.position, abs(got[axis] - want[axis]))
                if step == 0 { difference.firstPosition = max(difference.firstPosition, abs(got[axis] - want[axis])) }
            }
            let angle = abs(got[4] - want[4])
            difference.angle = max(difference.angle, min(angle, 2 * Double.pi - angle))
            difference.coverage = max(difference.coverage, abs(replay.coverage[step] - recorded.coverage[step]))
        }
        return difference
    }

    static func replay(_ recorded: Case, from state: [Double], start: ReplayStart) throws -> ActionReplay {
        try ActionReplay(from: PushTState(vector: state), actions: recorded.actions.map { ($0[0], $0[1]) }, start: start)
    }

    @Test func fixtureCoversWallsCornersAndDepths() {
        let cases = Self.fixture.cases
        let overlaps = cases.flatMap { $0.wall_overlap_px.values }
        #expect(cases.count >= 20)
        #expect(Set(cases.flatMap { $0.wall_overlap_px.keys }) == ["left", "top", "right", "bottom"])
        #expect(cases.contains { $0.wall_overlap_px.count == 2 }, "a corner case")
        #expect(overlaps.contains { $0 < 0.1 } && overlaps.contains { $0 > 10 }, "grazing and deep overlaps")
        #expect(Set(cases.map(\.start)) == [ReplayStart.resetState.rawValue, ReplayStart.exact.rawValue])
        #expect(cases.allSatisfy { $0.states.count == $0.actions.count && $0.coverage.count == $0.actions.count })
    }

    /// From the state as gym-pusht was given it, every step agrees bit for bit.
    @Test(arguments: names)
    func replayFromRecordedStartIsBitExact(name: String) throws {
        let recorded = try #require(Self.fixture.cases.first { $0.name == name })
        let start = try #require(ReplayStart(rawValue: recorded.start))
        let difference = Self.difference(of: try Self.replay(recorded, from: recorded.initial_state, start: start),
                                         from: recorded)
        #expect(difference.position == 0, "\(name): position differs by \(difference.position) px")
        #expect(difference.angle == 0, "\(name): angle differs by \(difference.angle) rad")
        #expect(difference.coverage <= Self.coverageTolerance, "\(name): coverage differs by \(difference.coverage)")
    }

    /// From the observation gym-pusht's reset returned, the settling substep brings back the pending push-out.
    @Test(arguments: names)
    func replayFromResetObservationMatches(name: String) throws {
        let recorded = try #require(Self.fixture.cases.first { $0.name == name })
        guard let observation = recorded.reset_observation else { return }
        let difference = Self.difference(of: try Self.replay(recorded, from: observation, start: .resetObservation),
                                         from: recorded)
        #expect(difference.position <= Self.observationTolerance.position,
                "\(name): position differs by \(difference.position) px")
        #expect(difference.angle <= Self.observationTolerance.angle, "\(name): angle differs by \(difference.angle) rad")
        #expect(difference.coverage <= 1e-9, "\(name): coverage differs by \(difference.coverage)")
    }

    /// Placing a reset observation without the settling substep delays the push-out by one substep, visibly so
    /// wherever the block starts deeper in a wall than Chipmunk's collision slop (0.1 px): the fixture exercises it.
    @Test func exactPlacementOfResetObservationsMissesThePushOut() throws {
        let deep = Self.fixture.cases.filter {
            $0.reset_observation != nil && ($0.wall_overlap_px.values.max() ?? 0) > 0.2
        }
        #expect(deep.count >= 10)
        for recorded in deep {
            let observation = try #require(recorded.reset_observation)
            let difference = Self.difference(of: try Self.replay(recorded, from: observation, start: .exact),
                                             from: recorded)
            #expect(difference.firstPosition > 1e-3, "\(recorded.name): \(difference.firstPosition) px")
        }
    }
}
