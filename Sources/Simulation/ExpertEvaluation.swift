import Seeding
/// Runs the scripted expert over episodes from gym-pusht's reset distribution.
public struct ExpertEvaluation: Sendable {
    public struct Episode: Sendable {
        public var seed: UInt64
        public var steps: Int
        public var finalCoverage: Double
        public var maximumCoverage: Double
        public var success: Bool
        /// Largest distance between consecutive actions (px).
        public var largestActionChange: Double
    }

    public var expert = ScriptedExpert()
    public var maxSteps = PushTEnvironment.maxEpisodeSteps

    public init() {}

    /// One episode from `seed`: reset, then expert actions until success or the step limit.
    public func run(seed: UInt64, observe: ((PushTState, (x: Double, y: Double), PushTEnvironment.StepResult) -> Void)? = nil) -> Episode {
        var generator = SeededGenerator(seed: seed)
        let environment = PushTEnvironment()
        var state = environment.reset(using: &generator)
        var previous: (x: Double, y: Double)?
        var largestChange = 0.0
        var coverage = environment.coverage, maximum = coverage
        var steps = 0
        var success = false
        while steps < maxSteps {
            let action = expert.action(for: state)
            if let previous {
                largestChange = max(largestChange, ((action.x - previous.x) * (action.x - previous.x)
                    + (action.y - previous.y) * (action.y - previous.y)).squareRoot())
            }
            previous = action
            let result = environment.step(actionX: action.x, actionY: action.y)
            observe?(state, action, result)
            steps += 1
            state = result.state
            coverage = result.coverage
            maximum = max(maximum, coverage)
            if result.isSuccess { success = true; break }
        }
        return Episode(seed: seed, steps: steps, finalCoverage: coverage, maximumCoverage: maximum,
                       success: success, largestActionChange: largestChange)
    }
}
