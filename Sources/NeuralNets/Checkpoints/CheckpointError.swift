/// Problems reading or applying a checkpoint; each names the file and, where there is one, the key.
public enum CheckpointError: Error, CustomStringConvertible, Equatable {
    case unreadable(file: String, reason: String)
    case malformed(file: String, reason: String)
    case unsupportedType(file: String, key: String, dtype: String)
    case missingKey(file: String, key: String, expectedShape: [Int])
    case unexpectedKey(file: String, key: String, shape: [Int])
    case shapeMismatch(file: String, key: String, expected: [Int], found: [Int])
    case nonFinite(file: String, key: String, index: Int)
    case unwritable(file: String, reason: String)
    /// The configuration stored in the metadata (a model's sizes, its sampling settings) breaks a rule, so the
    /// model it describes cannot be built or run.
    case invalidConfiguration(file: String, field: String, message: String)

    public var description: String {
        switch self {
        case let .unreadable(file, reason): "cannot read checkpoint \(file): \(reason)"
        case let .malformed(file, reason): "checkpoint \(file) is not valid safetensors: \(reason)"
        case let .unsupportedType(file, key, dtype): "checkpoint \(file): tensor '\(key)' has dtype \(dtype); supported: F32, F16, BF16, F64"
        case let .missingKey(file, key, shape): "checkpoint \(file) lacks '\(key)' (the model expects shape \(shape))"
        case let .unexpectedKey(file, key, shape): "checkpoint \(file) has '\(key)' \(shape), which the model does not have"
        case let .shapeMismatch(file, key, expected, found): "checkpoint \(file): '\(key)' has shape \(found), the model expects \(expected)"
        case let .nonFinite(file, key, index): "checkpoint \(file): '\(key)' holds a NaN or infinity at element \(index)"
        case let .unwritable(file, reason): "cannot write checkpoint \(file): \(reason)"
        case let .invalidConfiguration(file, field, message):
            "checkpoint \(file): its stored configuration cannot be used: field '\(field)' \(message)"
        }
    }
}
