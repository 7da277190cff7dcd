import Foundation
import Imaging
import Rendering
import Seeding
import Simulation
import Validation

/// Simulator speed beside gym-pusht 0.1.8 measured in the same run, so the ratio holds on any machine.
public struct SimulatorBenchmark: Codable, Sendable {
    /// Env steps per measurement: fewer than 100 time nothing but the clock; ten million take minutes.
    public static let stepBounds = Bounds(100...10_000_000)

    /// Steps per second with state-only and with 96x96 pixel observations.
    public struct Rates: Codable, Sendable {
        public var state: Double
        public var pixels: Double
    }

    public var stepsPerSecond: Rates
    /// gym-pusht's rates, when the anchor ran.
    public var gymPushtStepsPerSecond: Rates?
    /// Ours over gym-pusht's, when the anchor ran.
    public var ratio: Rates?
    /// Where the anchor figures come from, or why there are none.
    public var anchorNote: String

    /// The script measuring gym-pusht, relative to the repository root.
    public static let anchorScript = "benchmarks/gym_pusht_bench.py"

    /// Times `steps` env steps per observation kind on one thread, and gym-pusht for `anchorSteps` (it is slower)
    /// unless `measureAnchor` is false.
    public static func run(steps: Int, anchorSteps: Int, measureAnchor: Bool = true) -> SimulatorBenchmark {
        Vision.setThreads(1)
        let ours = Rates(state: measure(steps: steps, renderer: nil), pixels: measure(steps: steps, renderer: SimStyleRenderer(size: 96)))
        var result = SimulatorBenchmark(stepsPerSecond: ours, anchorNote: "not measured (--no-anchor)")
        guard measureAnchor else { return result }
        switch PythonAnchor.run(script: anchorScript, arguments: [String(anchorSteps)]) {
        case let .success(object):
            guard let state = object["state"] as? Double, let pixels = object["pixels"] as? Double else {
                result.anchorNote = "unavailable: \(anchorScript) printed no state and pixels rates"
                return result
            }
            result.gymPushtStepsPerSecond = Rates(state: state, pixels: pixels)
            result.ratio = Rates(state: ours.state / state, pixels: ours.pixels / pixels)
            result.anchorNote = "gym-pusht 0.1.8, same machine, same run"
        case let .failure(error):
            result.anchorNote = "unavailable: \(error)"
        }
        return result
    }

    /// Steps per second with random actions, resetting every 300 steps, rendering each observation if asked.
    static func measure(steps: Int, renderer: SimStyleRenderer?) -> Double {
        var generator = SeededGenerator(seed: 0)
        let environment = PushTEnvironment()
        environment.reset(using: &generator)
        var checksum = 0
        let seconds = BenchmarkMeasurements.seconds {
            for index in 0..<steps {
                if index % 300 == 299 { environment.reset(using: &generator) }
                let result = environment.step(actionX: 512 * generator.nextUnit(), actionY: 512 * generator.nextUnit())
                if let renderer {
                    checksum &+= Int(renderer.render(result.state).pixels[0])
                } else {
                    checksum &+= result.state.vector.count
                }
            }
        }
        // Keeps the rendering from being optimized away.
        precondition(checksum != Int.min)
        return Double(steps) / seconds
    }
}
