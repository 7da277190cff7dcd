/// A pipeline run that could not go on: a stage failed or a requested stage cannot run; the message says which.
public struct RunFailure: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
