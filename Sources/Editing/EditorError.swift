/// Errors of the editor's own checks (checkpoint formats are `CheckpointError`, image sizes `ImagingError`).
public enum EditorError: Error, CustomStringConvertible, Equatable {
    /// Frame and model sizes that no power-of-two resampling connects.
    case resolution(String)
    /// An editor trained with style hints was asked to edit without them.
    case missingHints(String)
    /// `initial_weights` of a pretraining configuration that cannot seed the model (missing file, other sizes).
    case invalidInitialWeights(path: String, reason: String)
    /// A specialization's reward log that cannot be created, appended to or trimmed to its checkpoint.
    case rewardLog(path: String, reason: String)
    /// Reference frames an editor cannot be fitted to (too few).
    case references(String)

    public var description: String {
        switch self {
        case .resolution(let message), .missingHints(let message), .references(let message): message
        case .invalidInitialWeights(let path, let reason): "initial_weights \(path): \(reason)"
        case .rewardLog(let path, let reason): "reward log \(path): \(reason)"
        }
    }
}
