/// Problems with a segmenter's configuration or checkpoint, naming the field or file.
public enum SegmenterError: Error, CustomStringConvertible, Equatable {
    case invalidConfiguration(field: String, message: String)
    case invalidCheckpoint(path: String, reason: String)
    /// Labeled images that cannot be training examples (sizes that differ, labels that do not match).
    case invalidExamples(String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let field, let message): "segmenter configuration: \(field): \(message)"
        case .invalidCheckpoint(let path, let reason): "segmenter checkpoint \(path): \(reason)"
        case .invalidExamples(let reason): "segmenter examples: \(reason)"
        }
    }
}
