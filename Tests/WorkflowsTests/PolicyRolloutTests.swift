import Datasets
import Foundation
import Policy
import Seeding
import Testing
import TestSupport
import Workflows

/// Closed-loop rollouts: the policy sees each state through the scene's camera and acts; episodes start where
/// `simulate` starts them; the same policy and seed give the same episodes.
@Suite struct PolicyRolloutTests {
    static func tinyPolicy(size: Int) -> PolicyNetwork {
        var configuration = PolicyNetworkConfiguration()
        configuration.imageSize = size
        configuration.channels = [4, 8]
        configuration.strides = [2, 2]
        configuration.groups = 2
        configuration.keypoints = 4
        configuration.hidden = [16]
        var generator = SeededGenerator(seed: 3)
        return PolicyNetwork(configuration, generator: &generator)
    }

    @Test func rolloutsAreSeededBoundedAndSeeTheScene() throws {
        let scene = TestSupport.temporaryFolder().appendingPathComponent("small.yaml")
        try Data("style: sim\nimage_size: 32\n".utf8).write(to: scene)
        let policy = Self.tinyPolicy(size: 32)
        var seen: [(Int, Int)] = []
        let summary = try PolicyRollout.run(policy, scene: scene.path, episodes: 2, seed: 7, maxSteps: 4) { episode, step, frame in
            #expect(frame.width == 32 && frame.height == 32)
            seen.append((episode, step))
        }
        #expect(summary.episodes.map(\.seed) == (0..<2).map { DemonstrationRecorder.episodeSeed(datasetSeed: 7, index: $0) })
        for episode in summary.episodes {
            #expect((1...4).contains(episode.steps))
            #expect((0...1).contains(episode.finalCoverage) && episode.maximumCoverage >= episode.finalCoverage)
        }
        #expect(seen.count == summary.episodes.map(\.steps).reduce(0, +) && seen.first! == (0, 0))
        #expect(try PolicyRollout.run(policy, scene: scene.path, episodes: 2, seed: 7, maxSteps: 4) == summary)
        #expect((0...1).contains(summary.successRate))
        let json = try ResultJSON.string(summary)
        #expect(json.contains("\"success_rate\"") && json.contains("\"mean_final_coverage\""))

        let wrongSize = TestSupport.packageRoot.appendingPathComponent("scenes/pusht.yaml").path
        #expect { try PolicyRollout.run(policy, scene: wrongSize, episodes: 1, seed: 0) } throws: {
            "\($0)".contains("renders 96 px frames, the policy takes 32 px")
        }
    }
}
