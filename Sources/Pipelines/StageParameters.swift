import Validation

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
    /// Rejects values and combinations the types allow but the stage does not (out of `Bounds`, conflicting
    /// fields); the error names the field. A command calls it on the parameters its flags build, so a flag and
    /// its pipeline-file twin follow the same rules.
    func validate() throws(ValueError)
}

extension StageParameters {
    public static var requiredFields: [String] { [] }
    public var contentFiles: [String] { [] }
    public var contentFolders: [String] { [] }
    public func validate() throws(ValueError) {}
}
