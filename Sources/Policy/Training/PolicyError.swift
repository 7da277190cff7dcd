/// A policy training or evaluation failure that is not about a file's syntax (mismatched checkpoint and run,
/// empty or incompatible dataset), with the file named in the message.
public struct PolicyError: Error, CustomStringConvertible, Equatable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
