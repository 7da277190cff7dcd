/// What a dataset holds, in the figures people check first: size, how many episodes succeeded, and the metadata
/// that says how it was made.
public struct DatasetSummary: Codable, Sendable, Equatable {
    public var file: String
    public var episodes: Int
    public var frames: Int
    /// Fraction of episodes that reached the success coverage (0 for an empty dataset).
    public var successRate: Double
    public var meanFinalCoverage: Double
    /// Size of the file on disk.
    public var bytes: Int
    /// Metadata without `scene` (the whole scene file's text; `scene_path` names it).
    public var metadata: [String: String]

    /// Keys as scripts read them, whatever encoder writes the summary.
    enum CodingKeys: String, CodingKey {
        case file, episodes, frames, bytes, metadata
        case successRate = "success_rate"
        case meanFinalCoverage = "mean_final_coverage"
    }

    /// Reads the figures from an open dataset.
    public init(_ store: DatasetStore) throws {
        let summaries = try store.episodes()
        file = store.path
        episodes = summaries.count
        frames = try store.frameCount()
        successRate = summaries.isEmpty ? 0 : Double(summaries.filter(\.success).count) / Double(summaries.count)
        meanFinalCoverage = summaries.isEmpty ? 0 : summaries.map(\.finalCoverage).reduce(0, +) / Double(summaries.count)
        bytes = store.fileSize
        metadata = try store.metadata().filter { $0.key != "scene" }
    }

    /// Episodes that reached the success coverage.
    public var successes: Int { Int((successRate * Double(episodes)).rounded()) }
}
