/// The outside formats `dataset import` reads and `dataset export` writes.
public enum ExchangeFormat: String, Sendable, Codable, CaseIterable {
    /// diffusion_policy's replay buffer (zarr v2).
    case zarr
    /// One folder per episode: PNG frames and `episode.csv` (see `EpisodeFolderLayout`).
    case folder
    /// A LeRobotDataset folder, v2.1 or v3.0 (see `LeRobotDatasetReader`).
    case lerobot

    /// A reader of the episodes at `path`, whose frames must be `imageSize` px squares; `imageKey` picks the
    /// camera of a LeRobot dataset (the other formats have one).
    public func reader(_ path: String, imageSize: Int, imageKey: String? = nil) throws -> EpisodeSource {
        if imageKey != nil && self != .lerobot {
            throw DatasetError(file: path, "an image key applies to LeRobot datasets only; \(rawValue) data has one camera")
        }
        return switch self {
        case .zarr: try ReplayBufferReader(folder: path, imageSize: imageSize)
        case .folder: try EpisodeFolderReader(folder: path, imageSize: imageSize)
        case .lerobot: try LeRobotDatasetReader(folder: path, imageSize: imageSize, imageKey: imageKey)
        }
    }
}
