/// A problem with a pipeline file or run: names the file, the line (when known) and the field.
public struct PipelineError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int?
    public var field: String?
    public var message: String

    public init(file: String, line: Int? = nil, field: String? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let field { place += ": field '\(field)'" }
        return "\(place): \(message)"
    }
}
