import Foundation
import Simulation
import Testing

/// The expert-evaluation summary against the same figures worked out by hand from the episodes.
@Suite struct ExpertEvaluationSummaryTests {
    @Test func twoEpisodesMatchHandAggregation() throws {
        var evaluation = ExpertEvaluation()
        // Seed 1 succeeds within 120 steps and seed 0 does not, so the rate and the means mix both outcomes.
        evaluation.maxSteps = 120
        let episodes = [evaluation.run(seed: 0), evaluation.run(seed: 1)]
        try #require(episodes.map(\.success) == [false, true])
        let summary = evaluation.summarize(episodes: 2, firstSeed: 0)
        #expect(summary.episodes == 2)
        #expect(summary.successRate == 0.5)
        #expect(summary.meanFinalCoverage == (episodes[0].finalCoverage + episodes[1].finalCoverage) / 2)
        #expect(summary.meanSteps == Double(episodes[0].steps + episodes[1].steps) / 2)
        #expect(summary.largestActionChange == max(episodes[0].largestActionChange, episodes[1].largestActionChange))
        #expect(summary.seconds > 0)
        #expect(ExpertEvaluation.Summary(episodes, seconds: summary.seconds) == summary)
    }

    @Test func jsonKeysAreTheOnesScriptsRead() throws {
        let summary = ExpertEvaluation.Summary([ExpertEvaluation().run(seed: 1)], seconds: 1)
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(summary)) as? [String: Any]
        #expect(Set(object?.keys.map { $0 } ?? []) == ["episodes", "success_rate", "mean_final_coverage", "mean_steps",
                                                       "largest_action_change_px", "seconds"])
    }
}
