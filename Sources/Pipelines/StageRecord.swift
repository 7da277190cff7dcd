import Foundation

/// `stage.json`: written last into a finished stage's folder; its presence with a matching key is what makes the
/// folder a cache hit.
public struct StageRecord: Codable, Sendable, Equatable {
    public var name: String
    public var kind: String
    public var key: String
    public var toolVersion: String
    /// The working copy's commit when the stage ran (nil outside a git checkout). The key covers the stage's
    /// configuration and inputs, not the code, so a cache hit from another commit is worth a word.
    public var gitCommit: String?
    public var parameters: JSONValue
    /// Input name -> the stages feeding it.
    public var inputs: [String: [String]]
    public var started: Date
    public var ended: Date
    public var seconds: Double
    /// True when this run continued a partial output left by a killed run.
    public var resumed: Bool
    /// Flat metrics, dotted names (`gap.mean_l1`, `episodes`).
    public var metrics: [String: Double]

    public init(name: String, kind: String, key: String, toolVersion: String, parameters: JSONValue,
                inputs: [String: [String]], started: Date, ended: Date, resumed: Bool, metrics: [String: Double],
                gitCommit: String? = nil) {
        self.name = name
        self.kind = kind
        self.key = key
        self.toolVersion = toolVersion
        self.gitCommit = gitCommit
        self.parameters = parameters
        self.inputs = inputs
        self.started = started
        self.ended = ended
        self.seconds = ended.timeIntervalSince(started)
        self.resumed = resumed
        self.metrics = metrics
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    public func encoded() throws -> Data {
        try Self.encoder.encode(self)
    }

    public static func read(_ url: URL) -> StageRecord? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return try? decoder.decode(StageRecord.self, from: data)
    }
}
