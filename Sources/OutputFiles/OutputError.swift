/// Why a command may not write an output path, or another process holds it; the message names the path, what is
/// there and what the user can do.
public struct OutputError: Error, Sendable, CustomStringConvertible, Equatable {
    public var path: String
    public var message: String

    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
