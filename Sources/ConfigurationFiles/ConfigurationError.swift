/// A problem in a configuration file (policy, experiment or pipeline), naming the file, the line when known and
/// the dotted field (`training.batch_size`), and what was expected.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int?
    public var field: String?
    public var message: String

    public init(file: String, line: Int? = nil, field: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// The same, with the message last and unlabelled (as pipeline checks read best).
    public init(file: String, line: Int? = nil, field: String? = nil, _ message: String) {
        self.init(file: file, line: line, field: field, message: message)
    }

    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let field { place += ": field '\(field)'" }
        return "\(place): \(message)"
    }
}
