import ArgumentParser
import Foundation
import Simulation
import Workflows
import Validation

/// Measures the scripted expert on episodes from gym-pusht's reset distribution.
struct ExpertEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expert-eval",
        abstract: "Measure the scripted expert's success rate and final coverage."
    )

    @Option(help: "Number of episodes.")
    var episodes: Int = 100

    @Option(help: "Seed of the first episode; episode i uses seed + i.")
    var seed: UInt64 = 0

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        try OptionCheck.run { () throws(ValueError) in try PushTEnvironment.episodeCountBounds.check(episodes, "episodes") }
    }

    func run() throws {
        let summary = ExpertEvaluation().summarize(episodes: episodes, firstSeed: seed)
        if json {
            print(try ResultJSON.string(summary, pretty: false))
            return
        }
        print("episodes:            \(episodes) (seeds \(seed) to \(seed &+ UInt64(episodes - 1)))")
        print("success rate:        \(String(format: "%.1f%%", 100 * summary.successRate)) (coverage > 0.95 within 300 steps)")
        print("mean final coverage: \(String(format: "%.4f", summary.meanFinalCoverage))")
        print("mean steps:          \(String(format: "%.1f", summary.meanSteps))")
        print("largest action change between steps: \(String(format: "%.1f", summary.largestActionChange)) px")
        print("time:                \(String(format: "%.1f", summary.seconds)) s")
    }
}
