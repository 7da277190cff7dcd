/// Where a running experiment is, for progress lines: optimizer steps over all units (finished units of an
/// earlier run included), the unit being worked on, and a line when a unit finishes.
public struct ExperimentProgress: Sendable {
    public var unit: String
    public var completedSteps: Int
    public var totalSteps: Int
    /// The last batch loss of the unit, when it is training.
    public var loss: Float?
    /// Set once when a unit finishes (its result) or is skipped.
    public var message: String?
}
