/// A stage kind's parameters: a struct whose defaults (`init()`) are the only defaults, decoded from a pipeline
/// file's snake_case keys over those defaults, and encoded into the stage's cache key.
public protocol StageParameters: Codable, Hashable, Sendable {
    /// Every field at its default; required fields hold a placeholder that `requiredFields` forbids keeping.
    init()
    /// Fields (snake_case, as in the file) a pipeline must give.
    static var requiredFields: [String] { get }
    /// Files whose content is part of the cache key (a scene, a configuration and the files it names).
    var contentFiles: [String] { get throws }
    /// Folders whose files' content is part of the cache key.
    var contentFolders: [String] { get }
    /// Rejects combinations the types allow but the stage does not; the message names the field.
    func validate() throws(StageParameterError)
}

extension StageParameters {
    public static var requiredFields: [String] { [] }
    public var contentFiles: [String] { [] }
    public var contentFolders: [String] { [] }
    public func validate() throws(StageParameterError) {}
}

/// A parameter value a stage does not accept, naming the field (snake_case) and what was expected.
public struct StageParameterError: Error, Sendable, CustomStringConvertible {
    public var field: String
    public var message: String

    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
