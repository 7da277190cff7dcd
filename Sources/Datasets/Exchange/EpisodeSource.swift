/// Outside data read one episode at a time (a replay buffer, a folder of episodes), so imports stream.
public protocol EpisodeSource {
    /// Where the data comes from, for metadata and messages.
    var location: String { get }
    /// The format name recorded in the dataset's metadata ("zarr", "folder").
    var format: String { get }
    var episodeCount: Int { get }
    /// Whether states carry the block pose (else only the agent position is known).
    var blockPoseKnown: Bool { get }
    /// Episode `index`, checked (sizes, counts, values); errors name the file and field.
    func episode(_ index: Int) throws -> ImportedEpisode
}
