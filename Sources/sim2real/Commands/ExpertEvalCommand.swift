import ArgumentParser
import Foundation
import Simulation

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
        guard episodes >= 1 else { throw ValidationError("--episodes must be at least 1, got \(episodes).") }
    }

    func run() throws {
        let evaluation = ExpertEvaluation()
        let start = Date()
        var results: [ExpertEvaluation.Episode] = []
        for index in 0..<episodes {
            results.append(evaluation.run(seed: seed + UInt64(index)))
        }
        let seconds = Date().timeIntervalSince(start)
        let successes = results.filter(\.success).count
        let meanCoverage = results.map(\.finalCoverage).reduce(0, +) / Double(results.count)
        let meanSteps = Double(results.map(\.steps).reduce(0, +)) / Double(results.count)
        let largestChange = results.map(\.largestActionChange).max() ?? 0
        if json {
            let object: [String: Double] = [
                "episodes": Double(episodes), "success_rate": Double(successes) / Double(episodes),
                "mean_final_coverage": meanCoverage, "mean_steps": meanSteps,
                "largest_action_change_px": largestChange, "seconds": seconds,
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("episodes:            \(episodes) (seeds \(seed)..<\(seed + UInt64(episodes)))")
            print("success rate:        \(String(format: "%.1f%%", 100 * Double(successes) / Double(episodes))) (coverage > 0.95 within 300 steps)")
            print("mean final coverage: \(String(format: "%.4f", meanCoverage))")
            print("mean steps:          \(String(format: "%.1f", meanSteps))")
            print("largest action change between steps: \(String(format: "%.1f", largestChange)) px")
            print("time:                \(String(format: "%.1f", seconds)) s")
        }
    }
}

