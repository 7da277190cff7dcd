/// Errors of the editor's own checks (checkpoint formats are `CheckpointError`, image sizes `ImagingError`).
public enum EditorError: Error, CustomStringConvertible, Equatable {
    /// Frame and model sizes that no power-of-two resampling connects.
    case resolution(String)
    /// An editor trained with style hints was asked to edit without them.
    case missingHints(String)

    public var description: String {
        switch self {
        case .resolution(let message), .missingHints(let message): message
        }
    }
}
