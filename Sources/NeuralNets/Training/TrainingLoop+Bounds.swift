import Validation

extension TrainingLoop {
    /// Step counts of a run (total steps, warm-up): ten million is weeks of CPU time for the smallest network here.
    public static let stepCountBounds = Bounds(0...10_000_000)
    /// Step counts that must be at least one (a stop, a checkpoint interval).
    public static let positiveStepBounds = Bounds(1...stepCountBounds.upper)
}
