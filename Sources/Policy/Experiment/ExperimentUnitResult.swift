/// What one (variant, seed, sample count) unit of an experiment measured; saved as JSON as soon as the unit
/// finishes, so a killed experiment resumes without redoing it.
public struct ExperimentUnitResult: Sendable, Codable, Equatable {
    /// MSE of normalized actions on the real test frames.
    public var mse: Double
    /// Training frames seen (0 for the random initialization).
    public var trainingFrames: Int
    public var steps: Int
    public var seconds: Double
    /// The policy rolled out in the experiment's closed-loop scene, when this unit is one that is.
    public var closedLoop: ClosedLoopResult?

    enum CodingKeys: String, CodingKey { case mse, trainingFrames = "training_frames", steps, seconds, closedLoop = "closed_loop" }
}
