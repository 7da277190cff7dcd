/// A value that breaks a rule: the field it came from (snake_case, as files spell it; a caller may translate it
/// to a flag) and what was expected against what was found.
///
/// Every layer that reads numbers (flags, pipeline and configuration files, datasets, checkpoint metadata)
/// reports its checks with this one type, so a rule gives the same message wherever the value came from.
public struct ValueError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Dotted field path (`model.sampling_steps`).
    public var field: String
    public var message: String

    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }

    /// The same problem seen from the mapping that holds the field (`model` + `channels` -> `model.channels`).
    public func nested(in parent: String) -> ValueError {
        ValueError(field: parent.isEmpty ? field : "\(parent).\(field)", message)
    }
}
