/// A stage input: the YAML key naming other stages, what they must produce, and whether a list is taken.
public struct InputSpec: Sendable {
    public var name: String
    public var accepts: OutputType
    public var list: Bool
    public var required: Bool

    public init(_ name: String, _ accepts: OutputType, list: Bool = false, required: Bool = true) {
        self.name = name
        self.accepts = accepts
        self.list = list
        self.required = required
    }
}
