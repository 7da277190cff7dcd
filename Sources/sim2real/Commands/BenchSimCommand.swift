import ArgumentParser
import Foundation
import Imaging
import Rendering
import Seeding
import Simulation

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
        guard steps >= 100, anchorSteps >= 100 else { throw ValidationError("--steps and --anchor-steps must be at least 100.") }
    }

    func run() throws {
        Vision.setThreads(1)
        let ours = ["state": Self.measure(steps: steps, renderer: nil),
                    "pixels": Self.measure(steps: steps, renderer: SimStyleRenderer(size: 96))]
        var anchor: [String: Double] = [:]
        var anchorNote = "not measured (--no-anchor)"
        if !noAnchor {
            switch PythonAnchor.run(script: "benchmarks/gym_pusht_bench.py", arguments: [String(anchorSteps)]) {
            case let .success(object):
                anchor["state"] = object["state"] as? Double
                anchor["pixels"] = object["pixels"] as? Double
                anchorNote = "gym-pusht 0.1.8, same machine, same run"
            case let .failure(error):
                anchorNote = "unavailable: \(error)"
            }
        }
        if json {
            var object: [String: Any] = ["steps_per_second": ours, "anchor_note": anchorNote]
            if !anchor.isEmpty {
                object["gym_pusht_steps_per_second"] = anchor
                object["ratio"] = ["state": ours["state"]! / (anchor["state"] ?? .nan),
                                   "pixels": ours["pixels"]! / (anchor["pixels"] ?? .nan)]
            }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print("observation | sim2real steps/s | gym-pusht steps/s | ratio | target")
        for (kind, target) in [("state", 15.0), ("pixels", 8.0)] {
            let mine = ours[kind]!
            let name = kind.padding(toLength: 11, withPad: " ", startingAt: 0)
            if let theirs = anchor[kind] {
                print(name + String(format: " | %16.0f | %17.0f | %5.1fx | >= %.0fx", mine, theirs, mine / theirs, target))
            } else {
                print(name + String(format: " | %16.0f |                 - |     - | >= %.0fx", mine, target))
            }
        }
        print("anchor: \(anchorNote)")
    }

    /// Steps per second with random actions, resetting every 300 steps, rendering each observation if asked.
    static func measure(steps: Int, renderer: SimStyleRenderer?) -> Double {
        var generator = SeededGenerator(seed: 0)
        let environment = PushTEnvironment()
        environment.reset(using: &generator)
        var checksum = 0
        let start = Date()
        for index in 0..<steps {
            if index % 300 == 299 { environment.reset(using: &generator) }
            let result = environment.step(actionX: 512 * generator.nextUnit(), actionY: 512 * generator.nextUnit())
            if let renderer {
                checksum &+= Int(renderer.render(result.state).pixels[0])
            } else {
                checksum &+= result.state.vector.count
            }
        }
        let seconds = Date().timeIntervalSince(start)
        precondition(checksum != Int.min)
        return Double(steps) / seconds
    }
}
