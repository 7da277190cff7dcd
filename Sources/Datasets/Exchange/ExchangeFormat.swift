/// The outside formats `dataset import` reads and `dataset export` writes.
public enum ExchangeFormat: String, Sendable, Codable, CaseIterable {
    /// diffusion_policy's replay buffer (zarr v2).
    case zarr
    /// One folder per episode: PNG frames and `episode.csv` (see `EpisodeFolderLayout`).
    case folder

    /// A reader of the episodes at `path`, whose frames must be `imageSize` px squares.
    public func reader(_ path: String, imageSize: Int) throws -> EpisodeSource {
        switch self {
        case .zarr: try ReplayBufferReader(folder: path, imageSize: imageSize)
        case .folder: try EpisodeFolderReader(folder: path, imageSize: imageSize)
        }
    }
}
