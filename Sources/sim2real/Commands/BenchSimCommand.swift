import ArgumentParser
import Foundation
import Workflows
import Validation

/// Simulator speed beside gym-pusht 0.1.8 measured in the same run.
struct BenchSimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Env steps per second (state and 96x96 pixel observations) beside gym-pusht, one thread.",
        discussion: "Runs benchmarks/gym_pusht_bench.py for the anchor; run from the repository root."
    )

    @Option(help: "Env steps per measurement.")
    var steps: Int = 20_000

    @Option(help: "Env steps for the gym-pusht anchor (it is slower).")
    var anchorSteps: Int = 2_000

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    @Flag(help: "Skip the gym-pusht anchor.")
    var noAnchor = false

    func validate() throws {
        try OptionCheck.run { () throws(ValueError) in
            try SimulatorBenchmark.stepBounds.check(steps, "steps")
            try SimulatorBenchmark.stepBounds.check(anchorSteps, "anchor_steps")
        }
    }

    func run() throws {
        let result = SimulatorBenchmark.run(steps: steps, anchorSteps: anchorSteps, measureAnchor: !noAnchor)
        if json {
            print(try ResultJSON.string(result, pretty: false))
            return
        }
        let ours = result.stepsPerSecond, anchor = result.gymPushtStepsPerSecond
        print("observation | sim2real steps/s | gym-pusht steps/s | ratio | target")
        for (kind, mine, theirs, target) in [("state", ours.state, anchor?.state, 15.0), ("pixels", ours.pixels, anchor?.pixels, 8.0)] {
            let name = kind.padding(toLength: 11, withPad: " ", startingAt: 0)
            if let theirs {
                print(name + String(format: " | %16.0f | %17.0f | %5.1fx | >= %.0fx", mine, theirs, mine / theirs, target))
            } else {
                print(name + String(format: " | %16.0f |                 - |     - | >= %.0fx", mine, target))
            }
        }
        print("anchor: \(result.anchorNote)")
    }
}
