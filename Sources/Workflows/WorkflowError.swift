/// A workflow that cannot go on because of what it was given (a file's content, an output that exists, a
/// dataset without masks); the message names the file and what was expected.
public struct WorkflowError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
