/// Failures reading, writing or processing images; each names the file or operation involved.
public enum ImagingError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case invalidPNG(source: String, reason: String)
    case unwritable(path: String, reason: String)
    case vision(operation: String, message: String)
    case sizeMismatch(operation: String, expected: String, found: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): "cannot read image \(path): \(reason)"
        case let .invalidPNG(source, reason): "\(source) is not a valid PNG: \(reason)"
        case let .unwritable(path, reason): "cannot write image \(path): \(reason)"
        case let .vision(operation, message): "OpenCV \(operation) failed: \(message)"
        case let .sizeMismatch(operation, expected, found): "\(operation): expected \(expected), found \(found)"
        }
    }
}
